"""Excel: one sheet per table with real numbers in the cells, a cover sheet, and the
report's text (paragraphs, strengths and areas) on a sheet of its own.

Each table sheet: row 1 the table's caption, row 2 its headers, data from row 3.
Numbers (percentages as whole numbers, e.g. 73, interval limits, counts, points) are
stored as numbers; every text cell is neutralised against formula injection (a
leading = + - @ gets an apostrophe, as the register export does) and typed as text.
"""

from __future__ import annotations

import io
import re
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from yjaudit.cases.exporting import neutralise

from ..document import ChartBlock, FindingList, Paragraph, ReportDocument, Table, language_tag

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")


def sheet_name(table_id: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("-", table_id)[:28] or "Table"
    name, i = base, 2
    while name.lower() in used:
        name = f"{base[:26]}-{i}"
        i += 1
    used.add(name.lower())
    return name


@cache
def _bold() -> Any:
    """One Font for every bold cell (openpyxl compares each new style with those it has)."""
    from openpyxl.styles import Font

    return Font(bold=True)


@cache
def _wrapped() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


def _text(ws: object, row: int, col: int, value: str, bold: bool = False) -> None:
    c = ws.cell(row=row, column=col)  # type: ignore[attr-defined]
    c.value = neutralise(value)
    c.data_type = "s"  # never a formula, whatever the text
    if bold:
        c.font = _bold()


def render_xlsx(doc: ReportDocument) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.language = language_tag(doc.language)
    cover = wb.active
    names = (_("Cover"), _("Contents"), _("Text"))
    cover.title = names[0]
    used = {"cover", "text", "contents", *(n.lower() for n in names)}
    _text(cover, 1, 1, doc.title, bold=True)
    _text(cover, 2, 1, doc.cover.subtitle)
    row = 4
    for label, value in doc.cover.facts:
        _text(cover, row, 1, label, bold=True)
        _text(cover, row, 2, value)
        row += 1
    _text(cover, row, 1, _("Produced"), bold=True)
    cover.cell(row=row, column=2, value=doc.generated_on).number_format = "yyyy-mm-dd"
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 70

    contents = wb.create_sheet(names[1])
    text = wb.create_sheet(names[2])
    for col, head in enumerate((_("Sheet"), _("Table"), _("Section")), start=1):
        _text(contents, 1, col, head, bold=True)
    crow, trow = 2, 1
    for _depth, section in doc.walk():
        _text(text, trow, 1, section.title, bold=True)
        trow += 1
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _text(text, trow, 2, block.text)
                trow += 1
            elif isinstance(block, FindingList):
                _text(text, trow, 2, block.title, bold=True)
                trow += 1
                for item in block.items or ((block.empty,) if block.empty else ()):
                    _text(text, trow, 3, item)
                    trow += 1
            elif isinstance(block, ChartBlock):
                _text(text, trow, 2, f"{block.chart.title}: {block.chart.text_alternative}")
                trow += 1
            elif isinstance(block, Table):
                name = sheet_name(block.id, used)
                ws = wb.create_sheet(name)
                _write_table(ws, block)
                _text(contents, crow, 1, name)
                _text(contents, crow, 2, block.caption)
                _text(contents, crow, 3, section.title)
                crow += 1
    text.column_dimensions["A"].width = 30
    text.column_dimensions["B"].width = 30
    text.column_dimensions["C"].width = 100
    for ws in (text,):
        for cells in ws.iter_rows():
            for c in cells:
                c.alignment = _wrapped()
    contents.column_dimensions["A"].width = 30
    contents.column_dimensions["B"].width = 50
    contents.column_dimensions["C"].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_table(ws: object, table: Table) -> None:
    _text(ws, 1, 1, table.caption, bold=True)
    for col, head in enumerate(table.headers, start=1):
        _text(ws, 2, col, head, bold=True)
    for r, cells in enumerate(table.rows, start=3):
        for col, c in enumerate(cells, start=1):
            if c.value is not None:
                target = ws.cell(row=r, column=col, value=c.value)  # type: ignore[attr-defined]
                if isinstance(c.value, float) and not c.value.is_integer():
                    target.number_format = "0.0##"
            elif c.text:
                _text(ws, r, col, c.text)
    if table.note:
        _text(ws, len(table.rows) + 4, 1, table.note)
    ws.freeze_panes = "B3"  # type: ignore[attr-defined]
    ws.column_dimensions["A"].width = 40  # type: ignore[attr-defined]
