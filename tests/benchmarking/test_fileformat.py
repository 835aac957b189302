"""The published ratings file: the bundled starter file, and every kind of bad row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yjaudit.benchmarking.fileformat import parse_rows
from yjaudit.cases.importing.reader import ImportFileError, read_table
from yjaudit.spec.loader import find_framework

from .conftest import STARTER

IDS = ("hmip-youth-2018", "hmip-youth-2021", "hmip-youth-2025", "hmip-youth-2025-children-victims")
FRAMEWORKS = {i: (find_framework(i).framework.edition, find_framework(i).framework) for i in IDS}
HEADER = "service,inspection_date,framework,2.1,V,overall_score,overall_rating,source\n"


def parse(text: str, name: str = "ratings.csv"):
    return parse_rows(read_table(text.encode(), name, 1_000_000), FRAMEWORKS)


def problems(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(ImportFileError) as exc:
        parse(text)
    return [(p.row, p.column) for p in exc.value.problems]


def test_the_starter_file_reads_as_published() -> None:
    rows = {(r.service_name, r.inspected): r for r in parse(STARTER.read_text(), STARTER.name)}
    assert len(rows) == 6
    lambeth = rows[("Lambeth", "2025")]
    assert lambeth.framework_id == "hmip-youth-2025-children-victims"
    assert lambeth.ratings == {
        "2.1": "Good", "2.2": "Outstanding", "2.3": "Outstanding",
        "V": "Requires improvement", "overall": "Good",
    }  # fmt: skip
    east_sussex = rows[("East Sussex", "2024")]
    assert east_sussex.overall_score == Decimal(25) and east_sussex.ratings["overall"] == "Good"
    # D1 G,G,O,O; D2 G,I,O,O; D3 RI,RI,O,G; resettlement RI (not counted): 25 of 36.
    points = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
    counted = [v for k, v in east_sussex.ratings.items() if k not in ("4.1", "overall")]
    assert len(counted) == 12 and sum(points[v] for v in counted) == 25
    derby_2018 = rows[("Derby", "2018-06")]
    assert derby_2018.ratings == {
        "2.1": "Good", "2.2": "Requires improvement", "2.3": "Good", "2.4": "Good",
        "3.1": "Inadequate", "3.2": "Requires improvement", "3.3": "Requires improvement",
        "3.4": "Outstanding",
    }  # fmt: skip
    assert rows[("South Tees", "2025")].ratings == {"overall": "Good"}
    assert all(r.source for r in rows.values())


def test_ratings_ignore_letter_case_and_not_rated_is_blank() -> None:
    (row,) = parse(HEADER + "Lambeth,2025-06-01,hmip-youth-2025-children-victims,good,"
                   "Not rated,,GOOD,Report\n")  # fmt: skip
    assert row.ratings == {"2.1": "Good", "overall": "Good"}


def test_every_problem_is_reported_with_its_row_and_column() -> None:
    text = HEADER + (
        "Lambeth,2025-13,hmip-youth-2025-children-victims,Excellent,,x,Good,Report\n"
        ",2025,hmip-youth-2025-children-victims,Good,,,Good,\n"
        "Derby,2025,no-such-framework,Good,,,Good,Report\n"
        "Derby,2018,hmip-youth-2018,Good,Good,,,Report\n"
        "Wakefield,2025,hmip-youth-2025-children-victims,,,,,Report\n"
    )
    assert problems(text) == [
        (2, "inspection_date"), (2, "2.1"), (2, "overall_score"),
        (3, "service"), (3, "source"),
        (4, "framework"),
        (5, "V"),  # hmip-youth-2018 rates no area V
        (6, ""),  # no rating at all
    ]  # fmt: skip


def test_the_same_inspection_twice_and_missing_columns() -> None:
    row = "Lambeth,2025,hmip-youth-2025-children-victims,Good,,,Good,Report\n"
    assert problems(HEADER + row + row.replace("Lambeth", "LAMBETH")) == [(3, "service")]
    assert problems("service,framework\nX,hmip-youth-2018\n") == [
        (1, "inspection_date"), (1, "overall_rating"), (1, "source"),
    ]  # fmt: skip


def test_a_wrong_edition_and_an_empty_file() -> None:
    text = HEADER.replace("framework,", "framework,edition,") + (
        "Lambeth,2025,hmip-youth-2025-children-victims,2021,Good,,,Good,Report\n"
    )
    assert problems(text) == [(2, "edition")]
    assert problems(HEADER) == [(None, "")]


def test_control_characters_are_refused() -> None:
    row = "Lam\x01beth,2025,hmip-youth-2025-children-victims,Good,,,Good,Report\n"
    assert problems(HEADER + row) == [(2, "")]
