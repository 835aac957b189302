"""Journey for published inspections as benchmarks (issue 12, item 6): the platform
operator imports the bundled file of published HMIP youth ratings as an Excel workbook,
sees a bad file refused with its rows and columns, lists the published inspections; a QA
lead then opens a round's report and follows the link to the round beside the published
ratings. axe checks every page. Set YJAUDIT_SCREENSHOTS=DIR to keep a screenshot of the
comparison."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pytest

import yjaudit.benchmarking
from benchmarking.world import make_round
from yjaudit.accounts.testing import make_user
from yjaudit.benchmarking.models import PublishedInspection
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STARTER = Path(yjaudit.benchmarking.__file__).parent / "data" / "hmip-published-ratings.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def starter_workbook() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in csv.reader(io.StringIO(STARTER.read_text())):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("YJAUDIT_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"benchmarks-{name}.png"), full_page=True)


def test_benchmarks_journey(page: Any, login: Any, assert_accessible: Any) -> None:
    sync_bundled_frameworks(actor=None)
    service = Service.objects.create(name="Journey YJS", code="JRN", nation="england")
    edition = FrameworkEdition.objects.get(framework_id="hmip-youth-2021", is_current=True)
    audit_round = make_round(service, edition)
    qa = make_user("qa@journey.example", service=service, roles=["qa_lead"])
    # Published ratings are national: the platform operator imports them, never one
    # service's staff; a QA lead reads them beside their round.
    root = make_user("platform@journey.example", is_superuser=True, is_staff=True)
    login(page, root)

    page.goto("/")
    page.get_by_role("link", name="Published ratings", exact=True).first.click()
    assert "No published ratings have been imported yet." in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Import published ratings").click()
    assert_accessible(page)

    # A file with a made-up rating is refused, with its row and column; nothing stored.
    bad = STARTER.read_text().replace("South Tees,2025,hmip-youth-2025,2025,", "South Tees,"
                                      "2025,hmip-youth-2025,2025,Splendid,")  # fmt: skip
    page.get_by_label("Upload a file of published ratings").set_input_files(
        {"name": "bad.csv", "mimeType": "text/csv", "buffer": bad.encode()}
    )
    page.get_by_role("button", name="Import").click()
    page.get_by_text("The file has 1 problem").wait_for()
    assert "Row 7, column 1.1" in page.content()
    assert PublishedInspection.objects.count() == 0
    assert_accessible(page)

    page.get_by_label("Upload a file of published ratings").set_input_files(
        {"name": "published.xlsx", "mimeType": XLSX, "buffer": starter_workbook()}
    )
    page.get_by_role("button", name="Import").click()
    page.get_by_text("6 added, 0 updated, 0 unchanged").wait_for()
    assert PublishedInspection.objects.count() == 6
    assert "East Sussex" in page.content()
    assert_accessible(page)

    # The inspectorate's page across services: dates typed as people write them; a
    # date that is not real is shown as a problem at the box, not silently dropped.
    page.goto("/benchmarks/national/")
    page.get_by_label("Period starts on or before").fill("31/02/2030")
    page.get_by_role("button", name="Show services").click()
    page.wait_for_url(lambda url: "31%2F02%2F2030" in url)
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.get_by_label("Period starts on or before").input_value() == "31/02/2030"
    assert_accessible(page)
    page.get_by_label("Period starts on or before").fill("31/12/2030")
    page.get_by_role("button", name="Show services").click()
    page.wait_for_url(lambda url: "31%2F12%2F2030" in url)
    assert page.get_by_role("heading", name="There is a problem").count() == 0
    assert page.locator("#national-results th", has_text="Journey YJS").count() == 1
    assert_accessible(page)

    # A QA lead may read them but not change them.
    login(page, qa)
    page.goto("/benchmarks/")
    assert "Import published ratings" not in page.content()

    # From the round's report to the round beside the published ratings.
    page.goto(f"/reports/rounds/{audit_round.pk}/")
    page.get_by_role("link", name="Published inspection ratings beside this round").click()
    page.get_by_role("heading", name="Published ratings beside this round").wait_for()
    table = page.locator(
        "table", has=page.locator("caption", has_text="This round and the published ratings")
    )
    planning = table.locator("tr", has=page.locator("th", has_text="2.2 Planning")).inner_text()
    assert "1 (100.0%)" in planning  # East Sussex 2024: planning Inadequate
    assert page.locator("figure svg").count() == 14
    page.get_by_text("Data for “Overall: published ratings”").click()
    _shot(page, "comparison")
    assert_accessible(page)
