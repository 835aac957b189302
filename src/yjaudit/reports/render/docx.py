"""Word: headings, tables whose header row repeats on every page, charts as pictures
with their alternative text, the text alternative and the data table beside them, and
page numbers in the footer."""

from __future__ import annotations

import io
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..document import (
    Cell,
    ChartBlock,
    FindingList,
    Paragraph,
    ReportDocument,
    Table,
    language_tag,
)
from .html import chart_table
from .images import chart_pngs, chart_size


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    tr_pr.append(cant)


def _page_number(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(code: str) -> None:
        run = paragraph.add_run()
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = code
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._r.append(begin)
        run._r.append(instr)
        run._r.append(end)

    paragraph.add_run(_("Page") + " ")
    field("PAGE")
    paragraph.add_run(" " + _("of") + " ")
    field("NUMPAGES")


def _default_language(document: Any, tag: str) -> None:
    """The proofing language of every run (w:lang in the default run properties), so
    Word checks the spelling, and reads aloud, in the report's language."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    parent = styles
    for name in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:lang"):
        child = parent.find(qn(name))
        if child is None:  # python-docx's template has them all; make any that is not
            child = OxmlElement(name)
            parent.insert(0, child)
        parent = child
    parent.set(qn("w:val"), tag)


TEXT_WIDTH_MM = 210 - 36


def _column_widths(t: Any, table: Table) -> None:
    """Share the text width by how much each column holds (long text gets more room).

    Cells are reached row by row: python-docx's `table.columns[i].cells` rebuilds the
    whole table's cell grid on every call, which made wide tables quadratic."""
    from docx.shared import Mm

    weights = []
    for i, head in enumerate(table.headers):
        longest = max([len(w) for w in head.split()] + [len(row[i].text) for row in table.rows])
        weights.append(min(longest, 48) + 6)
    total = sum(weights)
    t.autofit = False
    widths = [Mm(TEXT_WIDTH_MM * w / total) for w in weights]
    for row in t.rows:
        for cell_, width in zip(row.cells, widths, strict=True):
            cell_.width = width


def _table(document: Any, table: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    caption = document.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    t = document.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    _column_widths(t, table)
    head = t.rows[0]
    _repeat_header(head)
    for cell_, text in zip(head.cells, table.headers, strict=True):
        cell_.text = ""
        run = cell_.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(8)
    for row_cells, row in zip(t.rows[1:], table.rows, strict=True):
        for i, (cell_, c) in enumerate(zip(row_cells.cells, row, strict=True)):
            p = cell_.paragraphs[0]
            run = p.add_run(c.text)
            run.font.size = Pt(8)
            if i == 0:
                run.bold = True
            elif isinstance(c, Cell) and c.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if table.note:
        document.add_paragraph(table.note)


def render_docx(doc: ReportDocument) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)
    if doc.marking:
        section.header.paragraphs[0].text = doc.marking
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    document.core_properties.title = doc.title
    document.core_properties.language = language_tag(doc.language)
    _default_language(document, language_tag(doc.language))

    document.add_paragraph(doc.cover.subtitle)
    document.add_heading(doc.title, level=0)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in (*doc.cover.facts, (_("Produced"), date_format(doc.generated_on, "d F Y"))):
        row = facts.add_row().cells
        row[0].paragraphs[0].add_run(label).bold = True
        row[1].text = value
    document.add_page_break()

    charts = doc.charts()
    pngs = dict(zip((c.id for c in charts), chart_pngs(charts), strict=True))
    text_width = Mm(210 - 36)
    for depth, sec in doc.walk():
        document.add_heading(sec.title, level=min(depth, 4))
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                p = document.add_paragraph()
                p.add_run(block.text).bold = block.strong
            elif isinstance(block, Table):
                _table(document, block)
            elif isinstance(block, FindingList):
                title = document.add_paragraph()
                title.add_run(block.title).bold = True
                title.paragraph_format.keep_with_next = True
                if block.items:
                    for item in block.items:
                        document.add_paragraph(item, style="List Bullet")
                elif block.empty:
                    document.add_paragraph(block.empty)
            elif isinstance(block, ChartBlock):
                chart = block.chart
                head = document.add_paragraph()
                head.add_run(chart.title).bold = True
                head.paragraph_format.keep_with_next = True
                png = pngs.get(chart.id)
                if png is not None:
                    w, _h = chart_size(chart.svg)
                    width = min(text_width, Mm(w * 25.4 / 96))
                    shape = document.add_picture(io.BytesIO(png), width=width)
                    _alt_text(shape, chart.title, chart.text_alternative)
                alt = document.add_paragraph()
                alt.add_run(_("Summary of the chart:") + " ").bold = True
                alt.add_run(chart.text_alternative)
                _table(document, chart_table(chart.table, chart.id))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _alt_text(shape: Any, title: str, description: str) -> None:
    """Set a picture's title and description (Word's alternative text)."""
    from docx.oxml.ns import qn

    doc_pr = shape._inline.find(qn("wp:docPr"))
    if doc_pr is not None:
        doc_pr.set("title", title)
        doc_pr.set("descr", description)
