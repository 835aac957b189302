"""The benchmark file format: CSV or YAML, row-level errors, nothing half-read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from yjaudit.reports.benchmarks import BenchmarkFileError, parse_benchmarks
from yjaudit.reports.document import Table
from yjaudit.reports.make import build_document

CSV = b"""# source: HMIP annual report 2011, areas inspected to date
framework,edition,item,lowest,average,highest,services
cci-2009,2011,safeguarding,37,67,91,
cci-2009,2011,risk-of-harm,36%,62,85,20
cci-2009,2011,likelihood-of-reoffending,43,70,87,
"""


def test_csv_reads_figures_and_source() -> None:
    b = parse_benchmarks(CSV, filename="national.csv")
    assert b.source == "HMIP annual report 2011, areas inspected to date"
    assert (b.framework_id, b.edition) == ("cci-2009", "2011")
    rh = b.get("risk-of-harm")
    assert rh is not None and (rh.lowest, rh.average, rh.highest, rh.services) == (36, 62, 85, 20)


def test_yaml_reads_the_same_shape() -> None:
    text = b"""source: National averages 2024
framework: hmip-youth-2021
edition: "2021"
items:
  - {item: "2.1", lowest: 40, average: 66.5, highest: 90}
  - {item: overall, average: 71}
"""
    b = parse_benchmarks(text, filename="national.yaml")
    assert b.get("2.1") is not None and b.get("overall") is not None
    assert b.get("overall").lowest is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"item,lowest,average,highest\n2.1,abc,50,60\n", "row 2, lowest: 'abc' is not a number"),
        (b"item,lowest,average,highest\n2.1,10,50,160\n", "row 2, highest: 160 is outside 0-100"),
        (b"item,lowest,average,highest\n2.1,70,50,60\n", "row 2: expected lowest <= average"),
        (
            b"item,lowest,average,highest\n2.1,1,2,3\n2.1,1,2,3\n",
            "row 3, item: '2.1' is given twice",
        ),
        (b"item,lowest,average,highest\n,1,2,3\n", "row 2, item: required"),
        (b"item,lowest,average\n", "row 1, highest: missing column"),
        (b"item,lowest,average,highest,colour\n", "row 1, colour: unknown column"),
        (b"item,lowest,average,highest\n2.1,,,\n", "row 2: give at least one"),
        (b"item,lowest,average,highest,services\n2.1,1,2,3,0\n", "row 2, services"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_csv_problems_name_row_and_field(data: bytes, expected: str) -> None:
    with pytest.raises(BenchmarkFileError) as info:
        parse_benchmarks(data, filename="b.csv")
    assert expected in str(info.value)
    assert str(info.value).startswith("b.csv: ")


def test_yaml_problems() -> None:
    with pytest.raises(BenchmarkFileError, match="row 2, colour: unknown key"):
        parse_benchmarks(
            b"items:\n  - {item: a, average: 1}\n  - {item: b, average: 2, colour: red}\n",
            filename="b.yaml",
        )
    with pytest.raises(BenchmarkFileError, match="not valid YAML"):
        parse_benchmarks(b"items: [\n", filename="b.yaml")


def test_a_round_report_uses_a_file(world: Any, tmp_path: Path, settings: Any) -> None:
    path = tmp_path / "national.csv"
    path.write_bytes(CSV)
    r = world.round("DERBY", "cci-2009", size=20)
    doc = build_document(r, "round", benchmarks_file=path)
    headlines = next(t for t in doc.tables() if t.id == "headlines")
    safeguarding = next(row for row in headlines.rows if "Safeguarding" in row[0].text)
    assert [c.value for c in safeguarding[3:6]] == [37, 91, 67]  # lowest, highest, average
    assert headlines.note.startswith("HMIP annual report 2011")
    # The same file from settings, for the web pages.
    settings.YJAUDIT_REPORT_BENCHMARKS_FILE = str(path)
    doc = build_document(r, "round")
    assert any(isinstance(t, Table) and t.id == "benchmarks" for t in doc.tables())
