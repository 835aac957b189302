"""Done-when journey for the case audit (issue 4), as new users would walk it:

an auditor answers a case across all its standards (one answer saved as they go, by
the page's script) and submits; a second marker moderates it blind; the QA lead
resolves the difference and signs off; the results move; the case manager reads the
feedback. axe checks each page for WCAG 2.2 AA.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for audits.audit_world

from audits.audit_world import build_world
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.models import AuditStatus, CaseAnswer, Resolution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_NOTE = "Assessment seen in AssetPlus"
SECOND_NOTE = "Second marker view"


def answer_page(page: Any, value: str, note: str, *, first_by_hand: bool = True) -> None:
    """Answer every question on a standard page: the first by hand (the script saves it
    as it changes), the rest in one go, as a fast auditor would; then save."""
    boxes = page.locator("[data-question]")
    if first_by_hand:
        first = boxes.first
        first.locator(f"input[type=radio][value={value}]").check()
        page.locator("#autosave-status").get_by_text(re.compile("Saved")).wait_for()
    page.evaluate(
        """([value, note]) => {
            document.querySelectorAll('[data-question]').forEach((box) => {
              const radio = box.querySelector(`input[type=radio][value="${value}"]`);
              if (radio) radio.checked = true;
              const text = box.querySelector('textarea');
              if (text) text.value = note;
            });
        }""",
        [value, note],
    )


def test_case_audit_journey(page: Any, browser_context: Any, login: Any, assert_accessible: Any):
    world = build_world(n=4)
    audit = next(a for a in world.audits if a.case.case_manager_id == world.staff[0].pk)
    ref = audit.case.reference

    # The auditor answers every standard of the case and submits.
    login(page, world.users["auditor"])
    page.goto(f"/audits/round/{world.round.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=ref).click()
    page.get_by_role("heading", name=f"Case audit {ref}").wait_for()
    assert_accessible(page)
    page.locator("#standards a").first.click()
    assert_accessible(page)
    while True:
        answer_page(page, "yes", FIRST_NOTE)
        more = page.get_by_role("button", name="Save and continue")
        if more.count():
            with page.expect_navigation():
                more.click()
        else:
            with page.expect_navigation():
                page.get_by_role("button", name="Save and return to the case").click()
            break
    page.get_by_label("Yes").check()
    page.get_by_label("Feedback for the case manager").fill("Good analysis of desistance.")
    page.get_by_role("button", name="Save details").click()
    page.get_by_role("button", name="Submit the case audit").click()
    # A confirmation page first (issue 16): nothing is submitted before confirming.
    page.get_by_role("button", name="Confirm and submit").click()
    page.locator("#status").get_by_text("Submitted").wait_for()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED and audit.case_manager_present is True
    before = results.round_score(world.round).result
    browser_context.clear_cookies()

    # The QA lead chooses the case for blind second marking.
    login(page, world.users["qa"])
    page.goto(f"/audits/round/{world.round.pk}/moderation/")
    assert_accessible(page)
    page.get_by_label(ref).check()
    page.get_by_role("button", name="Choose cases for second marking").click()
    page.locator("#selected").get_by_text(ref).wait_for()
    browser_context.clear_cookies()

    # The second marker marks blind: the first marks are nowhere on their pages.
    login(page, world.users["second"])
    page.goto(f"/audits/round/{world.round.pk}/")
    page.get_by_role("link", name=f"Second-mark {ref}").click()
    assert_accessible(page)
    page.locator("#second-progress a").first.click()
    first_page = True
    while True:
        html = page.content()
        assert FIRST_NOTE not in html and " checked" not in html
        if first_page:
            assert_accessible(page)
        answer_page(page, "yes", SECOND_NOTE, first_by_hand=False)
        if first_page:  # the second marker disagrees on the first key question
            page.locator("[id^=q-] input[type=radio][value=no]").first.check()
            first_page = False
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("^Save")).click()
        if page.get_by_role("button", name="Finish second marking").count():
            break
    page.get_by_role("button", name="Finish second marking").click()
    page.get_by_role("heading", name=re.compile("Case audits")).wait_for()
    browser_context.clear_cookies()

    # The QA lead sees both rationales, resolves the difference, moderates, signs off.
    login(page, world.users["qa"])
    page.goto(f"/audits/{audit.pk}/differences/")
    assert_accessible(page)
    page.locator("#difference-standards a").first.click()
    card = page.locator(".govuk-summary-card").first
    card.get_by_text(FIRST_NOTE).wait_for()
    card.get_by_text(SECOND_NOTE).wait_for()
    assert_accessible(page)
    card.locator("input[type=radio][value=no]").check()
    card.get_by_label(re.compile("^Reason")).fill("Planning does not address desistance factors.")
    page.get_by_role("button", name="Save the answers chosen").click()
    page.get_by_text("1 difference resolved.").wait_for()
    page.goto(f"/audits/{audit.pk}/")
    page.get_by_role("button", name="Mark as moderated").click()
    page.get_by_role("button", name="Confirm: mark as moderated").click()
    page.locator("#status").get_by_text("Moderated").wait_for()
    page.get_by_role("button", name="Sign off").click()
    # A confirmation page says what is being signed off (issue 9.4).
    page.get_by_role("heading", name=f"Sign off the case audit: {ref}").wait_for()
    page.locator("#what").get_by_text(world.users["auditor"].get_username()).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Sign off").click()
    page.locator("#status").get_by_text("Signed off").wait_for()
    assert Resolution.objects.filter(audit=audit).count() == 1
    resolved = Resolution.objects.get(audit=audit)
    assert CaseAnswer.objects.get(audit=audit, question_id=resolved.question_id).value == "no"

    # The results moved with the resolution.
    after = results.round_score(world.round).result
    assert after != before
    page.goto(f"/audits/round/{world.round.pk}/results/")
    assert_accessible(page)
    sid = next(
        s.id for s in after.standards if s.figure.percent != before.standard(s.id).figure.percent
    )
    row = page.locator(f"#standard-{sid.replace('.', '')}")
    assert f"{after.standard(sid).figure.percent}%" in row.inner_text()
    browser_context.clear_cookies()

    # The case manager reads the feedback on their own case, and sees no one else's.
    login(page, world.users["practitioner"])
    page.goto("/audits/mine/")
    assert_accessible(page)
    page.get_by_role("link", name=ref).click()
    page.get_by_text("Good analysis of desistance.").wait_for()
    assert FIRST_NOTE in page.content()
    assert_accessible(page)
    others = [a.case.reference for a in world.audits if a.pk != audit.pk]
    page.goto("/audits/mine/")
    assert not any(o in page.locator("main").inner_text() for o in others)
