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


def _upload(client: Client, code: str = "DEMO") -> Any:
    return client.post(
        f"/monitoring/{code}/import/",
        {
            "record_set": "interventions",
            "file": SimpleUploadedFile("kpi.csv", INTERVENTIONS_CSV.encode(), "text/csv"),
        },
    )


@time_machine.travel(TODAY, tick=True)
def test_qa_lead_imports_then_sees_kpi1(client: Client, service: Any, qa: Any) -> None:
    verified_login(client, qa)
    r = _upload(client)
    assert r.status_code == 302
    batch = MonitoringImport.objects.get()
    page = client.get(r.url).content.decode()
    assert "Child&#x27;s name" in page or "Child's name" in page  # named as dropped
    assert IndicatorRecord.objects.count() == 0
    r = client.post(r.url, {"confirm": "1"})
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
    assert _upload(client).status_code == 403


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
    r = client.post(
        "/monitoring/DEMO/import/",
        {
            "record_set": "interventions",
            "file": SimpleUploadedFile(
                "kpi.csv", INTERVENTIONS_CSV.replace("15/04/2025", "99/99/2025").encode()
            ),
        },
    )
    assert r.status_code == 400
    assert "Row 2, column End date" in r.content.decode()
    assert MonitoringImport.objects.count() == 0


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
def test_old_records_stay_reachable_years_later(client: Client, service: Any, qa: Any) -> None:
    """Records of 2025 opened in 2030: the dashboard opens on their quarter and the
    quarter list still offers it (it is anchored on the records, not only on today)."""
    verified_login(client, qa)
    r = _upload(client)
    client.post(r.url, {"confirm": "1"})
    page = client.get("/monitoring/DEMO/").content.decode()
    assert 'value="2025-26 Q1" selected' in page and "80.0%" in page
    page = client.get("/monitoring/DEMO/?quarter=2025-26+Q1").content.decode()
    assert 'value="2025-26 Q1" selected' in page and "4 of 5" in page
