"""Saves that never fail silently and one submit (issue 9), as an auditor meets them.

- Autosave against a server that fails a save: the page says "Not saved" (in the status
  line, announced, and on the question), keeps the answer, tries again and only then says
  "Saved"; the answer is stored once.
- An auditor types feedback and submits: the feedback is saved with the submission.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for audits.audit_world

from audits.audit_world import build_world
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audits.models import AuditStatus, CaseAnswer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
FEEDBACK = "Good analysis of desistance; record the victim's views next time."


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("failure", [500, 503, "abort"])
def test_autosave_failure_is_shown_as_not_saved_then_retried(
    page: Any, login: Any, assert_accessible: Any, failure: Any
) -> None:
    world = build_world(n=2)
    audit = world.audit()
    login(page, world.users["auditor"])
    page.goto(f"/audits/{audit.pk}/standard/2.1/")
    q = "2.1.1"
    calls: list[str] = []

    def fail_once(route: Any) -> None:
        calls.append(route.request.method)
        if len(calls) > 1:
            route.continue_()
        elif failure == "abort":
            route.abort("connectionreset")
        else:
            route.fulfill(status=failure, body="Server Error", content_type="text/html")

    page.route(re.compile(r"/audits/\d+/standard/[^/]+/save/$"), fail_once)
    page.locator(f'[data-question="{q}"] input[type=radio][value=yes]').check()
    status = page.locator("#autosave-status")
    status.get_by_text(re.compile("^Not saved")).wait_for()
    assert "Saved" not in status.inner_text()
    box = page.locator(f'[data-question="{q}"]')
    box.get_by_text("Not saved yet").wait_for()
    assert box.locator("input[value=yes]").is_checked()  # the answer is kept
    assert not CaseAnswer.objects.filter(audit=audit, question_id=q).exists()
    if failure == 500:
        shot(page, "autosave-not-saved")
        assert_accessible(page)
    # The retry (after about a second) reaches the server: only now "Saved".
    status.get_by_text(f"Saved {q}.").wait_for()
    assert box.get_by_text("Not saved yet").count() == 0
    assert CaseAnswer.objects.get(audit=audit, question_id=q).value == "yes"
    assert len(calls) == 2


def test_quick_changes_are_saved_in_order_and_never_called_someone_elses(
    page: Any, login: Any
) -> None:
    """Two changes of one answer while the first save is still on its way: the second
    waits for the first, the last answer is what is stored, and no "someone else"."""
    world = build_world(n=2)
    audit = world.audit()
    login(page, world.users["auditor"])
    page.goto(f"/audits/{audit.pk}/standard/2.1/")
    q = "2.1.1"
    held: list[Any] = []
    sent: list[str] = []

    def hold_first(route: Any) -> None:
        sent.append(route.request.post_data or "")
        if not held:
            held.append(route)  # answered below, after the second change
        else:
            route.continue_()

    page.route(re.compile(r"/audits/\d+/standard/[^/]+/save/$"), hold_first)
    radio = page.locator(f'[data-question="{q}"] input[type=radio][value=yes]')
    radio.check()
    page.wait_for_function("() => document.getElementById('autosave-status').textContent")
    page.locator(f'[data-question="{q}"] input[type=radio][value=partly]').check()
    page.wait_for_timeout(300)
    assert len(sent) == 1  # the second save waits for the first
    held[0].continue_()
    for _ in range(50):
        row = CaseAnswer.objects.filter(audit=audit, question_id=q).first()
        if row is not None and row.value == "partly" and len(sent) == 2:
            break
        page.wait_for_timeout(200)
    page.locator("#autosave-status").get_by_text(f"Saved {q}.").wait_for()
    assert CaseAnswer.objects.get(audit=audit, question_id=q).value == "partly"
    assert "Someone else" not in page.locator("#autosave-status").inner_text()
    assert len(sent) == 2


def test_autosave_refused_by_the_server_is_not_saved_and_not_retried(page: Any, login: Any) -> None:
    world = build_world(n=2)
    audit = world.audit()
    login(page, world.users["auditor"])
    page.goto(f"/audits/{audit.pk}/standard/2.1/")
    # Someone closes the case audit meanwhile (submitted elsewhere): the save is refused.
    audit_services.save_answers(
        actor=world.users["qa"],
        audit=audit,
        version=audit.version,
        answers=[
            AnswerInput(q.id, "yes", "")
            for s in audit_selectors.audit_layout(audit)
            for q in s.visible
        ],
    )
    audit_services.submit(actor=world.users["qa"], audit=audit)
    page.locator('[data-question="2.1.1"] input[type=radio][value=no]').check()
    page.locator("#autosave-status").get_by_text(re.compile("^Not saved: 2.1.1")).wait_for()
    assert CaseAnswer.objects.get(audit=audit, question_id="2.1.1").value == "yes"


def test_auditor_types_feedback_and_submits_and_the_feedback_is_there(
    page: Any, login: Any, assert_accessible: Any
) -> None:
    world = build_world(n=2)
    audit = world.audit()
    items = [
        AnswerInput(q.id, "yes", "seen")
        for s in audit_selectors.audit_layout(audit)
        for q in s.visible
    ]
    audit_services.save_answers(
        actor=world.users["auditor"], audit=audit, version=audit.version, answers=items
    )
    login(page, world.users["auditor"])
    page.goto(f"/audits/{audit.pk}/")
    page.get_by_label("Yes").check()
    page.get_by_label("Feedback for the case manager").fill(FEEDBACK)
    shot(page, "case-audit-details-and-submit")
    assert_accessible(page)
    # Straight to submit, without "Save details" first.
    page.get_by_role("button", name="Submit the case audit").click()
    page.get_by_role("button", name="Confirm and submit").click()
    page.locator("#status").get_by_text("Submitted").wait_for()
    page.get_by_text(FEEDBACK).wait_for()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED
    assert (audit.summary, audit.case_manager_present) == (FEEDBACK, True)


def test_return_and_sign_off_confirmation_pages(
    page: Any, login: Any, assert_accessible: Any
) -> None:
    world = build_world(n=2)
    audit = world.audit()
    items = [
        AnswerInput(q.id, "yes", "seen")
        for s in audit_selectors.audit_layout(audit)
        for q in s.visible
    ]
    audit_services.save_answers(
        actor=world.users["auditor"], audit=audit, version=audit.version, answers=items
    )
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    login(page, world.users["qa"])
    page.goto(f"/audits/{audit.pk}/")
    page.get_by_role("link", name="Return with comments").click()
    page.locator("#what").get_by_text(audit.case.reference).wait_for()
    shot(page, "return-confirmation")
    assert_accessible(page)
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("button", name="Mark as moderated").click()
    page.get_by_role("button", name="Confirm: mark as moderated").click()
    page.get_by_role("button", name="Sign off").click()
    page.get_by_role("heading", name=re.compile("^Sign off the case audit")).wait_for()
    shot(page, "sign-off-confirmation")
    assert_accessible(page)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATED
    page.get_by_role("button", name="Sign off").click()
    page.locator("#status").get_by_text("Signed off").wait_for()
