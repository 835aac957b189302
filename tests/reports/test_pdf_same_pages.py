"""The faster PDF path prints the same report: for a demo-like round (30 cases, a
previous round before it) every section starts on the page it started on before the
speed work (WeasyPrint with its defaults and the print stylesheet as it was), and the
document has as many pages.

EXPECTED was recorded from the renderer before that change; re-record it (print
`section_pages(...)`) only for a deliberate change to the report's content or layout.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from yjaudit.reports.make import build_document
from yjaudit.reports.render import render

from .answering import answer_round
from .pdfcheck import page_texts

_SPACE = re.compile(r"\s+")

EXPECTED: dict[str, Any] = {
    "pages": 13,
    "sections": [
        ("Summary", 2),
        ("Comparison with benchmarks", 2),
        ("Charts", 3),
        ("Strengths and areas for improvement", 4),
        ("2.1 Assessment", 4),
        ("2.2 Planning", 5),
        ("2.3 Implementation and delivery", 5),
        ("2.4 Reviewing", 5),
        ("3.1 Assessment", 6),
        ("3.2 Planning", 6),
        ("3.3 Implementation and delivery", 7),
        ("Findings by group of cases", 7),
        ("Sample against caseload", 8),
        ("Data appendix", 9),
    ],
}


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def section_pages(doc: Any, texts: list[str]) -> list[tuple[str, int]]:
    """Each section's title with the first page (1-based) at or after the previous
    section's page where the title is printed."""
    pages = [_flat(t) for t in texts]
    found, at = [], 0
    for _depth, section in doc.walk():
        title = _flat(section.title)
        page = next((i for i in range(at, len(pages)) if title in pages[i]), None)
        assert page is not None, f"section {title!r} is not printed after page {at + 1}"
        found.append((title, page + 1))
        at = page
    return found


@pytest.fixture
def demo_like_round(world: Any) -> Any:
    previous = world.round("DERBY", year=2024, quarter=3, size=20, answered=False)
    answer_round(previous, quality=0.7, seed=3)
    r = world.round("DERBY", year=2024, quarter=4, size=30, answered=False)
    answer_round(r, quality=0.75, seed=4)
    return r


def test_pdf_has_the_same_pages_and_sections_as_before(demo_like_round: Any) -> None:
    doc = build_document(demo_like_round, "round")
    texts = page_texts(render(doc, "pdf"))
    got = {"pages": len(texts), "sections": section_pages(doc, texts)}
    assert got["pages"] == EXPECTED["pages"], got
    assert got["sections"] == [tuple(s) for s in EXPECTED["sections"]], got
    # Every page still ends with its page number.
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
