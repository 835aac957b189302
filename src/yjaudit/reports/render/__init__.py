"""Renderers: one `ReportDocument`, four formats.

`render(doc, fmt)` returns the file's bytes; `CONTENT_TYPES` and `EXTENSIONS` name them.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils import translation

from ..document import ReportDocument, report_language

FORMATS = ("html", "pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(doc: ReportDocument, fmt: str) -> bytes:
    """In the document's language, whoever renders it (a worker has none of its own);
    a document that names none is in the active language, and says so."""
    if not doc.language:
        doc = replace(doc, language=report_language(translation.get_language()))
    with translation.override(doc.language):
        return _render(doc, fmt)


def _render(doc: ReportDocument, fmt: str) -> bytes:
    if fmt == "html":
        from .html import render_html

        return render_html(doc).encode("utf-8")
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(doc)
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(doc)
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(doc)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
