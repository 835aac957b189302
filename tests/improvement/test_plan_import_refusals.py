"""Plan imports refuse bad input by file, row and column, write nothing, never 500;
sheets written elsewhere (no date columns) have their timescales read right."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from yjaudit.accounts.testing import verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.improvement import exporting, importing, services

pytestmark = pytest.mark.django_db

FULL = [*exporting.COLUMNS, *exporting.XLSX_EXTRA]


def _book(header: list[str], rows: list[list[Any]], formats: dict[str, str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for r in rows:
        ws.append(r)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row(**cells: Any) -> list[Any]:
    return [cells.get(name, "") for name in FULL]


def _problems(plan: Any, actor: Any, data: bytes) -> set[tuple[int | None, str]]:
    events = AuditEvent.objects.count()
    with pytest.raises(importing.PlanImportError) as caught:
        importing.import_plan_sheet(actor=actor, plan=plan, data=data)
    assert not plan.recommendations.exists()
    assert not plan.actions.exists()
    assert not plan.findings.exists()
    assert AuditEvent.objects.count() == events
    return {(p.row, p.column) for p in caught.value.problems}


@pytest.fixture
def framed_plan(inspection_plan: Any, manager: Any, edition: Any) -> Any:
    return services.update_plan(actor=manager, plan=inspection_plan, framework_edition=edition)


def test_bad_cells_of_an_export_are_named(framed_plan: Any, manager: Any) -> None:
    data = _book(
        FULL,
        [
            ["Recommendation"],
            _row(**{"No.": "1", "Action": "A", "Due date": "11/15/2026"}),  # month first
            _row(**{"No.": "2", "Action": "B", "Review date": "15/11/26"}),  # two-digit year
            _row(**{"No.": "3", "Action": "C", "Status": "Nearly"}),
            _row(**{"No.": "4", "Action": "D", "Progress date": "soon"}),
        ],
    )
    assert _problems(framed_plan, manager, data) == {
        (3, "Due date"),
        (4, "Review date"),
        (5, "Status"),
        (6, "Progress date"),
    }


def test_what_only_the_service_refuses_is_named_too(framed_plan: Any, manager: Any) -> None:
    """A measure not in the framework, a progress date ahead of today, a sub-action
    numbered twice: found while writing, all reported, all rolled back."""
    data = _book(
        FULL,
        [
            [*["Recommendation"], *[""] * 13, "", "9.9.9"],
            ["Another"],
            _row(**{"No.": "1", "Action": "A", "Measured by": "2.1, 7.7"}),
            _row(
                **{
                    "No.": "2",
                    "Action": "B",
                    "Progress": "Started",
                    "Progress date": dt.date(2099, 1, 1),
                }
            ),
            _row(**{"No.": "2.1", "Action": "B1"}),
            _row(**{"No.": "2.1", "Action": "B1 again"}),
        ],
    )
    assert _problems(framed_plan, manager, data) == {
        (2, "Concerns"),
        (4, "Measured by"),
        (5, "Progress date"),
        (7, "No."),
    }


def test_a_month_first_timescale_in_an_old_sheet_is_refused(
    inspection_plan: Any, manager: Any
) -> None:
    data = _book(
        list(exporting.COLUMNS),
        [["Recommendation"], ["1", "A", "By 11/15/2026", "", "", ""]],
    )
    assert _problems(inspection_plan, manager, data) == {(3, "Timescale")}


def test_old_sheets_timescales_keep_their_year(inspection_plan: Any, manager: Any) -> None:
    """Published 10 Aug 2016: a year written in the timescale wins over the month's next
    occurrence; a date cell shown as a month is that month."""
    data = _book(
        list(exporting.COLUMNS),
        [
            ["Recommendation"],
            ["1", "A", "Nov-26", "", "", ""],
            ["2", "B", "15 November 2026", "", "", ""],
            ["3", "C", dt.datetime(2027, 3, 1), "", "", ""],
            ["4", "D", dt.datetime(2027, 3, 15), "", "", ""],
            ["5", "E", "To be reviewed Mar '27", "", "", ""],
            ["6", "F", "November", "", "", ""],
        ],
        formats={"C5": "mmm-yy", "C6": "dd/mm/yyyy"},
    )
    importing.import_plan_sheet(actor=manager, plan=inspection_plan, data=data)
    got = [
        (a.timescale, a.due_date, a.review_date) for a in inspection_plan.actions.order_by("number")
    ]
    assert got == [
        ("Nov-26", dt.date(2026, 11, 30), None),
        ("15 November 2026", dt.date(2026, 11, 15), None),
        ("March 2027", dt.date(2027, 3, 31), None),
        ("15/03/2027", dt.date(2027, 3, 15), None),
        ("To be reviewed Mar '27", None, dt.date(2027, 3, 31)),
        ("November", dt.date(2016, 11, 30), None),  # no year: after publication
    ]


def test_the_import_page_shows_service_refusals_not_a_500(framed_plan: Any, manager: Any) -> None:
    client = verified_login(Client(), manager)
    data = _book(
        FULL, [["Recommendation"], _row(**{"No.": "1", "Action": "A", "Measured by": "x"})]
    )
    url = reverse("plans:import", kwargs={"pk": framed_plan.pk})
    response = client.post(url, {"file": SimpleUploadedFile("plan.xlsx", data)})
    assert response.status_code == 200
    assert (
        "plan.xlsx:3:Measured by: Not in the plan&#x27;s framework: x" in response.content.decode()
    )
    assert not framed_plan.actions.exists()
