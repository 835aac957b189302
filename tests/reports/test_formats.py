"""Each format rendered for demo-like rounds and checked the way a reader would."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from yjaudit.audits.case_audits.round_scores import round_score
from yjaudit.engine.types import Figure, ScoreResult
from yjaudit.reports.make import build_document
from yjaudit.reports.render import render

from .pdfcheck import ink_outside_margins, page_images, page_texts, require


def _engine(r: Any) -> ScoreResult:
    return round_score(r).result


def _sheet_rows(wb: Any, caption: str) -> list[tuple[Any, ...]]:
    for ws in wb.worksheets:
        if ws.cell(1, 1).value == caption:
            return [row for row in ws.iter_rows(min_row=3, values_only=True) if row[0] is not None]
    raise AssertionError(f"no sheet with caption {caption!r}")


def test_excel_figures_equal_the_engines(world: Any) -> None:
    # Derby-style local audit: "partly" scores half, so points are not whole numbers.
    r = world.round("DERBY", "hmip-style-local-audit", size=24, quality=0.6)
    doc = build_document(r, "round")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(render(doc, "xlsx")))
    result = _engine(r)
    summary = _sheet_rows(wb, "Summary of standards")
    assert len(summary) == len(result.standards)
    for row, s in zip(summary, result.standards, strict=True):
        label, percent, rating, low, high, cases, _points, num, den = row
        assert label.startswith(s.id)
        assert percent == s.figure.percent and isinstance(percent, int)
        assert rating == (s.rating or "Not rated")
        assert (low, high) == (s.figure.ci_low, s.figure.ci_high)
        assert cases == s.figure.cases
        if s.rated_by == "cases" and s.figure.denominator:
            assert (num, den) == (float(s.figure.numerator), float(s.figure.denominator))
    appendix = _sheet_rows(wb, "Every key question and prompt")
    figures: dict[str, Figure] = {}
    for s in result.standards:
        for kq in s.key_questions:
            figures[kq.id] = kq.figure
            figures.update((p.id, p.figure) for p in kq.prompts)
    assert len(appendix) == len(figures)
    halves = 0
    for qid, _text, points, maximum, answers, cases, percent, low, high in appendix:
        f = figures[qid.strip()]
        assert points == (float(f.numerator) if f.answers else None)
        assert maximum == (float(f.denominator) if f.answers else None)
        assert (answers, cases) == (f.answers, f.cases)
        assert percent == f.percent if f.percent is not None else percent == "No figure"
        assert (low, high) == (f.ci_low, f.ci_high)
        halves += isinstance(points, float) and not points.is_integer()
    assert halves, "expected some part points (partly = 0.5) in the Derby-style audit"


def test_excel_text_cannot_run_formulas(world: Any) -> None:
    r = world.round("DERBY", size=12)
    r.name = '=HYPERLINK("http://evil","x")'
    r.save()
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(render(build_document(r, "round"), "xlsx")))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} holds a formula"
                if isinstance(c.value, str):
                    assert not c.value.startswith(("=", "+", "@")), c.value


def test_pdf_of_a_91_case_round_fits_its_pages_and_repeats_headers(world: Any) -> None:
    world.round("LEEDS", size=40, quality=0.6)
    world.round("YORK", size=40, quality=0.85)
    r = world.round("DERBY", size=91)
    assert round_score(r).result.cases == 91
    pdf = render(build_document(r, "round"), "pdf")
    images = page_images(pdf)
    texts = page_texts(pdf)
    assert len(images) == len(texts) >= 8
    for number, img in enumerate(images, start=1):
        assert ink_outside_margins(img) == [], f"page {number}: ink outside the margins"
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    # The data appendix runs over several pages; each of them repeats the header row.
    start = next(i for i, t in enumerate(texts) if "Every key question and prompt" in t)
    row = re.compile(r"^\s*\d\.\d\.\d", re.M)
    appendix_pages = [t for t in texts[start:] if row.search(t)]
    assert len(appendix_pages) >= 2
    for text in appendix_pages:
        header = next(line for line in text.splitlines() if "Maximum" in line)
        assert all(word in header for word in ("Question", "Points", "Maximum", "Answers"))


def test_word_file_has_repeating_headers_alt_text_and_converts(world: Any) -> None:
    require("pdftoppm")  # charts become pictures through it
    r = world.round("DERBY", "cci-2009", size=30)
    data = render(build_document(r, "round"), "docx")
    from docx import Document
    from docx.oxml.ns import qn

    d = Document(io.BytesIO(data))
    assert d.tables and all(
        t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for t in d.tables[1:]
    )
    pictures = d.inline_shapes
    assert len(pictures) >= 3  # one per domain and the headline chart
    for shape in pictures:
        assert shape._inline.find(qn("wp:docPr")).get("descr")
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Headline scores" in text and "Summary of the chart:" in text

    office = require("libreoffice")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(data)
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
        pdf = (Path(tmp) / "report.pdf").read_bytes()
    texts = page_texts(pdf)
    assert len(texts) >= 4
    assert any("Audit round report" in t for t in texts)


def test_html_has_chart_alternatives_and_tables(world: Any) -> None:
    r = world.round("DERBY", size=20)
    html = render(build_document(r, "round"), "html").decode()
    assert html.count('role="img"') == html.count("Summary of the chart:") >= 2
    assert "<thead>" in html and 'scope="row"' in html
    assert 'Page " counter(page)' in html  # print stylesheet inlined


def test_board_pack_over_eight_rounds_fits_its_pages(world: Any) -> None:
    for i in range(8):
        last = world.round(
            "DERBY", year=2023 + i // 4, quarter=1 + i % 4, size=10, quality=0.5 + 0.05 * i
        )
    doc = build_document(last, "board")
    trend = next(t for t in doc.tables() if t.id == "pack-trend")
    assert len(trend.headers) == 9  # the standard and eight rounds
    pdf = render(doc, "pdf")
    for number, img in enumerate(page_images(pdf), start=1):
        assert ink_outside_margins(img) == [], f"page {number}: ink outside the margins"
