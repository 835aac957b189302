"""HTML: a standalone document (styles inlined, for download and for WeasyPrint) and a
fragment for the web page inside the GOV.UK layout."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from yjaudit.charts import DataTable
from yjaudit.web.charts import plain_svg

from ..document import Cell, ChartBlock, FindingList, Paragraph, ReportDocument, Table

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parent / "templates"
SCREEN_CSS = HERE.parent / "static" / "reports" / "report.css"
PRINT_CSS = HERE / "print.css"


@cache
def stylesheet(print_: bool = True) -> str:
    css = SCREEN_CSS.read_text(encoding="utf-8")
    if print_:
        css += "\n" + PRINT_CSS.read_text(encoding="utf-8")
    return css


def chart_table(table: DataTable, chart_id: str) -> Table:
    """The chart's data table, leaving out columns with nothing in them."""
    keep = [i for i in range(len(table.headers)) if i == 0 or any(row[i] for row in table.rows)]
    headers = tuple(table.headers[i] for i in keep)
    rows = tuple(tuple(Cell(row[i]) for i in keep) for row in table.rows)
    return Table(f"{chart_id}-data", table.caption, headers, rows, table.note)


def context(doc: ReportDocument) -> dict[str, Any]:
    sections = []
    for depth, section in doc.walk():
        blocks: list[dict[str, Any]] = []
        for b in section.blocks:
            if isinstance(b, Paragraph):
                blocks.append({"kind": "paragraph", "item": b})
            elif isinstance(b, Table):
                blocks.append({"kind": "table", "item": b})
            elif isinstance(b, FindingList):
                blocks.append({"kind": "findings", "item": b, "level": min(depth + 2, 6)})
            elif isinstance(b, ChartBlock):
                svg = plain_svg(b.chart.svg)
                blocks.append(
                    {
                        "kind": "chart",
                        "item": b,
                        "svg": mark_safe(svg),  # noqa: S308 - built by yjaudit.charts, all text escaped
                        "table": chart_table(b.chart.table, b.chart.id),
                    }
                )
        sections.append({"depth": depth, "section": section, "blocks": blocks})
    return {"doc": doc, "sections": sections}


@cache
def standalone_engine() -> Engine:
    """The standalone document's own template engine: this app's templates and the i18n
    tags, nothing else. Django's configured engine imports every installed app's tag
    library the first time it renders (Django REST framework's among them): a cold
    process's first report spent 0.6 s CPU there, 0.03 s with this engine."""
    return Engine(dirs=[str(TEMPLATES)], libraries={"i18n": "django.templatetags.i18n"})


def render_html(doc: ReportDocument) -> str:
    ctx = context(doc)
    ctx["css"] = mark_safe(stylesheet())  # noqa: S308 - our own stylesheet file
    template = standalone_engine().get_template("reports/document.html")
    return template.render(Context(ctx, autoescape=True))


def render_fragment(doc: ReportDocument) -> str:
    return render_to_string("reports/includes/body.html", context(doc))
