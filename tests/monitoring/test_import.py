"""Monitoring imports: all or nothing, keyed updates, nothing identifying kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.importing.reader import ImportFileError
from yjaudit.indicators import find_indicator_set, quarter_containing
from yjaudit.monitoring import selectors, services
from yjaudit.monitoring.models import ImportStatus, IndicatorRecord, MonitoringImport

from .conftest import INTERVENTIONS_CSV

pytestmark = pytest.mark.django_db
Q1 = quarter_containing(dt.date(2025, 5, 1))


def _import(service: Any, qa: Any, text: str = INTERVENTIONS_CSV) -> MonitoringImport:
    return services.import_records(
        actor=qa,
        service=service,
        record_set="interventions",
        filename="kpi.csv",
        data=text.encode(),
    )


def test_import_keeps_only_the_record_sets_fields_and_trails_counts(service: Any, qa: Any) -> None:
    batch = _import(service, qa)
    assert (batch.created, batch.updated, batch.status) == (6, 0, ImportStatus.COMMITTED)
    assert batch.pending is None
    assert set(batch.columns_dropped) == {"Child's name", "Address"}
    record = IndicatorRecord.objects.get(service=service, key__startswith="y-002")
    assert record.data["end_date"] == "2025-05-20" and record.data["ethnicity"] == "black"
    assert "childsname" not in str(record.data).lower()
    event = AuditEvent.objects.get(action="monitoring.import")
    assert event.after["created"] == 6 and "Planted" not in str(event.after)
    # The figure: KPI 1 in 2025-26 Q1 counts the five closed with a known answer.
    kpi = find_indicator_set("yjb-kpi-2023")
    tables = selectors.Tables(service)
    (fig,) = (
        selectors.figure(tables, kpi, kpi.get("kpi1-accommodation"), Q1, today=dt.date(2026, 1, 1))
        or []
    )
    assert (fig.numerator, fig.denominator) == (4, 5)


def test_planted_names_are_nowhere_in_the_database(service: Any, qa: Any) -> None:
    batch = services.start_import(
        actor=qa,
        service=service,
        record_set="interventions",
        filename="k.csv",
        data=INTERVENTIONS_CSV.encode(),
    )
    services.abandon_import(actor=qa, batch=batch)
    _import(service, qa)
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            cols = [f.column for f in model._meta.concrete_fields]
            for col in cols:
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{col}" AS TEXT) LIKE %s',  # noqa: S608
                    ["%Plantedname%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{col}")
    assert found == []


def test_a_second_import_updates_by_key(service: Any, qa: Any) -> None:
    _import(service, qa)
    changed = INTERVENTIONS_CSV.replace(
        "Y-002,2025-02-01,2025-05-20,court,male,black,16,no",
        "Y-002,2025-02-01,2025-05-20,court,male,black,16,yes",
    )
    batch = _import(service, qa, changed)
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 5)
    assert IndicatorRecord.objects.filter(service=service).count() == 6


@pytest.mark.parametrize(
    ("change", "row", "column", "message"),
    [
        (("15/04/2025", "31/02/2025"), 2, "End date", "not a real date"),
        (
            (",yes,Plantedname Gamma", ",perhaps,Plantedname Gamma"),
            4,
            "Accommodation suitable end",
            "not yes or no",
        ),
        (("male,black,16", "male,black,sixteen"), 3, "Age", "not a whole number"),
        (("Y-004,01/03/2025", "Y-003,01/03/2025"), 5, "", "same record"),
    ],
)
def test_any_bad_row_imports_nothing_and_is_located(
    service: Any, qa: Any, change: tuple[str, str], row: int, column: str, message: str
) -> None:
    if message == "same record":  # same reference, start date and type as row 4
        text = INTERVENTIONS_CSV.replace(
            "Y-004,01/03/2025,21/05/2025,court", "Y-003,01/03/2025,21/05/2025,out-of-court"
        )
    else:
        text = INTERVENTIONS_CSV.replace(*change)
    with pytest.raises(ImportFileError) as caught:
        _import(service, qa, text)
    problem = caught.value.problems[0]
    assert (problem.row, problem.column) == (row, column), problem
    assert message in problem.message
    assert IndicatorRecord.objects.count() == 0 and MonitoringImport.objects.count() == 0


def test_a_missing_required_column_is_refused(service: Any, qa: Any) -> None:
    text = INTERVENTIONS_CSV.replace("Reference,", "Case number,")
    with pytest.raises(ImportFileError, match="No column is chosen for Reference"):
        _import(service, qa, text)


def test_a_checked_import_is_committed_once(service: Any, qa: Any) -> None:
    batch = services.start_import(
        actor=qa,
        service=service,
        record_set="interventions",
        filename="k.csv",
        data=INTERVENTIONS_CSV.encode(),
    )
    assert IndicatorRecord.objects.count() == 0  # checking writes no records
    services.commit_import(actor=qa, batch=batch)
    with pytest.raises(services.ImportUsed):
        services.commit_import(actor=qa, batch=batch)
    assert IndicatorRecord.objects.count() == 6


def test_records_stay_in_their_service(service: Any, other_service: Any, qa: Any) -> None:
    _import(service, qa)
    assert selectors.record_table(other_service, "interventions").size == 0
    assert selectors.record_table(service, "interventions").size == 6


def test_export_spellings_are_read_as_the_register_codes(service: Any, qa: Any) -> None:
    text = (
        "Reference,Start date,Intervention type,Sex,Ethnicity\n"
        "S-1,01/04/2025,Out of court,M,White British\n"
        "S-2,01/04/2025,Post-court,Girl,Black or Black British - African\n"
        "S-3,01/04/2025,prevention,F,Information not yet obtained\n"
        "S-4,01/04/2025,Court,X,Our own group\n"
    )
    _import(service, qa, text)
    got = {
        r.data["reference"]: (r.data["intervention_type"], r.data["sex"], r.data["ethnicity"])
        for r in IndicatorRecord.objects.all()
    }
    assert got == {
        "s-1": ("out-of-court", "male", "white"),
        "s-2": ("court", "female", "black"),
        "s-3": ("prevention", "female", "not-known"),  # a type the lists do not hold: as written
        "s-4": ("court", "other", "our own group"),
    }
