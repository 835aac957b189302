"""The bundled published ratings against the frameworks' rules: where a row gives every
rating an overall is made of, the framework's (partly inferred) rules give the published
overall from them. A typo in the file or a change to a rule fails here."""

from __future__ import annotations

from fractions import Fraction

from yjaudit.benchmarking.fileformat import ParsedInspection, parse_rows
from yjaudit.cases.importing.reader import read_table
from yjaudit.spec.loader import find_framework
from yjaudit.spec.model import Framework

from .conftest import STARTER

IDS = ("hmip-youth-2018", "hmip-youth-2021", "hmip-youth-2025", "hmip-youth-2025-children-victims")


def frameworks() -> dict[str, tuple[str, Framework]]:
    return {i: (find_framework(i).framework.edition, find_framework(i).framework) for i in IDS}


def rows() -> dict[tuple[str, str], ParsedInspection]:
    table = read_table(STARTER.read_bytes(), STARTER.name, 1_000_000)
    return {(r.service_name, r.inspected): r for r in parse_rows(table, frameworks())}


def points(fw: Framework, label: str) -> int:
    band = fw.rating_scheme(None).band_by_label(label)  # type: ignore[union-attr]
    assert band is not None and band.points is not None
    return band.points


def band(fw: Framework, scheme: str | None, total: int) -> str:
    found = fw.rating_scheme(scheme)
    assert found is not None
    return found.band_for(Fraction(total)).label


def test_east_sussex_2024_sum_of_twelve_standards_is_the_published_25_good() -> None:
    row = rows()[("East Sussex", "2024")]
    fw = frameworks()[row.framework_id][1]
    counted = [s.id for s in fw.standards if s.counted]
    total = sum(points(fw, row.ratings[sid]) for sid in counted)
    assert total == row.overall_score == 25
    assert band(fw, fw.overall.rating_scheme, total) == row.ratings["overall"] == "Good"


def test_lambeth_and_derby_2025_areas_give_the_published_overall() -> None:
    for key in (("Lambeth", "2025"), ("Derby", "2025")):
        row = rows()[key]
        fw = frameworks()[row.framework_id][1]
        children = fw.domains[0]
        assert children.id == "2" and children.rating is not None
        area = band(fw, children.rating.rating_scheme,
                    sum(points(fw, row.ratings[s.id]) for s in children.standards))  # fmt: skip
        total = points(fw, area) + points(fw, row.ratings["V"])
        assert band(fw, fw.overall.rating_scheme, total) == row.ratings["overall"], key
