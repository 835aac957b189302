"""A plan as Word, PDF and Excel, in the layout of the "Coventry Youth Offending Service,
Short Quality Screening action plan, 2016".

Findings first (key strengths, areas for improvement), then one table: a heading row per
recommendation, then its actions: No. | Action | Timescale | Lead | Outcome | Progress.

The Excel sheet is the one `importing` reads back, and it keeps everything: after the
six columns of that layout come `XLSX_EXTRA` (status, the due and review dates as date cells,
the latest progress date, lead organisation, learning objectives, success measure,
measured by; on a heading row the recommendation's owner and the standards it
concerns). Its Outcome column is the expected outcome alone (Word and PDF show the
three parts in one cell). Findings are on sheets of their own. Text is written as
text cells (`sheetcells`), so nothing typed can run as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import selectors, sheetcells
from .models import FindingKind, ImprovementPlan, Status

COLUMNS = ("No.", "Action", "Timescale", "Lead", "Outcome", "Progress")
# Excel only, read back by `importing` (its column names, kept in English like COLUMNS).
XLSX_EXTRA = (
    "Status",
    "Due date",
    "Review date",
    "Progress date",
    "Lead organisation",
    "Learning objectives",
    "Success measure",
    "Measured by",
    "Owner",
    "Concerns",
)
SHEET_TITLE = "Action plan"
# Sheets of findings, by kind (titles translated; `importing` knows every language's).
FINDING_SHEETS = (
    (gettext_noop("Key strengths"), FindingKind.STRENGTH),
    (gettext_noop("Areas for improvement"), FindingKind.IMPROVEMENT),
)


@dataclass(frozen=True)
class TableRow:
    heading: str | None  # a recommendation heading row, or None for an action row
    cells: tuple[str, ...] = ()


def table_rows(plan: ImprovementPlan) -> list[TableRow]:
    out: list[TableRow] = []
    for block in selectors.plan_table(plan):
        out.append(TableRow(block.recommendation.text))
        for row in block.rows:
            a = row.action
            out.append(
                TableRow(
                    None,
                    (
                        row.label,
                        a.description,
                        a.timescale,
                        a.lead_display,
                        row.outcome_text,
                        row.progress_text,
                    ),
                )
            )
    return out


def _intro(plan: ImprovementPlan) -> list[tuple[str, str]]:
    lines = []
    if plan.inspection_name:
        lines.append((_("Inspection"), plan.inspection_name))
    if plan.audit_round is not None:
        lines.append((_("Self-audit round"), plan.audit_round.name))
    if plan.published_on:
        lines.append((_("Published"), plan.published_on.strftime("%d %B %Y")))
    if plan.submission_due:
        lines.append((_("Submission deadline"), plan.submission_due.strftime("%d %B %Y")))
    return lines


def _findings(plan: ImprovementPlan, kind: str) -> list[str]:
    return [f.text for f in plan.findings.filter(archived_at__isnull=True) if f.kind == kind]


def _ids(ids: list[str] | None) -> str:
    return ", ".join(ids or [])


def _action_cells(row: selectors.ActionRow) -> list[tuple[str, str | dt.date | None]]:
    """(column, value) of an action row: text, or a date for the date columns."""
    a = row.action
    latest = row.latest
    person = a.lead_name or (a.lead_staff.name if a.lead_staff else "")
    return [
        ("No.", row.label),
        ("Action", a.description),
        ("Timescale", a.timescale),
        ("Lead", " ".join(p for p in (a.lead_organisation, person) if p)),
        ("Outcome", a.expected_outcome),
        ("Progress", latest.note if latest else ""),
        ("Status", str(Status(a.status).label)),
        ("Due date", a.due_date),
        ("Review date", a.review_date),
        ("Progress date", latest.on if latest else None),
        ("Lead organisation", a.lead_organisation),
        ("Learning objectives", a.learning_objectives),
        ("Success measure", a.success_measure),
        ("Measured by", _ids(a.measures)),
    ]


def to_xlsx(plan: ImprovementPlan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_TITLE
    sheetcells.put_text(ws.cell(1, 1), plan.title)
    ws["A1"].font = Font(bold=True, size=14)
    for label, value in _intro(plan):
        r = ws.max_row + 1
        sheetcells.put_text(ws.cell(r, 1), label)
        sheetcells.put_text(ws.cell(r, 2), value)
    header_row = ws.max_row + 2
    headers = (*COLUMNS, *XLSX_EXTRA)
    index = {name: i + 1 for i, name in enumerate(headers)}
    for name, col in index.items():
        ws.cell(header_row, col, name).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    r = header_row
    for block in selectors.plan_table(plan):
        r += 1
        rec = block.recommendation
        sheetcells.put_text(ws.cell(r, 1), rec.text)
        sheetcells.put_text(ws.cell(r, index["Owner"]), rec.owner_role)
        sheetcells.put_text(ws.cell(r, index["Concerns"]), _ids(rec.concerns))
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(COLUMNS))
        ws.cell(r, 1).font = Font(bold=True)
        ws.cell(r, 1).alignment = wrap
        for row in block.rows:
            r += 1
            for column, content in _action_cells(row):
                cell = ws.cell(r, index[column])
                if isinstance(content, str):
                    sheetcells.put_text(cell, content)
                else:
                    sheetcells.put_date(cell, content)
                cell.alignment = wrap
            ws.cell(r, 1).number_format = "@"  # "3.10" stays text, never the number 3.1
    widths = (6, 45, 16, 24, 60, 30, 14, 13, 13, 13, 18, 40, 40, 16, 20, 16)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, col).column_letter].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    for title, kind in FINDING_SHEETS:
        items = [f for f in plan.findings.filter(archived_at__isnull=True) if f.kind == kind]
        if items:
            sheet = wb.create_sheet(_(title))
            for n, finding in enumerate(items, start=1):
                sheetcells.put_text(sheet.cell(n, 1), finding.text)
                sheetcells.put_text(sheet.cell(n, 2), finding.source_id)
            sheet.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_docx(plan: ImprovementPlan) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading(plan.title, level=1)
    for label, value in _intro(plan):
        doc.add_paragraph(f"{label}: {value}")
    if plan.context:
        doc.add_heading(_("Context"), level=2)
        for para in plan.context.split("\n\n"):
            doc.add_paragraph(para)
    for title, kind in (
        (_("Key strengths"), FindingKind.STRENGTH),
        (_("Areas for improvement"), FindingKind.IMPROVEMENT),
    ):
        items = _findings(plan, kind)
        if items:
            doc.add_heading(title, level=2)
            for text in items:
                doc.add_paragraph(text, style="List Bullet")
    doc.add_heading(_("Actions"), level=2)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    # Repeat the header row on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for row in table_rows(plan):
        cells = table.add_row().cells
        if row.heading is not None:
            merged = cells[0].merge(cells[-1])
            merged.text = row.heading
            for run in merged.paragraphs[0].runs:
                run.bold = True
        else:
            for cell, text in zip(cells, row.cells, strict=True):
                cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def to_html(plan: ImprovementPlan) -> str:
    return render_to_string(
        "improvement/export_pdf.html",
        {
            "plan": plan,
            "intro": _intro(plan),
            "strengths": _findings(plan, FindingKind.STRENGTH),
            "improvements": _findings(plan, FindingKind.IMPROVEMENT),
            "columns": COLUMNS,
            "rows": table_rows(plan),
        },
    )


def to_pdf(plan: ImprovementPlan) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=to_html(plan)).write_pdf()
    return pdf
