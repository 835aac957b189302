"""PDF: WeasyPrint prints the standalone HTML with the print stylesheet (A4, page
numbers, table headers repeated on every page a table runs onto)."""

from __future__ import annotations

import ctypes.util
import importlib
import logging
import sys
from functools import cache
from types import ModuleType

from ..document import ReportDocument
from .html import render_html


def _drop_partial_import() -> None:
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        del sys.modules[name]


@cache
def _weasyprint() -> ModuleType:
    """WeasyPrint, imported on the first PDF only (the CLI and web never pay otherwise).

    On import it opens Pango, HarfBuzz and fontconfig trying each library's name on every
    platform in turn; cffi runs `ctypes.util.find_library` (ldconfig, gcc and ld in
    subprocesses) for each name it cannot open directly: 22 look-ups and about 50
    processes, 0.2 s of CPU and up to a second on a loaded machine. On Linux the sonames
    later in its lists ("libpango-1.0.so.0") open directly, so the look-ups are skipped
    while it loads; if that fails, the import is retried the ordinary way.
    """
    if sys.platform.startswith("linux"):
        find_library = ctypes.util.find_library
        ctypes.util.find_library = lambda name: None
        try:
            return importlib.import_module("weasyprint")
        except OSError:
            _drop_partial_import()
        finally:
            ctypes.util.find_library = find_library
    return importlib.import_module("weasyprint")


def render_pdf(doc: ReportDocument) -> bytes:
    weasyprint = _weasyprint()
    # WeasyPrint logs every CSS property it ignores; the report's CSS is ours and tested.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf: bytes = weasyprint.HTML(string=render_html(doc)).write_pdf()
    return pdf
