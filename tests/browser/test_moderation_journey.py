"""Issue 16 journey: the QA lead bulk-assigns an auditor and a second marker, the second
marker marks blind, the QA lead resolves one standard's differences with "accept all"
and signs off through the confirmation pages. axe checks each page."""

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


def _fill(page: Any, value: str) -> None:
    page.evaluate(
        """(value) => {
            document.querySelectorAll('[data-question]').forEach((box) => {
              const radio = box.querySelector(`input[type=radio][value="${value}"]`);
              if (radio) radio.checked = true;
            });
        }""",
        value,
    )


def test_assign_second_mark_accept_all_and_sign_off(
    page: Any, browser_context: Any, login: Any, assert_accessible: Any
) -> None:
    world = build_world(n=3)
    names = {"qa": ("Quinn", "Lead"), "auditor": ("Ada", "Auditor"), "second": ("Sam", "Second")}
    for key, (first, last) in names.items():
        user = world.users[key]
        user.first_name, user.last_name = first, last
        user.save()
    audit = world.audits[0]
    ref = audit.case.reference

    # The QA lead assigns all three cases at once.
    login(page, world.users["qa"])
    page.goto(f"/audits/round/{world.round.pk}/")
    page.get_by_role("link", name="Assign auditors and second markers").click()
    assert_accessible(page)
    for a in world.audits:
        page.get_by_label(f"Choose {a.case.reference}").check()
    page.get_by_label("Auditor", exact=True).select_option(label="Ada Auditor")
    page.get_by_label("Second marker", exact=True).select_option(label="Sam Second")
    page.get_by_role("button", name="Assign the ticked case audits").click()
    page.get_by_text("Assigned 3 case audits.").wait_for()
    assert_accessible(page)
    table = page.locator("#assign-table").inner_text()
    assert table.count("Ada Auditor") == 3 and table.count("Sam Second") == 3
    browser_context.clear_cookies()

    # The auditor's answers arrive (as an import would), and the case is submitted.
    auditor = world.users["auditor"]
    audit.refresh_from_db()
    layout = audit_selectors.audit_layout(audit)
    audit_services.save_answers(
        actor=auditor,
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes", "seen") for s in layout for q in s.visible],
    )
    audit_services.submit(actor=auditor, audit=audit)

    # The second marker marks blind: "partly" on the first standard, "yes" elsewhere.
    login(page, world.users["second"])
    page.goto(f"/audits/round/{world.round.pk}/")
    page.get_by_role("link", name=f"Second-mark {ref}").click()
    assert_accessible(page)
    page.locator("#second-progress a").first.click()
    first_page = True
    while True:
        if first_page:
            assert_accessible(page)
        _fill(page, "partly" if first_page else "yes")
        first_page = False
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("^Save")).click()
        if page.get_by_role("button", name="Finish second marking").count():
            break
    page.get_by_role("button", name="Finish second marking").click()
    page.get_by_role("heading", name=re.compile("Case audits")).wait_for()
    browser_context.clear_cookies()

    # The QA lead resolves the first standard's differences with "accept all".
    n = len(layout[0].visible)
    login(page, world.users["qa"])
    page.goto(f"/audits/{audit.pk}/")
    page.locator("#differences-count").get_by_text(re.compile(f"^{n} difference")).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Review and resolve the differences").click()
    assert_accessible(page)
    page.locator("#difference-standards a").first.click()
    assert "Partly" in page.locator(".govuk-summary-card").first.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Accept all of Sam Second")).click()
    page.get_by_text(re.compile(r"resolved\. 0 still to resolve")).wait_for()
    assert_accessible(page)
    page.goto(f"/audits/{audit.pk}/")
    page.locator("#differences-count").get_by_text(re.compile("resolved")).wait_for()
    page.get_by_role("button", name="Mark as moderated").click()
    page.get_by_role("heading", name=f"Mark the case audit as moderated: {ref}").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm: mark as moderated").click()
    page.get_by_role("button", name="Sign off").click()
    page.get_by_role("heading", name=f"Sign off the case audit: {ref}").wait_for()
    page.locator("#what").get_by_text("Ada Auditor").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Sign off").click()
    page.locator("#status").get_by_text("Signed off").wait_for()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SIGNED_OFF
    first_ids = [q.id for q in layout[0].visible]
    assert set(
        CaseAnswer.objects.filter(audit=audit, question_id__in=first_ids).values_list(
            "value", flat=True
        )
    ) == {"partly"}
