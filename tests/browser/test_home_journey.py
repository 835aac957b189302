"""A practitioner's first day: no staff link, told why; linked by the administrator; then
their home lists the audits of their cases. Axe on each page, at 1,280 and 375 px wide."""

from __future__ import annotations

from typing import Any

import pytest

from audits.audit_world import build_world
from cases.factories import make_user
from yjaudit.audits.models import AuditStatus, CaseAudit
from yjaudit.organisations.models import Role

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


def _nav(page: Any) -> Any:
    return page.locator(".govuk-service-navigation")


def _check_both_widths(page: Any, assert_accessible: Any) -> None:
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        assert_accessible(page)
    page.set_viewport_size(WIDE)


def test_practitioner_told_why_then_linked_sees_their_cases_audits(
    page: Any, login: Any, assert_accessible: Any, transactional_db: Any
) -> None:
    world = build_world(n=6)
    admin = make_user("derby-admin", world.service, Role.ADMINISTRATOR)
    admin.first_name, admin.last_name = "Priya", "Shah"
    admin.save()
    newcomer = make_user("newcomer", world.service, Role.PRACTITIONER)
    newcomer.first_name, newcomer.last_name = "Jordan", "Lee"
    newcomer.save()
    theirs = world.staff[1]  # Sam Patel, not linked to any account
    CaseAudit.objects.filter(case__case_manager=theirs).update(status=AuditStatus.SUBMITTED)
    references = sorted(
        CaseAudit.objects.filter(case__case_manager=theirs).values_list(
            "case__reference", flat=True
        )
    )
    assert references

    # 1. Signed in with no staff record: the home page says why, and whom to ask.
    login(page, newcomer)
    page.goto("/")
    banner = page.locator(".govuk-notification-banner")
    banner.get_by_text("not linked to a staff record in Derby YJS").wait_for()
    assert "Priya Shah" in banner.inner_text()
    assert _nav(page).get_by_role("link", name="My case audits (0)").count() == 1
    for ref in references:
        assert page.get_by_text(ref).count() == 0
    _check_both_widths(page, assert_accessible)
    page.goto("/audits/mine/")
    page.get_by_text("Priya Shah").wait_for()
    _check_both_widths(page, assert_accessible)

    # 2. The administrator links the account to the staff record.
    login(page, admin)
    page.goto(f"/accounts/users/{newcomer.pk}/")
    page.get_by_label("Staff record").select_option(label="Sam Patel (Case manager)")
    _check_both_widths(page, assert_accessible)
    page.get_by_role("button", name="Save staff record in DERBY").click()
    page.get_by_text("Staff record updated.").wait_for()
    page.goto("/organisations/DERBY/")
    page.get_by_role("cell", name="Jordan Lee").wait_for()
    assert page.get_by_text("newcomer").count() == 0

    # 3. The practitioner's home now lists their cases' audits.
    login(page, newcomer)
    page.goto("/")
    section = page.locator('[data-work="own_audits"]')
    section.wait_for()
    for ref in references:
        assert section.get_by_role("link", name=ref).count() == 1
    assert page.locator(".govuk-notification-banner").count() == 0
    assert _nav(page).get_by_role("link", name=f"My case audits ({len(references)})").count() == 1
    _check_both_widths(page, assert_accessible)
