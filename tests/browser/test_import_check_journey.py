"""A large register file is checked in the background: after matching the columns the
QA lead lands on the check's job page (the job runs at once in tests), which lists the
problems by file, row and field; the corrected file's check offers "Import these
cases", which imports through the existing confirmation. axe checks each page."""

from __future__ import annotations

from typing import Any

import pytest

from yjaudit.accounts.testing import make_user
from yjaudit.cases.models import Case
from yjaudit.jobs.models import Job
from yjaudit.organisations.models import Service, StaffMember, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def export(rows: int, bad: bool) -> bytes:
    lines = ["YOT Number,Forename,Team,Outcome Type,Order Start"]
    for i in range(1, rows + 1):
        date = "31/02/2024" if bad and i == 7 else "01/03/2024"
        lines.append(f"B{i:03d},Child{i},North,Referral Order,{date}")
    return ("\n".join(lines) + "\n").encode()


def upload_and_match(page: Any, data: bytes) -> None:
    page.goto("/cases/BETA/import/")
    page.get_by_label("Upload a case management export").set_input_files(
        {"name": "big-export.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("heading", name="Match the columns").wait_for()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", level=1, name="Check a file for the case register").wait_for()


def test_a_large_file_is_checked_on_its_job_page_then_imported(
    page: Any, login: Any, assert_accessible: Any, settings: Any
) -> None:
    settings.YJAUDIT_CASE_CHECK_JOB_FROM_ROWS = 20  # "large" for the journey
    service = Service.objects.create(name="Beta YJS", code="BETA", nation="england")
    north = Team.objects.create(service=service, name="North")
    StaffMember.objects.create(service=service, team=north, name="Alex Morgan")
    login(page, make_user("qa@beta.example", service=service, roles=["qa_lead"]))

    upload_and_match(page, export(25, bad=True))
    assert page.url.rstrip("/").split("/")[-2] == "jobs"
    body = page.content()
    assert "The file has 1 problem" in body
    assert "“31/02/2024” is not a real date" in body
    assert page.locator("#job-problems tbody tr").count() == 1
    assert "big-export.csv" in page.locator("#job-problems").inner_text()
    assert page.locator("#count-reject").inner_text() == "1"
    assert page.get_by_role("button", name="Import these cases").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Upload a corrected file").click()
    upload_and_match(page, export(25, bad=False))
    assert page.locator("#count-create").inner_text() == "25"
    assert_accessible(page)
    assert Case.objects.count() == 0  # the check wrote nothing
    page.get_by_role("button", name="Import these cases").click()
    page.locator("#job-counts").wait_for()  # the import's own job (eager in tests)
    assert "25" in page.locator("#job-counts").inner_text()
    assert Case.objects.filter(service=service).count() == 25
    assert Job.objects.filter(kind="cases.import_check").count() == 2
