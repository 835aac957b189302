"""PDF checks with poppler: pages as images (pdftoppm) and text per page (pdftotext)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

DPI = 40
MM = DPI / 25.4


def require(tool: str) -> str:
    """The tool's path; skip without it, unless CI asks for everything (as browsers do)."""
    found = shutil.which(tool)
    if found:
        return found
    reason = f"{tool} not found (Debian: see scripts/ensure_browser.sh)"
    if os.environ.get("YJAUDIT_REQUIRE_BROWSER", "") in {"1", "true", "yes"}:
        pytest.fail(f"YJAUDIT_REQUIRE_BROWSER is set but {reason}", pytrace=False)
    pytest.skip(reason)


def page_images(pdf: bytes) -> list[Image.Image]:
    tool = require("pdftoppm")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run([tool, "-gray", "-r", str(DPI), "-png", str(src), f"{tmp}/p"], check=True)
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        return [Image.open(f).convert("L") for f in files]


def page_texts(pdf: bytes) -> list[str]:
    tool = require("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run([tool, "-layout", str(src), f"{tmp}/doc.txt"], check=True)
        text = (Path(tmp) / "doc.txt").read_text(encoding="utf-8")
    return text.split("\f")[: text.count("\f")] or [text]


def ink_outside_margins(
    img: Image.Image,
    *,
    side_mm: float = 12,
    top_mm: float = 12,
    footer: tuple[float, float] = (70, 140),
) -> list[str]:
    """Where a page has ink in its side or top margins, or in the bottom margin outside
    the centred page number (A4, the print stylesheet's 16 / 18 mm margins)."""
    w, h = img.size
    data = img.tobytes()
    problems = []

    def dark(box: tuple[int, int, int, int]) -> bool:
        x0, y0, x1, y1 = box
        return any(min(data[y * w + x0 : y * w + x1]) < 200 for y in range(y0, y1))

    side = int(side_mm * MM)
    top = int(top_mm * MM)
    bottom = int(14 * MM)
    f0, f1 = int(footer[0] * MM), int(footer[1] * MM)
    boxes = {
        "left margin": (0, 0, side, h),
        "right margin": (w - side, 0, w, h),
        "top margin": (0, 0, w, top),
        "bottom margin (left)": (0, h - bottom, f0, h),
        "bottom margin (right)": (f1, h - bottom, w, h),
    }
    for name, box in boxes.items():
        if dark(box):
            problems.append(name)
    return problems
