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
from yjaudit.practice.models import CaseEvent

from .conftest import EVENTS_CSV, Register

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 4, 15, 10, 0, tzinfo=dt.UTC)  # March 2025 is the month shown


@time_machine.travel(TODAY, tick=False)
def test_qa_lead_imports_with_mapping_check_then_confirm(
    client: Client, register: Register, users: dict[str, Any], confirm: Any
) -> None:
    verified_login(client, users["qa_lead"])
    r = client.post(
        "/practice/DEMO/import/",
        {"kind": "events", "file": SimpleUploadedFile("e.csv", EVENTS_CSV.encode(), "text/csv")},
    )
    assert r.status_code == 302 and r.url.endswith("/columns/")
    mapping_url = r.url
    before = AuditEvent.objects.count()
    page = client.get(mapping_url).content.decode()
    assert AuditEvent.objects.count() == before  # a GET writes nothing
    assert "Match the columns" in page and "Plantedname" not in page
    # Identifying headings are named as never stored and never offered as a choice.
    assert "never stored" in page and "Address" in page
    assert 'value="Address"' not in page and 'value="Child&#x27;s name"' not in page
    assert 'value="Case reference" selected' in page  # suggested from the aliases
    # The check page before the columns are chosen sends back to the mapping page.
    check_url = mapping_url.removesuffix("columns/")
    assert client.get(check_url).url == mapping_url
    r = client.post(
        mapping_url, {"reference": "Case reference", "event": "Event type", "date": "Date"}
    )
    assert r.status_code == 302 and r.url == check_url
    page = client.get(r.url).content.decode()
    assert "never stored" in page and "Address" in page and "Plantedname" not in page
    assert CaseEvent.objects.count() == 0
    r = confirm(client, r.url, {"confirm": "1"})
    assert r.status_code == 302 and CaseEvent.objects.count() == 3
    bad_csv = b"Ref,What,When\nX-9,contact,1/1/2025\nP-1,contact,2/1/2025\n"
    bad = client.post(
        "/practice/DEMO/import/",
        {"kind": "events", "file": SimpleUploadedFile("e.csv", bad_csv)},
    )
    assert bad.status_code == 302
    page = client.get(bad.url).content.decode()
    # Only "Ref" is recognised; the rest are chosen by hand.
    assert 'value="Ref" selected' in page and 'value="What" selected' not in page
    other = client.post(
        bad.url,
        {
            "reference": "Ref",
            "event": "What",
            "date": "When",
            "file": SimpleUploadedFile("e.csv", b"Ref,What,When\nP-1,contact,2/1/2025\n"),
        },
    )
    assert other.status_code == 400 and "not the file you uploaded" in other.content.decode()
    shown = client.post(
        bad.url,
        {
            "reference": "Ref",
            "event": "What",
            "date": "When",
            "file": SimpleUploadedFile("e.csv", bad_csv),
        },
    )
    text = shown.content.decode()
    assert shown.status_code == 400 and "Row 2, column Ref" in text and "X-9" in text
    assert CaseEvent.objects.count() == 3  # all or nothing: the good row is not written
    # A heading chosen twice is refused by the form, 4xx never 500.
    twice = client.post(bad.url, {"reference": "Ref", "event": "Ref", "date": "When"})
    assert twice.status_code == 400


@time_machine.travel(TODAY, tick=False)
def test_mapping_is_remembered_per_service_and_kind(
    client: Client, register: Register, users: dict[str, Any], confirm: Any
) -> None:
    verified_login(client, users["qa_lead"])
    csv = b"Ref,What,When,Forename\nP-1,contact,2/1/2025,Plantedname\n"
    r = client.post(
        "/practice/DEMO/import/", {"kind": "events", "file": SimpleUploadedFile("e.csv", csv)}
    )
    r = client.post(r.url, {"reference": "Ref", "event": "What", "date": "When"})
    # Only the cells of the suggested columns were kept: the others need the file again.
    assert r.status_code == 400 and "needs the file again" in r.content.decode()
    r = client.post(
        r.request["PATH_INFO"],
        {
            "reference": "Ref",
            "event": "What",
            "date": "When",
            "file": SimpleUploadedFile("e.csv", csv),
        },
    )
    confirm(client, r.url, {"confirm": "1"})
    assert CaseEvent.objects.count() == 1
    r = client.post(
        "/practice/DEMO/import/", {"kind": "events", "file": SimpleUploadedFile("e.csv", csv)}
    )
    page = client.get(r.url).content.decode()
    assert 'value="What" selected' in page and 'value="When" selected' in page
    assert 'value="Forename"' not in page and "Plantedname" not in page
    # Memberships have their own mapping: nothing remembered for them.
    r = client.post(
        "/practice/DEMO/import/",
        {
            "kind": "memberships",
            "file": SimpleUploadedFile("m.csv", b"Ref,Club,Since\nP-1,IPC,1/1/2025\n"),
        },
    )
    page = client.get(r.url).content.decode()
    assert 'value="Club" selected' not in page


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
