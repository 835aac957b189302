"""Practice pages: who sees what, the import journey without JavaScript, GETs write nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yjaudit.accounts.testing import verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.practice.models import CaseEvent, PracticeImport

from .conftest import EVENTS_CSV, Register

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 4, 15, 10, 0, tzinfo=dt.UTC)  # March 2025 is the month shown


@time_machine.travel(TODAY, tick=False)
def test_qa_lead_imports_with_check_then_confirm(
    client: Client, register: Register, users: dict[str, Any]
) -> None:
    verified_login(client, users["qa_lead"])
    r = client.post(
        "/practice/DEMO/import/",
        {"kind": "events", "file": SimpleUploadedFile("e.csv", EVENTS_CSV.encode(), "text/csv")},
    )
    assert r.status_code == 302
    page = client.get(r.url).content.decode()
    assert "never stored" in page and "Address" in page and "Plantedname" not in page
    assert CaseEvent.objects.count() == 0
    r = client.post(r.url, {"confirm": "1"})
    assert r.status_code == 302 and CaseEvent.objects.count() == 3
    bad = client.post(
        "/practice/DEMO/import/",
        {
            "kind": "events",
            "file": SimpleUploadedFile(
                "e.csv", b"Reference,Event type,Date\nX-9,contact,1/1/2025\n"
            ),
        },
    )
    assert bad.status_code == 400 and "X-9" in bad.content.decode()
    assert PracticeImport.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_manager_sees_missed_cases_sheet_and_uncovered(
    client: Client, loaded: Register, users: dict[str, Any]
) -> None:
    verified_login(client, users["manager"])
    before = AuditEvent.objects.count()
    page = client.get("/practice/DEMO/?by=case_manager").content.decode()
    assert "March 2025" in page and "Bob Casemanager" in page
    rule = client.get("/practice/DEMO/standards/assessment-referral-order/").content.decode()
    assert "P-2" in rule and "50%" in rule
    sheet = client.get(f"/practice/DEMO/sheets/{loaded.bob.pk}/").content.decode()
    assert "Bob Casemanager" in sheet and "P-2" in sheet and "P-3" in sheet and "P-1" not in sheet
    docx = client.get(f"/practice/DEMO/sheets/{loaded.bob.pk}/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    uncovered = client.get("/practice/DEMO/uncovered/").content.decode()
    assert "P-2" in uncovered and "P-1" not in uncovered and ">44<" in uncovered
    assert client.get("/practice/DEMO/summary/").status_code == 200
    assert AuditEvent.objects.count() == before  # GETs write nothing


@time_machine.travel(TODAY, tick=False)
def test_practitioner_sees_only_own_cases(
    client: Client, loaded: Register, users: dict[str, Any]
) -> None:
    verified_login(client, users["practitioner"])  # Alice
    page = client.get("/practice/DEMO/").content.decode()
    assert "your own cases only" in page
    rule = client.get("/practice/DEMO/standards/assessment-referral-order/").content.decode()
    assert "P-2" not in rule and "100%" in rule
    assert client.get(f"/practice/DEMO/sheets/{loaded.alice.pk}/").status_code == 200
    assert client.get(f"/practice/DEMO/sheets/{loaded.bob.pk}/").status_code == 404
    assert "P-2" not in client.get("/practice/DEMO/uncovered/").content.decode()


@time_machine.travel(TODAY, tick=False)
def test_board_member_sees_aggregate_with_small_cells_suppressed(
    client: Client, loaded: Register, users: dict[str, Any]
) -> None:
    client.force_login(users["board_member"])
    page = client.get("/practice/DEMO/?by=case_manager").content.decode()
    assert "Not shown: fewer than 5 cases." in page
    assert "Bob Casemanager" not in page and "P-2" not in page
    rule = client.get("/practice/DEMO/standards/assessment-referral-order/").content.decode()
    assert "P-2" not in rule and "50%" not in rule
    assert client.get("/practice/DEMO/uncovered/").status_code == 403
    assert client.get(f"/practice/DEMO/sheets/{loaded.bob.pk}/").status_code == 403


def test_settings_page_sets_threshold_and_adds_a_forum(
    client: Client, register: Register, users: dict[str, Any]
) -> None:
    verified_login(client, users["qa_lead"])
    assert client.get("/practice/DEMO/settings/").status_code == 200
    r = client.post(
        "/practice/DEMO/settings/",
        {"save": "1", "rule_set": "national-standards-local-2019", "threshold": "high"},
    )
    assert r.status_code == 302
    from yjaudit.practice import selectors

    assert selectors.forum_policy(register.service).threshold.label == "High"
    r = client.post(
        "/practice/DEMO/settings/", {"add_forum": "1", "code": "yot-risk", "name": "YOT risk"}
    )
    assert r.status_code == 302
    assert "YOT-RISK" in selectors.forum_policy(register.service).forum_ids
    again = client.post("/practice/DEMO/settings/", {"add_forum": "1", "code": "IPC", "name": "x"})
    assert again.status_code == 400 and "already has a forum IPC" in again.content.decode()
    bad = client.post("/practice/DEMO/settings/", {"save": "1", "rule_set": "../x"})
    assert bad.status_code == 400
    assert (
        AuditEvent.objects.filter(action__in=["practice.settings", "practice.forum_add"]).count()
        == 2
    )


@time_machine.travel(TODAY, tick=False)
def test_sheet_and_summary_as_pdf(client: Client, loaded: Register, users: dict[str, Any]) -> None:
    verified_login(client, users["manager"])
    sheet = client.get(f"/practice/DEMO/sheets/{loaded.bob.pk}/pdf/?month=2025-03")
    assert sheet.status_code == 200 and sheet.content.startswith(b"%PDF")
    assert "attachment" in sheet["Content-Disposition"]
    summary = client.get("/practice/DEMO/summary/pdf/")
    assert summary.status_code == 200 and summary.content.startswith(b"%PDF")
    assert client.get("/practice/DEMO/summary/xlsx/").status_code == 404
    page = client.get("/practice/DEMO/summary/").content.decode()
    assert "North" in page and "P-2" not in page  # counts only, no references
