"""PDF: WeasyPrint prints the standalone HTML with the print stylesheet (A4, page
numbers, table headers repeated on every page a table runs onto)."""

from __future__ import annotations

import logging

from ..document import ReportDocument
from .html import render_html


def render_pdf(doc: ReportDocument) -> bytes:
    from weasyprint import HTML

    # WeasyPrint logs every CSS property it ignores; the report's CSS is ours and tested.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf: bytes = HTML(string=render_html(doc)).write_pdf()
    return pdf
