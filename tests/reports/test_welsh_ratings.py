"""Rating words in a Welsh round report (issue 16, item 11): the summary table, the
overall, the charts' band limits and the spreadsheet read "Rhagorol", "Da"..., not the
framework's English labels, which stay what is stored and exported for import."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from yjaudit.audits.case_audits.round_scores import round_score
from yjaudit.reports.make import build_document
from yjaudit.reports.render import render

WELSH = {
    "Outstanding": "Rhagorol",
    "Good": "Da",
    "Requires improvement": "Angen gwella",
    "Inadequate": "Annigonol",
}
ENGLISH = re.compile(r"\b(Outstanding|Good|Requires improvement|Inadequate)\b")


@pytest.fixture
def derby(world: Any) -> Any:
    return world.round("DERBY", size=16)


def _ratings(derby: Any) -> set[str]:
    result = round_score(derby).result
    found = {s.rating for s in result.standards if s.rating}
    assert found, "the round should have rated standards"
    return found


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&#39;", "'")


def _summary_ratings(doc: Any) -> list[str]:
    table = next(t for t in doc.tables() if t.id == "summary")
    column = list(table.headers).index("Gradd")
    return [row[column].text for row in table.rows]


def test_a_welsh_round_report_in_html_shows_welsh_rating_words(derby: Any) -> None:
    labels = _ratings(derby)
    doc = build_document(derby, "round", language="cy")
    shown = _summary_ratings(doc)
    for label in labels:
        assert WELSH[label] in shown, (label, shown)
    assert not any(ENGLISH.search(s) for s in shown), shown
    html = render(doc, "html").decode()
    text = _text(re.sub(r"<svg.*?</svg>", " ", html, flags=re.S))
    for label in labels:
        assert WELSH[label] in text
    # The charts' band limits: Welsh words on the lines and in the text alternative.
    svgs = " ".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))
    assert "Rhagorol" in svgs and "Outstanding" not in svgs
    # No rating word in English anywhere in the report, charts included.
    assert not ENGLISH.search(_text(html)), ENGLISH.search(_text(html))
    # English is unchanged.
    english = build_document(derby, "round", language="en")
    assert set(_summary_ratings_en(english)) & labels


def _summary_ratings_en(doc: Any) -> list[str]:
    table = next(t for t in doc.tables() if t.id == "summary")
    column = list(table.headers).index("Rating")
    return [row[column].text for row in table.rows]


def test_a_welsh_round_report_in_excel_shows_welsh_rating_words(derby: Any) -> None:
    from openpyxl import load_workbook

    labels = _ratings(derby)
    data = render(build_document(derby, "round", language="cy"), "xlsx")
    book = load_workbook(io.BytesIO(data))
    cells = {
        str(c)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c is not None
    }
    for label in labels:
        assert WELSH[label] in cells, label
        assert label not in cells, label
