"""Monitoring pages: who sees what, the import journey without JavaScript, GETs write nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.monitoring.models import IndicatorRecord, MonitoringImport

from .conftest import INTERVENTIONS_CSV

pytestmark = pytest.mark.django_db
# "Today" is in 2025-26 Q2, so the dashboard opens on Q1 (April to June 2025).
TODAY = dt.datetime(2025, 8, 15, 10, 0, tzinfo=dt.UTC)


def _upload_only(client: Client, text: str = INTERVENTIONS_CSV, code: str = "DEMO") -> Any:
    return client.post(
        f"/monitoring/{code}/import/",
        {
            "record_set": "interventions",
            "file": SimpleUploadedFile("kpi.csv", text.encode(), "text/csv"),
        },
    )


def _upload(client: Client, code: str = "DEMO") -> Any:
    """Upload, then accept the suggested columns: the check page's redirect."""
    r = _upload_only(client, code=code)
    assert r.status_code == 302 and r.url.endswith("/columns/"), r
    batch = MonitoringImport.objects.latest("pk")
    return client.post(r.url, dict(batch.columns_used))


@time_machine.travel(TODAY, tick=True)
def test_qa_lead_imports_then_sees_kpi1(
    client: Client, service: Any, qa: Any, confirm: Any
) -> None:
    verified_login(client, qa)
    r = _upload(client)
    assert r.status_code == 302
    batch = MonitoringImport.objects.get()
    page = client.get(r.url).content.decode()
    assert "Child&#x27;s name" in page or "Child's name" in page  # named as dropped
    assert IndicatorRecord.objects.count() == 0
    r = confirm(client, r.url, {"confirm": "1"})
    assert r.status_code == 302 and IndicatorRecord.objects.count() == 6
    batch.refresh_from_db()
    assert batch.created == 6
    page = client.get("/monitoring/DEMO/").content.decode()
    assert "2025-26 Q1" in page
    assert "80.0%" in page and "4 of 5" in page
    detail = client.get(
        "/monitoring/DEMO/yjb-kpi-2023/kpi1-accommodation/?by=ethnicity&quarter=2025-26+Q1"
    ).content.decode()
    assert "By ethnicity" in detail and "Too few to show" in detail  # cells under 5


@time_machine.travel(TODAY, tick=True)
def test_board_member_sees_figures_but_cannot_import(client: Client, service: Any) -> None:
    board = make_user("board@demo.example", service=service, roles=["board_member"])
    client.force_login(board)  # board members need no two-factor
    assert client.get("/monitoring/DEMO/").status_code == 200
    assert _upload_only(client).status_code == 403


@pytest.mark.parametrize("role", ["practitioner", "auditor"])
def test_roles_without_monitoring_are_refused(client: Client, service: Any, role: str) -> None:
    user = make_user(f"{role}@demo.example", service=service, roles=[role])
    verified_login(client, user)
    assert client.get("/monitoring/DEMO/").status_code == 403


def test_another_service_is_a_404(
    client: Client, service: Any, other_service: Any, qa: Any
) -> None:
    verified_login(client, qa)
    assert client.get("/monitoring/OTHER/").status_code == 404
    assert client.get("/monitoring/OTHER/import/").status_code == 404


@time_machine.travel(TODAY, tick=True)
def test_bad_file_is_a_400_listing_row_and_column(client: Client, service: Any, qa: Any) -> None:
    verified_login(client, qa)
    r = _upload_only(client, INTERVENTIONS_CSV.replace("15/04/2025", "99/99/2025"))
    assert r.status_code == 302
    batch = MonitoringImport.objects.get()
    r = client.post(r.url, dict(batch.columns_used))
    assert r.status_code == 400
    assert "Row 2, column End date" in r.content.decode()
    assert IndicatorRecord.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == "uploaded" and batch.pending is None
    # An unreadable file is refused at upload, and nothing is kept.
    r = _upload_only(client, "\x00\x01 not text")
    assert r.status_code == 400 and MonitoringImport.objects.count() == 1


@time_machine.travel(TODAY, tick=True)
def test_gets_write_nothing(client: Client, service: Any, qa: Any) -> None:
    verified_login(client, qa)
    _upload(client)
    batch = MonitoringImport.objects.get()
    before = (AuditEvent.objects.count(), IndicatorRecord.objects.count())
    for url in [
        "/monitoring/",
        "/monitoring/DEMO/",
        "/monitoring/DEMO/import/",
        f"/monitoring/DEMO/import/{batch.pk}/",
        f"/monitoring/DEMO/import/{batch.pk}/columns/",
        "/monitoring/DEMO/yjb-kpi-2023/kpi1-accommodation/?by=sex",
        "/monitoring/DEMO/disproportionality/?by=sex",
        "/monitoring/DEMO/yjb-national-indicators/first-time-entrants/",
        "/monitoring/DEMO/report/yjb-kpi-2023/",
        "/monitoring/DEMO/report/yjb-national-indicators/xlsx/",
        "/api/v1/monitoring/DEMO/figures/?by=ethnicity",
    ]:
        assert client.get(url).status_code in (200, 302), url
    assert (AuditEvent.objects.count(), IndicatorRecord.objects.count()) == before
    batch.refresh_from_db()
    assert batch.pending is not None


@time_machine.travel(dt.datetime(2030, 2, 1, 10, 0, tzinfo=dt.UTC), tick=True)
def test_old_records_stay_reachable_years_later(
    client: Client, service: Any, qa: Any, confirm: Any
) -> None:
    """Records of 2025 opened in 2030: the dashboard opens on their quarter and the
    quarter list still offers it (it is anchored on the records, not only on today)."""
    verified_login(client, qa)
    r = _upload(client)
    confirm(client, r.url, {"confirm": "1"})
    page = client.get("/monitoring/DEMO/").content.decode()
    assert 'value="2025-26 Q1" selected' in page and "80.0%" in page
    page = client.get("/monitoring/DEMO/?quarter=2025-26+Q1").content.decode()
    assert 'value="2025-26 Q1" selected' in page and "4 of 5" in page


OTHER_SPELLINGS = (
    "Child ID,Date of birth,Order start,Closure date,Type of intervention,Gender,Ethnic origin,"
    "Age at start,Accommodation suitable end,Forename,Legal status\n"
    "Y-101,01/02/2009,01/01/2025,15/04/2025,court,F,White British,15,yes,Plantedname,YRO\n"
    "Y-102,03/04/2010,01/02/2025,20/05/2025,court,M,White British,16,no,Plantedname,DTO\n"
)


@time_machine.travel(TODAY, tick=True)
def test_columns_are_matched_with_the_case_registers_spellings_and_remembered(
    client: Client, service: Any, qa: Any, confirm: Any
) -> None:
    from yjaudit.monitoring.models import RecordSetMapping

    verified_login(client, qa)
    r = _upload_only(client, OTHER_SPELLINGS)
    batch = MonitoringImport.objects.get()
    # The register's aliases match ChildView-style headings; identifying ones are left out.
    assert batch.columns_used == {
        "reference": "Child ID",
        "start_date": "Order start",
        "end_date": "Closure date",
        "intervention_type": "Type of intervention",
        "sex": "Gender",
        "ethnicity": "Ethnic origin",
        "age": "Age at start",
        "accommodation_suitable_end": "Accommodation suitable end",
    }
    # Nothing else kept (PostgreSQL's jsonb does not keep a dict's key order: compare sorted).
    assert sorted(batch.kept_columns) == sorted(batch.columns_used.values())
    assert "Plantedname" not in str(batch.kept_rows) and "2009" not in str(batch.kept_rows)
    page = client.get(r.url).content.decode()
    assert "Match the columns" in page and "The file has 2 rows of interventions." in page
    # Identifying columns are named as never stored, and cannot be chosen.
    assert "Date of birth, Forename" in page
    assert '<option value="Forename"' not in page
    assert '<option value="Date of birth"' not in page
    # The user leaves the end date out and chooses "Legal status" for the disposal: the
    # choice is used, and remembered once imported.
    # Its cells were not kept at upload, so the same file comes again.
    mapping = {**batch.columns_used, "end_date": "", "disposal": "Legal status"}
    again = SimpleUploadedFile("kpi.csv", OTHER_SPELLINGS.encode(), "text/csv")
    r = client.post(r.url, {**mapping, "file": again})
    assert r.status_code == 302 and r.url == f"/monitoring/DEMO/import/{batch.pk}/"
    confirm(client, r.url, {"confirm": "1"})
    assert IndicatorRecord.objects.count() == 2
    assert all("end_date" not in d for d in IndicatorRecord.objects.values_list("data", flat=True))
    remembered = RecordSetMapping.objects.get(service=service, record_set="interventions")
    assert remembered.mapping["disposal"] == "Legal status"
    assert remembered.mapping["sex"] == "Gender" and "end_date" not in remembered.mapping
    assert {d["disposal"] for d in IndicatorRecord.objects.values_list("data", flat=True)} == {
        "yro",
        "dto",
    }
    # The next upload of this record set is offered the remembered columns.
    _upload_only(client, OTHER_SPELLINGS)
    assert MonitoringImport.objects.latest("pk").columns_used["disposal"] == "Legal status"


@time_machine.travel(TODAY, tick=True)
def test_a_column_not_kept_needs_the_same_file_again(client: Client, service: Any, qa: Any) -> None:
    verified_login(client, qa)
    text = OTHER_SPELLINGS.replace("Gender", "Sx")  # not matched, so not kept
    r = _upload_only(client, text)
    batch = MonitoringImport.objects.get()
    assert "sex" not in batch.columns_used and "Sx" not in batch.kept_columns
    mapping = {**batch.columns_used, "sex": "Sx"}
    r2 = client.post(r.url, mapping)
    assert r2.status_code == 400 and "needs the file again" in r2.content.decode()
    wrong = SimpleUploadedFile("kpi.csv", OTHER_SPELLINGS.encode(), "text/csv")
    r2 = client.post(r.url, {**mapping, "file": wrong})
    assert r2.status_code == 400 and "not the file you uploaded" in r2.content.decode()
    same = SimpleUploadedFile("kpi.csv", text.encode(), "text/csv")
    r2 = client.post(r.url, {**mapping, "file": same})
    assert r2.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "checked" and batch.kept_rows == []
    assert {v["sex"] for _k, v in batch.pending} == {"female", "male"}
