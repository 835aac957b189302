"""One figure per fact (issue 9.5): a round's figures read through every door agree.

One round (27 case audits submitted, 3 in progress whose answers must not count) is
read through the round page, the results page, the round report in every format (HTML,
PDF text via pdftotext, Word via python-docx, Excel via openpyxl), the API, and
`yjaudit score` on the answers `yjaudit answers export` writes. Per standard the
numerator, denominator, percentage, rating and cases, and the overall rating and
points, must be the same everywhere.
"""

from __future__ import annotations

import io
import json
import re
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from cases.factories import sign_in
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.cli.main import main
from yjaudit.organisations.models import Role

from .figures_world import N, build
from .pdfcheck import page_texts

pytestmark = pytest.mark.django_db

# standard id -> (numerator, denominator, percent, rating, cases); None where not shown.
Facts = dict[str, tuple[Any, Any, Any, Any, Any]]


class _Tables(HTMLParser):
    """Every table of an HTML page: caption and rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]], dict[str, str]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(("", [], {k: v or "" for k, v in attrs}))
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            _old, rows, attrs = self.tables[-1]
            self.tables[-1] = (" ".join("".join(self._caption).split()), rows, attrs)
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _html_table(html: str, caption: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(html)
    # The exact caption first: a chart's data table ("Standards by rating") may come
    # before the table itself on the results page.
    for found, rows, _attrs in parser.tables:
        if found.strip() == caption:
            return rows
    for found, rows, _attrs in parser.tables:
        if found.startswith(caption):
            return rows
    raise AssertionError(f"no table {caption!r}")


def _num(text: str) -> Fraction | None:
    text = text.strip().rstrip("%")
    return Fraction(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None


def _from_api(data: dict[str, Any]) -> Facts:
    return {
        s["id"]: (
            _frac(s["numerator"]) if s["rated_by"] == "cases" else None,
            _frac(s["denominator"]) if s["rated_by"] == "cases" else None,
            s["percent"] if s["rated_by"] == "cases" else None,
            s["rating"],
            s["cases"] if s["rated_by"] == "cases" else None,
        )
        for s in data["standards"]
    }


def _frac(x: Any) -> Fraction | None:
    return None if x is None else Fraction(str(x))


def _from_summary(rows: list[list[str]]) -> Facts:
    """The round report's summary table: standard, %, rating, from, to, cases, points,
    score, out of."""
    out: Facts = {}
    for row in rows[1:]:
        sid = row[0].split()[0]
        judged = row[1] == "Inspector judgement"
        rating = re.sub(r" \(set by hand.*", "", row[2])
        out[sid] = (
            None if judged else _num(row[7]),
            None if judged else _num(row[8]),
            None if judged else _num(row[1]),
            None if rating == "Not rated" else rating,
            None if judged else int(row[5]),
        )
    return out


def _from_results_page(html: str) -> Facts:
    out: Facts = {}
    for row in _html_table(html, "Standards")[1:]:
        sid = row[0].split()[0]
        rating = None if row[-1].startswith("Not rated") else row[-1]
        if len(row) == 3:  # a judgement standard: the figures cell spans four columns
            out[sid] = (None, None, None, rating, None)
            continue
        num, den = (Fraction(x.strip()) for x in row[1].split("/"))
        out[sid] = (num, den, _num(row[2]), rating, int(row[4]))
    return out


def _overall_sentence(overall: dict[str, Any]) -> str:
    points = f"{overall['points']} of {overall['max_points']} points"
    return f"Overall rating: {overall['rating']} ({points})."


def test_one_round_has_one_set_of_figures_everywhere(tmp_path: Path, settings: Any) -> None:
    settings.YJAUDIT_REPORT_ROUND_SCORE = "yjaudit.audits.case_audits.round_scores.round_score"
    settings.YJAUDIT_REPORT_BENCHMARKS_FILE = ""
    results.clear_cache()
    world = build(override=False)
    pk = world.round.pk
    manager = world.users[Role.MANAGER]  # full case access, no override links on the page

    # The API: the reference every other door is checked against.
    api = sign_in(APIClient(), manager).get(f"/api/v1/audit-rounds/{pk}/").json()
    expected = _from_api(api)
    counted = N - len(world.in_progress)
    assert api["cases"] == counted
    assert api["progress"] == {"sample": N, "counted": counted, "in_progress": 3}
    case_standards = [s for s, f in expected.items() if f[1] is not None]
    assert len(case_standards) >= 6 and all(expected[s][4] for s in case_standards)
    overall = api["overall"]
    assert overall["rating"] and overall["points"] is not None

    client = sign_in(Client(), manager)
    # The round page: its caseload and sample are the report's.
    round_page = client.get(reverse("rounds:detail", args=[pk])).content.decode()
    caseload = re.search(r'id="caseload">\s*(\d+)', round_page)
    assert caseload is not None

    # The results page.
    page = client.get(reverse("audits:results", args=[pk])).content.decode()
    assert _from_results_page(page) == expected
    assert re.search(r'id="overall-rating">\s*' + re.escape(overall["rating"]), page)
    assert f"{overall['points']} / {overall['max_points']}" in page
    assert 'id="in-progress"' in page

    # The round report, every format, as downloaded.
    def download(fmt: str) -> bytes:
        r = client.get(reverse("reports:download", args=[pk, "round", fmt]))
        assert r.status_code == 200
        return r.content

    sentence = _overall_sentence(overall)
    html = download("html").decode()
    assert _from_summary(_html_table(html, "Summary of standards")) == expected
    assert sentence in " ".join(html.split())
    cover = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html))
    assert cover.get("Cases open in the period") == caseload.group(1)
    assert cover.get("Cases in the sample") == str(N)
    assert cover.get("Case audits counted (submitted or later)") == str(counted)
    assert cover.get("Case audits in progress, not counted") == "3"

    from docx import Document

    word = Document(io.BytesIO(download("docx")))
    headers = _html_table(html, "Summary of standards")[0]
    table = next(t for t in word.tables if [c.text for c in t.rows[0].cells] == headers)
    assert _from_summary([[c.text for c in row.cells] for row in table.rows]) == expected
    assert any(sentence in p.text for p in word.paragraphs)

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(download("xlsx")))
    sheet = next(ws for ws in wb.worksheets if ws.cell(1, 1).value == "Summary of standards")
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0] is not None
    ]
    # Excel holds real numbers: percentages as whole numbers, the rest as they are.
    assert _from_summary(rows) == expected
    assert any(sentence in str(c.value) for ws in wb.worksheets for r in ws.iter_rows() for c in r)

    pdf_layout = "\n".join(page_texts(download("pdf")))
    assert sentence in " ".join(pdf_layout.split())
    lines = pdf_layout.splitlines()
    for sid in case_standards:
        num, den, percent, rating, cases = expected[sid]
        # pdftotext -layout keeps a row's cells on its first line (a long rating wraps
        # its second word to the next line): standard, %, rating, interval, cases,
        # rating points, score, out of.
        row = next(line for line in lines if line.startswith(f"{sid} "))
        found = re.search(rf"\s{percent}%\s+(\S+)\s.*\s{cases}\s+\d+\s+{num}\s+{den}\s*$", row)
        assert found and found.group(1) == (rating or "Not").split()[0], (row, expected[sid])

    # `yjaudit score` on the exported answers and judgements.
    answers, judgements = tmp_path / "answers.csv", tmp_path / "judgements.csv"
    run = CliRunner().invoke
    r = run(
        main,
        ["answers", "export", str(pk), "-o", str(answers), "--judgements", str(judgements)],
    )
    assert r.exit_code == 0, r.output
    framework = world.round.framework_edition.framework_id
    r = run(
        main,
        ["score", str(answers), "-f", framework, "--judgements", str(judgements), "--json"],
    )
    assert r.exit_code == 0, r.output
    cli = json.loads(r.stdout)
    assert cli["cases"] == counted
    assert _from_api(cli) == expected
    assert (cli["overall"]["rating"], cli["overall"]["points"]) == (
        overall["rating"],
        overall["points"],
    )
