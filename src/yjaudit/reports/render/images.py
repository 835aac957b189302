"""Charts as PNG for Word (which cannot show SVG): WeasyPrint prints every chart on a
page of its own size, and poppler's `pdftoppm` turns the pages into PNGs in one call.

Without `pdftoppm` (Debian package poppler-utils) the Word file still has every
chart's text alternative and data table; only the picture is left out.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from yjaudit.charts import Chart

from .html import plain_svg

_SIZE = re.compile(r'<svg[^>]*?width="(\d+)"[^>]*?height="(\d+)"')
DPI = 150


def chart_size(svg: str) -> tuple[int, int]:
    """The SVG's width and height in CSS pixels."""
    found = _SIZE.search(svg)
    if not found:
        raise ValueError("chart SVG has no width and height")
    return int(found.group(1)), int(found.group(2))


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def chart_pngs(charts: Sequence[Chart]) -> list[bytes | None]:
    tool = pdftoppm()
    if not charts or tool is None:
        return [None] * len(charts)
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    pages = []
    css = ["body { margin: 0; } svg { display: block; }"]
    for i, chart in enumerate(charts):
        w, h = chart_size(chart.svg)
        css.append(f"@page c{i} {{ size: {w}px {h}px; margin: 0; }} .c{i} {{ page: c{i}; }}")
        pages.append(f'<div class="c{i}" style="break-after: page">{plain_svg(chart.svg)}</div>')
    html = f"<html><head><style>{''.join(css)}</style></head><body>{''.join(pages)}</body></html>"
    pdf = HTML(string=html).write_pdf()
    with tempfile.TemporaryDirectory(prefix="yjaudit-charts-") as tmp:
        src = Path(tmp) / "charts.pdf"
        src.write_bytes(pdf)
        subprocess.run(  # noqa: S603 - a fixed tool on our own temporary file
            [tool, "-png", "-r", str(DPI), str(src), str(Path(tmp) / "chart")],
            check=True,
            capture_output=True,
            timeout=120,
        )
        files = sorted(Path(tmp).glob("chart-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        out: list[bytes | None] = [f.read_bytes() for f in files]
    if len(out) != len(charts):
        return [None] * len(charts)
    return out
