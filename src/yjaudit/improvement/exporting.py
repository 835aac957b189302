"""A plan as Word, PDF and Excel, in the layout of seed 000.

Findings first (key strengths, areas for improvement), then one table: a heading row per
recommendation, then its actions: No. | Action | Timescale | Lead | Outcome | Progress.
The Excel sheet is the one `importing` reads back.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from yjaudit.cases.exporting import neutralise

from . import selectors
from .models import FindingKind, ImprovementPlan

COLUMNS = ("No.", "Action", "Timescale", "Lead", "Outcome", "Progress")
SHEET_TITLE = "Action plan"


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
    return [f.text for f in plan.findings.all() if f.kind == kind]


def to_xlsx(plan: ImprovementPlan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_TITLE
    ws.append([neutralise(plan.title)])
    ws["A1"].font = Font(bold=True, size=14)
    for label, value in _intro(plan):
        ws.append([label, neutralise(value)])
    ws.append([])
    ws.append(list(COLUMNS))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in table_rows(plan):
        if row.heading is not None:
            ws.append([neutralise(row.heading)])
            r = ws.max_row
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(COLUMNS))
            ws.cell(r, 1).font = Font(bold=True)
            ws.cell(r, 1).alignment = wrap
        else:
            ws.append([neutralise(c) for c in row.cells])
            for cell in ws[ws.max_row]:
                cell.alignment = wrap
    for letter, width in zip("ABCDEF", (6, 45, 16, 24, 60, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    for title, kind in (
        (_("Key strengths"), "strength"),
        (_("Areas for improvement"), "improvement"),
    ):
        items = _findings(plan, kind)
        if items:
            sheet = wb.create_sheet(title)
            for text in items:
                sheet.append([neutralise(text)])
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
