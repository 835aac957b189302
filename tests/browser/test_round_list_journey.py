"""A round's case audits as a list that scales (issue 16 item 7), on a phone: a QA lead
searches by reference, filters by auditor and status, sorts, and clears the filters.
axe checks each step at 375 px, and the page never gets wider than the phone."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for audits.audit_world

from audits.audit_world import build_world
from yjaudit.audits.models import AuditStatus, CaseAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def _fits(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _refs(page: Any) -> list[str]:
    return page.locator("#case-audits tbody th a").all_inner_texts()


def test_filter_sort_and_clear_the_case_audits_on_a_phone(
    page: Any, login: Any, assert_accessible: Any
) -> None:
    world = build_world(n=6)
    auditor = world.users["auditor"]
    auditor.first_name, auditor.last_name = "Ada", "Auditor"
    auditor.save()
    first, second = world.audits[0], world.audits[1]
    CaseAudit.objects.filter(pk__in=[first.pk, second.pk]).update(auditor=auditor)
    CaseAudit.objects.filter(pk=second.pk).update(status=AuditStatus.SUBMITTED)
    login(page, world.users["qa"])
    page.set_viewport_size(PHONE)

    page.goto(f"/audits/round/{world.round.pk}/")
    page.locator("#audit-count").get_by_text("6 case audits").wait_for()
    assert _fits(page)
    assert_accessible(page)

    page.get_by_label("Case reference").fill(first.case.reference[-4:])
    page.get_by_role("button", name="Apply filters").click()
    page.locator("#audit-count").get_by_text("1 case audit").wait_for()
    assert _refs(page) == [first.case.reference]

    page.get_by_label("Case reference").fill("")
    page.get_by_label("Auditor", exact=True).select_option(label="Ada Auditor")
    page.get_by_role("button", name="Apply filters").click()
    page.locator("#audit-count").get_by_text("2 case audits").wait_for()
    page.locator("#case-audits th", has_text="Status").get_by_role("link").click()
    page.wait_for_url("**sort=status")
    assert f"auditor={auditor.pk}" in page.url
    assert _refs(page) == [first.case.reference, second.case.reference]
    assert page.locator("#case-audits th[aria-sort=ascending]").inner_text() == "Status"
    assert _fits(page)
    assert_accessible(page)

    page.get_by_label("Status").select_option(label="Signed off")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_text("No case audits match.").wait_for()
    assert_accessible(page)
    page.locator("#no-match").get_by_role("link", name="Clear filters").click()
    page.locator("#audit-count").get_by_text("6 case audits").wait_for()
    assert "sort=status" in page.url and "auditor" not in page.url
    assert _fits(page)
