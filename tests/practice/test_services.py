"""Imports and figures on the database, against hand-made timelines (conftest)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.importing.reader import ImportFileError
from yjaudit.compliance import Month, Scope
from yjaudit.practice import selectors, services
from yjaudit.practice.models import CaseEvent, ForumMembership, ImportStatus, PracticeImport

from .conftest import EVENTS_CSV, Register

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 4, 15)


def test_import_keeps_only_case_kind_and_date(register: Register) -> None:
    batch = services.start_import(
        actor=None,
        service=register.service,
        kind="events",
        filename="e.csv",
        data=EVENTS_CSV.encode(),
    )
    assert batch.rows == 3  # the same home visit twice (reference in another case) is one
    assert batch.columns_dropped == ["Child's name", "Address"]
    assert "Plantedname" not in str(batch.pending) + str(batch.preview)
    assert CaseEvent.objects.count() == 0  # nothing until confirmed
    services.commit_import(actor=None, batch=batch)
    assert sorted(CaseEvent.objects.values_list("kind", flat=True)) == [
        "assessment",
        "assessment",
        "home_visit",
    ]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED and batch.pending is None
    assert AuditEvent.objects.filter(action="practice.import").count() == 1
    with pytest.raises(services.ImportUsed):
        services.commit_import(actor=None, batch=batch)
    # The same file again changes nothing.
    again = services.import_file(
        actor=None,
        service=register.service,
        kind="events",
        filename="e.csv",
        data=EVENTS_CSV.encode(),
    )
    assert (again.created, again.unchanged) == (0, 3) and CaseEvent.objects.count() == 3


def test_unknown_reference_kind_and_bad_date_are_row_errors_and_nothing_is_written(
    register: Register,
) -> None:
    text = (
        "Reference,Event type,Date\n"
        "P-1,assessment,31/03/2025\n"
        "NOPE-9,assessment,31/03/2025\n"
        "P-2,asessment,31/03/2025\n"
        "P-3,contact,31/02/2025\n"
    )
    with pytest.raises(ImportFileError) as caught:
        services.start_import(
            actor=None,
            service=register.service,
            kind="events",
            filename="e.csv",
            data=text.encode(),
        )
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [(3, "Reference"), (4, "Event type"), (5, "Date")]
    assert "NOPE-9" in caught.value.problems[0].message
    assert PracticeImport.objects.count() == 0 and CaseEvent.objects.count() == 0


def test_missing_column_is_named(register: Register) -> None:
    with pytest.raises(ImportFileError) as caught:
        services.start_import(
            actor=None,
            service=register.service,
            kind="events",
            filename="e.csv",
            data=b"Reference,Date\nP-1,01/03/2025\n",
        )
    assert "Event type" in caught.value.problems[0].message


def test_memberships_unknown_forum_refused_then_local_forum_accepted(register: Register) -> None:
    text = b"Reference,Forum,From,To\nP-2,YOT-PANEL,01/03/2025,20/03/2025\n"
    with pytest.raises(ImportFileError):
        services.start_import(
            actor=None, service=register.service, kind="memberships", filename="m.csv", data=text
        )
    services.add_forum(actor=None, service=register.service, code="yot-panel", name="Local panel")
    services.import_file(
        actor=None, service=register.service, kind="memberships", filename="m.csv", data=text
    )
    m = ForumMembership.objects.get()
    assert (m.forum, m.start, m.end) == ("YOT-PANEL", dt.date(2025, 3, 1), dt.date(2025, 3, 20))
    assert AuditEvent.objects.filter(action="practice.forum_add").count() == 1


def test_figures_met_on_last_day_missed_by_one(loaded: Register) -> None:
    cases = selectors.visible_cases(loaded.service, None)
    found = selectors.figures(loaded.service, cases, [Month(2025, 3)], as_of=AS_OF)
    by = {(f.rule, f.scope, f.group): f for f in found}
    service = by["assessment-referral-order", Scope.SERVICE, ""]
    assert (service.due, service.met, service.missed, service.not_yet_due) == (2, 1, 1, 0)
    assert service.missed_cases == ("P-2",)
    court = by["assessment-court-order", Scope.SERVICE, ""]
    assert (court.due, court.missed, court.missed_cases) == (1, 1, ("P-3",))
    alice = by["assessment-referral-order", Scope.CASE_MANAGER, str(loaded.alice.pk)]
    assert (alice.due, alice.met) == (1, 1)
    # Before the deadline passes the P-2 occasion can still be met.
    early = selectors.figures(loaded.service, cases, [Month(2025, 3)], as_of=dt.date(2025, 3, 31))
    f = next(f for f in early if f.rule == "assessment-referral-order" and f.scope is Scope.SERVICE)
    assert (f.met, f.missed, f.not_yet_due) == (1, 0, 1)


def test_uncovered_lists_medium_and_above_held_by_no_forum(loaded: Register) -> None:
    cases = selectors.visible_cases(loaded.service, None)
    gaps = selectors.uncovered(loaded.service, cases, AS_OF)
    assert [(u.reference, u.since, u.days_uncovered) for u in gaps] == [
        ("P-2", dt.date(2025, 3, 3), 44)
    ]
    services.set_settings(
        actor=None,
        service=loaded.service,
        rule_set="national-standards-local-2019",
        threshold="high",
    )
    assert selectors.uncovered(loaded.service, cases, AS_OF) == []
    assert AuditEvent.objects.filter(action="practice.settings").count() == 1


def test_settings_refuse_unknown_values(register: Register) -> None:
    with pytest.raises(services.SettingsError):
        services.set_settings(actor=None, service=register.service, rule_set="../etc", threshold="")
    with pytest.raises(services.SettingsError):
        services.set_settings(
            actor=None,
            service=register.service,
            rule_set="national-standards-local-2019",
            threshold="huge",
        )


def test_abandon(register: Register, users: dict[str, Any]) -> None:
    batch = services.start_import(
        actor=users["qa_lead"],
        service=register.service,
        kind="events",
        filename="e.csv",
        data=EVENTS_CSV.encode(),
    )
    services.abandon_import(actor=users["qa_lead"], batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.ABANDONED and batch.pending is None
    assert CaseEvent.objects.count() == 0


def test_xlsx_export_reads_like_csv(register: Register) -> None:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Case Ref", "Event", "Event date", "Forename"])
    ws.append(["P-1", "Home Visit", dt.datetime(2025, 3, 5), "Plantedname"])
    ws.append(["P-2", "review", "06/03/2025", "Plantedname"])
    out = io.BytesIO()
    wb.save(out)
    batch = services.import_file(
        actor=None, service=register.service, kind="events", filename="e.xlsx", data=out.getvalue()
    )
    assert batch.rows == 2 and batch.columns_dropped == ["Forename"]
    assert sorted(CaseEvent.objects.values_list("kind", "date")) == [
        ("home_visit", dt.date(2025, 3, 5)),
        ("review", dt.date(2025, 3, 6)),
    ]


def test_upload_keeps_only_the_suggested_columns_then_mapping_checks_rows(
    register: Register,
) -> None:
    data = b"Ref,What,When,Forename,Address\nP-1,contact,02/01/2025,Plantedname,1 Planted Rd\n"
    batch = services.upload_import(
        actor=None, service=register.service, kind="events", filename="e.csv", data=data
    )
    assert batch.status == ImportStatus.UPLOADED
    assert batch.columns_used == {"reference": "Ref"}  # the register's alias for references
    assert batch.kept_columns == ["Ref"] and batch.kept_rows == [[2, ["P-1"]]]
    assert batch.columns_dropped == ["Forename", "Address"]  # identifying: never offered
    assert "Plantedname" not in str(batch.__dict__)
    mapping = {"reference": "Ref", "event": "What", "date": "When"}
    with pytest.raises(ImportFileError) as caught:
        services.map_import(actor=None, batch=batch, mapping=mapping)
    assert "needs the file again" in caught.value.problems[0].message
    with pytest.raises(ImportFileError):
        services.map_import(actor=None, batch=batch, mapping=mapping, data=data + b"\n,,\n")
    checked = services.map_import(actor=None, batch=batch, mapping=mapping, data=data)
    assert checked.status == ImportStatus.CHECKED and checked.pending == [
        [register.cases["P-1"].pk, "contact", "2025-01-02"]
    ]
    assert checked.kept_rows == [] and "Plantedname" not in str(checked.__dict__)
    assert CaseEvent.objects.count() == 0  # nothing until confirmed
    services.commit_import(actor=None, batch=checked)
    assert CaseEvent.objects.count() == 1
    # Remembered for the service and kind: the API and CLI path (one step) uses it.
    assert selectors.remembered_mapping(register.service, "events") == mapping
    assert selectors.remembered_mapping(register.service, "memberships") == {}
    again = services.start_import(
        actor=None,
        service=register.service,
        kind="events",
        filename="e.csv",
        data=b"Ref,What,When\nP-2,contact,03/01/2025\n",
    )
    assert again.columns_used == mapping and again.rows == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"practice.import_upload", "practice.import_map", "practice.import"} <= actions


def test_mapping_row_problems_name_row_and_column_and_write_nothing(register: Register) -> None:
    data = b"Ref,What,When\nP-1,contact,02/01/2025\nX-9,contact,31/02/2025\n"
    batch = services.upload_import(
        actor=None, service=register.service, kind="events", filename="e.csv", data=data
    )
    with pytest.raises(ImportFileError) as caught:
        services.map_import(
            actor=None,
            batch=batch,
            mapping={"reference": "Ref", "event": "What", "date": "When"},
            data=data,
        )
    where = {(p.row, p.column) for p in caught.value.problems}
    assert where == {(3, "Ref"), (3, "When")}
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED and batch.pending is None
    assert batch.kept_columns == ["Ref", "What", "When"]  # the choice is kept for the retry
    assert CaseEvent.objects.count() == 0
    # An identifying heading given by hand is refused, never read.
    with pytest.raises(ImportFileError) as caught:
        services.start_import(
            actor=None,
            service=register.service,
            kind="events",
            filename="e.csv",
            data=b"Ref,Child name,When\nP-1,contact,02/01/2025\n",
            mapping={"reference": "Ref", "event": "Child name", "date": "When"},
        )
    assert any("looks identifying" in p.message for p in caught.value.problems)
    services.abandon_import(actor=None, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.ABANDONED and batch.kept_rows == []
