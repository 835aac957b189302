"""The Coventry Youth Offending Service SQS action plan 2016 imported from Excel and
exported back in the same layout."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from yjaudit.audittrail.models import AuditEvent
from yjaudit.improvement import exporting, importing, selectors, services
from yjaudit.improvement.models import Action, Recommendation, Status

from .coventry import AREAS_FOR_IMPROVEMENT, KEY_STRENGTHS, build_xlsx, expected_export_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(inspection_plan: Any, manager: Any) -> Any:
    for text in KEY_STRENGTHS:
        services.add_finding(actor=manager, plan=inspection_plan, kind="strength", text=text)
    for text in AREAS_FOR_IMPROVEMENT:
        services.add_finding(actor=manager, plan=inspection_plan, kind="improvement", text=text)
    summary = importing.import_plan_sheet(actor=manager, plan=inspection_plan, data=build_xlsx())
    assert summary.recommendations == 8
    assert summary.actions == 17
    return inspection_plan


def _sheet_rows(data: bytes) -> list[tuple[str, ...]]:
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    rows = [tuple("" if v is None else str(v) for v in r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[1:6] == exporting.COLUMNS[1:])
    out = []
    for r in rows[start + 1 :]:
        cells = tuple(r[:6])
        out.append((cells[0],) if not any(cells[1:]) else cells)
    return out


def test_import_numbers_statuses_dates_and_leads(imported: Any) -> None:
    plan = imported
    labels = [row.label for block in selectors.plan_table(plan) for row in block.rows]
    assert labels[:5] == ["1", "1.1", "1.2", "1.3", "2"]
    assert labels[-3:] == ["8.1", "9", "9.1"]
    a1 = Action.objects.get(plan=plan, parent=None, number=1)
    assert a1.status == Status.COMPLETED
    assert a1.due_date == dt.date(2016, 8, 31)  # "August" after publication on 10 Aug 2016
    assert (a1.lead_organisation, a1.lead_name) == ("CYOS", "Performance Lead")
    a3_3 = Action.objects.get(parent__number=3, parent__plan=plan, number=3)
    assert a3_3.timescale == "To be reviewed November"
    assert (a3_3.due_date, a3_3.review_date) == (None, dt.date(2016, 11, 30))
    assert a3_3.status == Status.IN_PROGRESS  # "Early findings expected November"
    outstanding = Action.objects.get(parent__number=1, parent__plan=plan, number=2)
    assert outstanding.status == Status.NOT_STARTED  # the plan's "Outstanding"
    a7 = Action.objects.get(plan=plan, parent=None, number=7)
    assert a7.due_date == dt.date(2016, 12, 31)  # "October / December": the later month
    assert Recommendation.objects.filter(plan=plan).count() == 8
    # Every row written is in the audit trail.
    assert AuditEvent.objects.filter(action="plan.action_add").count() == 17


def test_xlsx_export_gives_back_the_seed_table(imported: Any) -> None:
    assert _sheet_rows(exporting.to_xlsx(imported)) == expected_export_rows()


def test_docx_export_has_the_seed_layout(imported: Any) -> None:
    from docx import Document

    doc = Document(io.BytesIO(exporting.to_docx(imported)))
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == list(exporting.COLUMNS)
    rows: list[tuple[str, ...]] = []
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        # A merged heading row repeats its text in every grid cell.
        rows.append((cells[0],) if len(set(cells)) == 1 else tuple(cells))
    assert rows == expected_export_rows()
    text = "\n".join(p.text for p in doc.paragraphs)
    for finding in KEY_STRENGTHS + AREAS_FOR_IMPROVEMENT:
        assert finding in text


def test_pdf_export_has_every_action(imported: Any, tmp_path: Any) -> None:
    pdf = exporting.to_pdf(imported)
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    try:
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext not installed")
    squashed = " ".join(text.split())
    for phrase in ("Timescale", "Progress", "Outstanding", "Commenced", "8.1", "9.1"):
        assert phrase in squashed


def _sheet(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["No.", "Action", "Timescale", "Lead", "Outcome", "Progress"])
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_bad_rows_are_all_reported_and_nothing_is_written(
    inspection_plan: Any, manager: Any
) -> None:
    data = _sheet(
        [
            ["1", "An action before any heading", "May", "", "", ""],
            ["HMIP found ..."],
            ["2", "", "June", "", "", ""],
            ["2", "Twice", "June", "", "", ""],
            ["3.1", "A sub-action of the wrong action", "", "", "", ""],
            ["4", "=1+1", "", "", "", ""],
            ["x9", "Not a number", "", "", "", ""],
            ["5", "Fine", "July", "YOS " + "n" * 500, "", ""],
        ]
    )
    with pytest.raises(importing.PlanImportError) as caught:
        importing.import_plan_sheet(actor=manager, plan=inspection_plan, data=data)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (2, ""),
        (4, "Action"),
        (5, "No."),
        (6, "No."),
        (7, "Action"),
        (8, "No."),
        (9, "Lead"),
    }
    formatted = caught.value.problems[0].format("plan.xlsx")
    assert formatted.startswith("plan.xlsx:2:-: ")
    assert not inspection_plan.recommendations.exists()
    assert not inspection_plan.actions.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Action,Timescale\n1,May\n", "Excel workbook"),
        (b"PK\x03\x04broken", "could not be read"),
    ],
)
def test_unreadable_files_are_refused(
    inspection_plan: Any, manager: Any, data: bytes, message: str
) -> None:
    with pytest.raises(importing.PlanImportError) as caught:
        importing.import_plan_sheet(actor=manager, plan=inspection_plan, data=data)
    assert message in caught.value.problems[0].message


def test_sheet_without_the_columns_is_refused(inspection_plan: Any, manager: Any) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Reference", "Start date"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(importing.PlanImportError) as caught:
        importing.import_plan_sheet(actor=manager, plan=inspection_plan, data=buffer.getvalue())
    assert "Action, Timescale, Lead, Outcome and Progress" in caught.value.problems[0].message
