"""Help where it is needed and lists that scale (issue 16, items 7 and 9), as a QA lead
would walk them: open the import page, read the expected columns, download the Excel
template and import it back; then sort and page the cases list. axe checks each page at
1,280 and 375 px wide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cases.factories import make_caseload, make_people, make_service, make_user
from yjaudit.cases.importing.fields import FIELDS
from yjaudit.cases.models import Case
from yjaudit.organisations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


def _fits(page: Any, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("screen", list(WIDTHS))
def test_template_round_trip_then_sort_and_page_the_cases(
    page: Any, login: Any, assert_accessible: Any, screen: str
) -> None:
    service = make_service("ALPHA", "Alpha YJS")
    make_people(service)
    make_caseload(service, 120)
    login(page, make_user("qa", service, Role.QA_LEAD))
    viewport = WIDTHS[screen]
    page.set_viewport_size(viewport)

    page.goto("/cases/ALPHA/import/")
    table = page.locator("#expected-columns")
    assert table.locator("tbody tr").count() == len(FIELDS)
    assert "One of: Referral order" in table.inner_text()
    assert_accessible(page)
    assert _fits(page, viewport["width"])

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template (Excel)").click()
    name = download.value.suggested_filename
    assert name == "cases-import-template.xlsx"
    data = Path(download.value.path()).read_bytes()

    page.get_by_label("Upload a case management export").set_input_files(
        {"name": name, "mimeType": XLSX, "buffer": data}
    )
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("heading", name="Match the columns").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    assert page.locator("#count-create").inner_text() == "1"
    assert page.locator("#count-reject").inner_text() == "0"
    page.get_by_role("button", name="Import these cases").click()
    page.locator("#job-counts").wait_for()  # the import ran as a job (eager in tests)
    assert "1" in page.locator("#job-counts").inner_text()
    assert Case.objects.filter(service=service, reference="YJ/2025/0001").exists()

    # The cases list: 121 cases, by reference; sort by start date, newest first; page 2.
    page.goto("/cases/")
    page.get_by_text("121 cases").wait_for()
    start = page.locator("th", has_text="Start")
    assert start.get_attribute("aria-sort") == "none"
    start.get_by_role("link").click()
    page.wait_for_url("**sort=start")
    assert page.locator("th", has_text="Start").get_attribute("aria-sort") == "ascending"
    page.locator("th", has_text="Start").get_by_role("link").click()
    page.wait_for_url("**sort=-start")
    assert page.locator("th", has_text="Start").get_attribute("aria-sort") == "descending"
    newest = Case.objects.order_by("-start_date", "-pk").values_list("reference", flat=True)
    rows = page.locator("table.govuk-table tbody tr")
    assert rows.count() == 50
    assert rows.first.locator("a").inner_text() == newest[0]
    assert_accessible(page)
    page.locator(".govuk-pagination__next a").click()
    page.wait_for_url("**page=2")
    assert page.locator(".govuk-pagination [aria-current=page]").inner_text() == "2"
    assert rows.first.locator("a").inner_text() == newest[50]
    assert_accessible(page)


@pytest.mark.parametrize("screen", list(WIDTHS))
def test_search_sort_and_page_the_rounds_and_plans_lists(
    page: Any, login: Any, assert_accessible: Any, screen: str
) -> None:
    import datetime as dt

    from yjaudit.audits.models import AuditRound
    from yjaudit.frameworks.selectors import get_current_edition
    from yjaudit.frameworks.services import sync_bundled_frameworks
    from yjaudit.improvement.models import ImprovementPlan

    service = make_service("ALPHA", "Alpha YJS")
    sync_bundled_frameworks()
    edition = get_current_edition("hmip-youth-2021")
    for i in range(55):
        end = dt.date(2020, 1, 31) + dt.timedelta(days=30 * i)
        AuditRound.objects.create(
            service=service,
            framework_edition=edition,
            name=f"{'Spring' if i % 2 else 'Autumn'} round {i:02d}",
            kind="self-audit",
            period_start=end - dt.timedelta(days=29),
            period_end=end,
            sample_rule="fixed-n",
            requested_size=10,
        )
        ImprovementPlan.objects.create(
            service=service, title=f"Plan {i:02d}", source_kind="inspection"
        )
    login(page, make_user("qa", service, Role.QA_LEAD))
    page.set_viewport_size(WIDTHS[screen])

    page.goto("/rounds/")
    page.get_by_text("55 rounds").wait_for()
    assert page.locator("table tbody tr").first.locator("a").inner_text() == "Autumn round 54"
    assert_accessible(page)
    page.get_by_label("Round name").fill("spring")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_text("27 rounds").wait_for()
    page.locator("th", has_text="Round").get_by_role("link").click()
    page.wait_for_url("**sort=name")
    assert "q=spring" in page.url
    assert page.locator("table tbody tr").first.locator("a").inner_text() == "Spring round 01"
    assert_accessible(page)

    page.goto("/plans/")
    page.get_by_text("55 plans").wait_for()
    assert page.locator("table tbody tr").count() == 50
    page.locator(".govuk-pagination__next a").click()
    page.wait_for_url("**page=2")
    assert page.locator("table tbody tr").count() == 5
    assert_accessible(page)
