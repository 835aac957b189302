"""`/api/v1/practice/...`: figures by role, uncovered cases, imports all or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from yjaudit.practice.models import CaseEvent

from .conftest import EVENTS_CSV, Register

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 4, 15, 10, 0, tzinfo=dt.UTC)


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@time_machine.travel(TODAY, tick=False)
def test_figures_for_manager_and_board(loaded: Register, users: dict[str, Any]) -> None:
    r = _client(users["manager"]).get("/api/v1/practice/DEMO/figures/?by=case_manager")
    assert r.status_code == 200 and r.json()["month"] == "2025-03"
    rows = {(f["rule"], f["scope"], f["group"]): f for f in r.json()["figures"]}
    ro = rows["assessment-referral-order", "service", ""]
    assert (ro["due"], ro["met"], ro["missed"], ro["missed_cases"]) == (2, 1, 1, ["P-2"])
    assert rows["assessment-referral-order", "case_manager", "Bob Casemanager"]["missed"] == 1
    board = _client(users["board_member"]).get("/api/v1/practice/DEMO/figures/?by=case_manager")
    figures = board.json()["figures"]
    assert {f["scope"] for f in figures} == {"service"}
    ro = next(f for f in figures if f["rule"] == "assessment-referral-order")
    assert ro["suppressed"] and ro["due"] is None and ro["missed_cases"] == []
    bad = _client(users["manager"]).get("/api/v1/practice/DEMO/figures/?month=1999-01")
    assert bad.status_code == 400


@time_machine.travel(TODAY, tick=False)
def test_uncovered_and_import(register: Register, users: dict[str, Any]) -> None:
    qa = _client(users["qa_lead"])
    upload = SimpleUploadedFile("e.csv", EVENTS_CSV.encode(), "text/csv")
    dry = qa.post(
        "/api/v1/practice/DEMO/imports/", {"kind": "events", "file": upload, "dry_run": True}
    )
    assert dry.status_code == 200 and dry.json()["new"] == 3 and CaseEvent.objects.count() == 0
    upload = SimpleUploadedFile("e.csv", EVENTS_CSV.encode(), "text/csv")
    done = qa.post("/api/v1/practice/DEMO/imports/", {"kind": "events", "file": upload})
    assert done.status_code == 201 and CaseEvent.objects.count() == 3
    assert done.json()["columns_dropped"] == ["Child's name", "Address"]
    bad = SimpleUploadedFile("e.csv", b"Reference,Event type,Date\nZZ-1,contact,01/03/2025\n")
    r = qa.post("/api/v1/practice/DEMO/imports/", {"kind": "events", "file": bad})
    assert r.status_code == 400 and r.json()["problems"][0]["row"] == 2
    gaps = qa.get("/api/v1/practice/DEMO/uncovered/").json()["uncovered"]
    assert [g["reference"] for g in gaps] == ["P-1", "P-2"]  # no membership imported here
    assert _client(users["board_member"]).get("/api/v1/practice/DEMO/uncovered/").status_code == 403
