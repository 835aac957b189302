"""The monitoring API: indicator sets, figures, imports and comparators, scoped by role."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.indicators import find_indicator_set, quarter_containing
from yjaudit.monitoring import selectors
from yjaudit.monitoring.models import Comparator, IndicatorRecord, MonitoringImport

from .conftest import INTERVENTIONS_CSV, PLANTED

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 8, 15, 10, 0, tzinfo=dt.UTC)
FIGURES = "/api/v1/monitoring/DEMO/figures/"
IMPORTS = "/api/v1/monitoring/DEMO/imports/"


def _kpi(body: dict[str, Any], indicator_id: str) -> dict[str, Any]:
    return next(i for i in body["indicators"] if i["id"] == indicator_id)


def test_lists_the_indicator_sets(client: Client, qa: Any) -> None:
    verified_login(client, qa)
    r = client.get("/api/v1/monitoring/")
    assert r.status_code == 200
    sets = {s["id"]: s for s in r.json()}
    assert set(sets) == {"area-context", "yjb-kpi-2023", "yjb-national-indicators"}
    kpi1 = sets["yjb-kpi-2023"]["indicators"][0]
    assert kpi1["id"] == "kpi1-accommodation" and kpi1["suppress_below"] == 5


@time_machine.travel(TODAY, tick=True)
def test_figures_match_the_selectors(client: Client, quarter_data: Any, qa: Any) -> None:
    verified_login(client, qa)
    body = client.get(FIGURES, {"quarter": "2025-26 Q1"}).json()
    assert body["quarter"] == "2025-26 Q1" and body["set"] == "yjb-kpi-2023"
    indicator_set = find_indicator_set("yjb-kpi-2023")
    tables = selectors.Tables(quarter_data)
    quarter = quarter_containing(dt.date(2025, 5, 1))
    for ind in indicator_set.indicators:
        figs = selectors.figure(tables, indicator_set, ind, quarter, today=TODAY.date()) or []
        got = _kpi(body, ind.id)["figures"]
        assert [(f["numerator"], f["denominator"], f["value"]) for f in got] == [
            (None, None, None) if f.suppressed else (f.numerator, f.denominator, f.value)
            for f in figs
        ], ind.id
    kpi1 = _kpi(body, "kpi1-accommodation")
    assert kpi1["figures"][0]["numerator"] == 41 and kpi1["figures"][0]["denominator"] == 47
    assert kpi1["comparators"] == [
        {"name": "England and Wales", "value": 89.0, "differs_beyond_chance": False}
    ]
    # The default quarter is the latest with records.
    assert client.get(FIGURES).json()["quarter"] == "2025-26 Q1"


@time_machine.travel(TODAY, tick=True)
def test_board_member_gets_no_small_cell(client: Client, quarter_data: Any, service: Any) -> None:
    board = make_user("board@demo.example", service=service, roles=["board_member"])
    client.force_login(board)  # board members need no two-factor
    r = client.get(FIGURES, {"quarter": "2025-26 Q1", "by": "ethnicity"})
    assert r.status_code == 200
    groups = {f["group_label"]: f for f in _kpi(r.json(), "kpi1-accommodation")["figures"]}
    asian = groups["Asian or Asian British"]  # 3 children: under the minimum of 5
    assert asian["suppressed"] is True
    assert [asian[k] for k in ("numerator", "denominator", "value", "ci_low", "ci_high")] == [
        None
    ] * 5
    assert groups["Black, Black British, Caribbean or African"]["numerator"] == 6
    # The next smallest cell (6 children) is hidden too: total minus shown gives no cell.
    unknown = groups["Not known or not stated"]
    assert unknown["suppressed"] is True and unknown["numerator"] is None
    assert unknown["value"] is None and unknown["denominator"] is None
    assert PLANTED not in r.content.decode()


@time_machine.travel(TODAY, tick=True)
def test_bad_query_parameters_are_a_400(client: Client, quarter_data: Any, qa: Any) -> None:
    verified_login(client, qa)
    assert client.get(FIGURES, {"set": "nope"}).status_code == 400
    assert client.get(FIGURES, {"quarter": "1999 Q9"}).status_code == 400
    r = client.get(FIGURES, {"by": "name"})
    assert r.status_code == 400 and "by" in r.json()
    assert "Unknown breakdown; use one of " in str(r.json()["by"])
    # A client that asks for Welsh gets its errors in Welsh.
    welsh = client.get(FIGURES, {"set": "nope"}, HTTP_ACCEPT_LANGUAGE="cy")
    assert welsh.status_code == 400
    assert "Set dangosyddion anhysbys; defnyddiwch un o " in str(welsh.json()["set"])


def test_roles_and_services(client: Client, service: Any, other_service: Any, qa: Any) -> None:
    verified_login(client, qa)
    assert client.get("/api/v1/monitoring/OTHER/figures/").status_code == 404
    assert client.post("/api/v1/monitoring/OTHER/imports/", {}).status_code == 404
    auditor = make_user("aud@demo.example", service=service, roles=["auditor"])
    verified_login(client, auditor)
    assert client.get(FIGURES).status_code == 403
    assert client.get("/api/v1/monitoring/").status_code == 403
    client.logout()
    assert client.get(FIGURES).status_code in (401, 403)


def _post(client: Client, content: bytes, name: str = "kpi.csv", **extra: Any) -> Any:
    return client.post(
        IMPORTS,
        {"record_set": "interventions", "file": SimpleUploadedFile(name, content), **extra},
    )


@time_machine.travel(TODAY, tick=True)
def test_import_writes_all_and_drops_identifying_columns(
    client: Client, service: Any, qa: Any
) -> None:
    verified_login(client, qa)
    dry = _post(client, INTERVENTIONS_CSV.encode(), dry_run="true")
    assert dry.status_code == 200 and dry.json()["written"] is False
    assert dry.json()["created"] == 6 and IndicatorRecord.objects.count() == 0
    r = _post(client, INTERVENTIONS_CSV.encode())
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["created"], body["rows"]) == (6, 6)
    assert set(body["columns_dropped"]) == {"Child's name", "Address"}
    assert IndicatorRecord.objects.filter(service=service).count() == 6
    stored = json.dumps(list(IndicatorRecord.objects.values_list("data", flat=True)))
    assert "Plantedname" not in stored and "Planted Road" not in stored
    again = _post(client, INTERVENTIONS_CSV.encode())
    assert again.json()["unchanged"] == 6 and IndicatorRecord.objects.count() == 6


def test_import_from_excel(client: Client, service: Any, qa: Any) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for line in INTERVENTIONS_CSV.strip().splitlines():
        ws.append(line.split(","))
    out = io.BytesIO()
    wb.save(out)
    verified_login(client, qa)
    r = _post(client, out.getvalue(), name="kpi.xlsx")
    assert r.status_code == 201 and r.json()["created"] == 6


def test_bad_file_is_a_400_with_row_and_column_and_writes_nothing(
    client: Client, service: Any, qa: Any
) -> None:
    verified_login(client, qa)
    bad = INTERVENTIONS_CSV.replace("15/04/2025", "99/99/2025").replace(",16,", ",sixteen,")
    r = _post(client, bad.encode())
    assert r.status_code == 400
    problems = {(p["row"], p["column"]) for p in r.json()["problems"]}
    assert {(2, "End date"), (3, "Age")} <= problems
    assert IndicatorRecord.objects.count() == 0 and MonitoringImport.objects.count() == 0
    # Not a file at all, an empty one, a JSON body: 400 each time, never 500.
    assert _post(client, b"\x00\x01garbage", name="kpi.xlsx").status_code == 400
    assert _post(client, b"").status_code == 400
    r = client.post(IMPORTS, {"record_set": "x"}, content_type="application/json")
    assert r.status_code == 400


def test_comparators_only_for_platform_operators(client: Client, service: Any, qa: Any) -> None:
    csv = b"indicator,period,name,value\nkpi1-accommodation,2025-26 Q1,England and Wales,88.5\n"
    url = "/api/v1/monitoring/comparators/"
    verified_login(client, qa)  # a service's QA lead may not change everyone's comparators
    assert client.post(url, {"file": SimpleUploadedFile("c.csv", csv)}).status_code == 403
    operator = make_user("ops@example.org", is_superuser=True, is_staff=True)
    verified_login(client, operator)
    r = client.post(url, {"file": SimpleUploadedFile("c.csv", csv)})
    assert r.status_code == 201 and r.json() == {"imported": 1}
    assert Comparator.objects.get().value == 88.5
    bad = csv.replace(b"88.5", b"lots")
    r = client.post(url, {"file": SimpleUploadedFile("c.csv", bad)})
    assert r.status_code == 400 and r.json()["problems"][0]["column"] == "value"
    assert Comparator.objects.get().value == 88.5


def test_schema_declares_the_endpoints_and_parameters(client: Client, qa: Any) -> None:
    verified_login(client, qa)
    schema = client.get("/api/schema/?format=json").json()
    figures = schema["paths"]["/api/v1/monitoring/{service_code}/figures/"]["get"]
    assert {p["name"] for p in figures["parameters"]} >= {"set", "quarter", "by", "service_code"}
    assert "/api/v1/monitoring/{service_code}/imports/" in schema["paths"]
    assert "/api/v1/monitoring/comparators/" in schema["paths"]
    assert "/api/v1/monitoring/" in schema["paths"]
