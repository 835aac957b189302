"""Done-when journeys for National Standards compliance (issue 14): a QA lead imports a
case management export of events (match the columns, check, then confirm); a manager
opens the figures, a case manager's monthly one-to-one sheet and the uncovered high-risk
list; a practitioner sees their own sheet only. axe checks every page. "Today" is 15 April
2025, so the pages open on March 2025, the month the hand-made timelines fall in
(tests/practice/conftest.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from tests.practice.conftest import (
    EVENTS_CSV,
    MEMBERSHIPS_CSV,
    Register,
    build_register,
    build_users,
)

from yjaudit.practice.models import CaseEvent
from yjaudit.practice.services import import_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.datetime(2025, 4, 15, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def register(transactional_db: Any) -> Register:
    return build_register()


@pytest.fixture
def users(register: Register) -> dict[str, Any]:
    return build_users(register)


@time_machine.travel(TODAY, tick=True)
def test_manager_opens_sheet_and_uncovered_list(
    page: Any, login: Any, assert_accessible: Any, register: Register, users: dict[str, Any]
) -> None:
    import_file(
        actor=None,
        service=register.service,
        kind="memberships",
        filename="m.csv",
        data=MEMBERSHIPS_CSV.encode(),
    )
    login(page, users["qa_lead"])
    page.goto("/practice/")  # one service: straight to its figures
    assert_accessible(page)
    page.get_by_role("link", name="Import case events or forum memberships").click()
    page.get_by_label("Case events", exact=False).check()
    page.get_by_label("Upload a file").set_input_files(
        {"name": "events.csv", "mimeType": "text/csv", "buffer": EVENTS_CSV.encode()}
    )
    assert_accessible(page)
    page.get_by_role("button", name="Check the file").click()
    # The columns, suggested from the headings; identifying ones are never offered.
    page.get_by_role("heading", name="Match the columns").wait_for()
    assert page.get_by_label("Case reference").input_value() == "Case reference"
    assert page.get_by_label("Date of the event").input_value() == "Date"
    offered = page.get_by_label("Case reference").locator("option").all_text_contents()
    assert "Address" not in offered and "Child's name" not in offered
    assert "Plantedname" not in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Import these rows").wait_for()
    assert "Address" in page.content() and "Plantedname" not in page.content()
    assert CaseEvent.objects.count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Import these rows").click()
    page.locator("#job-counts").wait_for()  # the import ran as a job (eager in tests)
    assert "3" in page.locator("#job-counts").inner_text()
    page.get_by_role("link", name="Continue").click()
    assert CaseEvent.objects.count() == 3
    # The settings: a forum of the service's own; a clash is shown as an error.
    page.get_by_role("link", name="Compliance settings", exact=False).click()
    assert_accessible(page)
    page.get_by_label("Code").fill("IPC")
    page.get_by_label("Name").fill("Another IPC")
    page.get_by_role("button", name="Add the forum").click()
    page.get_by_text("The service already has a forum IPC.").first.wait_for()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, users["manager"])
    page.goto("/practice/DEMO/")
    page.get_by_role("heading", level=1, name="National Standards compliance").wait_for()
    assert page.locator("#month").input_value() == "2025-03"
    assert_accessible(page)
    page.get_by_label("Show also").select_option("case_manager")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("table", name="Bob Casemanager").wait_for()
    assert_accessible(page)

    # A standard in detail: the 12-month trend (chart and table) and who missed.
    page.get_by_role(
        "link", name="Assessment completed within 20 working days", exact=False
    ).first.click()
    page.get_by_role("heading", name="Trend over 12 months").wait_for()
    assert "P-2" in page.locator("main").inner_text()
    assert_accessible(page)

    # Bob's monthly one-to-one sheet.
    page.goto("/practice/DEMO/")
    page.get_by_role("link", name="Monthly sheet for Bob Casemanager").click()
    page.get_by_role(
        "heading", name="One-to-one compliance sheet: Bob Casemanager"
    ).first.wait_for()
    body = page.locator("main").inner_text()
    assert "P-2" in body and "P-3" in body and "P-1" not in body
    assert_accessible(page)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("link", name="DOCX", exact=False).click()
    assert info.value.suggested_filename.endswith(".docx")

    # The uncovered high-risk list.
    page.goto("/practice/DEMO/")
    page.get_by_role("link", name="under no risk forum", exact=False).click()
    row = page.locator("#uncovered tr", has=page.locator("th", has_text="P-2"))
    text = row.inner_text()
    assert "Bob Casemanager" in text and "Medium" in text and "44" in text
    assert "P-1" not in page.locator("#uncovered").inner_text()  # held by IPC
    assert_accessible(page)


@time_machine.travel(TODAY, tick=True)
def test_practitioner_sees_own_sheet_only(
    page: Any, login: Any, assert_accessible: Any, register: Register, users: dict[str, Any]
) -> None:
    import_file(
        actor=None,
        service=register.service,
        kind="events",
        filename="e.csv",
        data=EVENTS_CSV.encode(),
    )
    login(page, users["practitioner"])  # Alice
    page.goto("/practice/DEMO/")
    page.get_by_text("These figures count your own cases only.").wait_for()
    links = page.get_by_role("link", name="Monthly sheet for", exact=False)
    assert links.count() == 1 and "Alice" in links.first.inner_text()
    assert_accessible(page)
    links.first.click()
    page.get_by_role(
        "heading", name="One-to-one compliance sheet: Alice Casemanager"
    ).first.wait_for()
    assert "P-2" not in page.locator("main").inner_text()
    assert_accessible(page)
