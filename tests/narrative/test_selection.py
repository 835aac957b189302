from fractions import Fraction

import pytest
import yaml

from yjaudit.engine.types import Figure
from yjaudit.narrative import (
    FindingKind,
    ResultItem,
    default_settings,
    item_from_figure,
    select_findings,
    settings_from_mapping,
    word_finding,
)

from .test_settings import defaults_data


def item(id: str, k: int, n: int, percent: float | None = None) -> ResultItem:
    return ResultItem(id, f"finding {id}", k, n, percent)


def ids(findings: tuple) -> list[str]:
    return [f.id for f in findings]


def test_seed_style_sentences() -> None:
    sel = select_findings(
        [
            ResultItem("p1", "Assessment drew on all appropriate information", 14, 15),
            ResultItem("p2", "RoSH analysis was of sufficient quality.", 7, 15),
            ResultItem("p3", "planning addressed the risk of harm", 13, 15),
        ]
    )
    assert [f.sentence for f in sel.strengths] == [
        "In all but one of the 15 relevant cases, assessment drew on all appropriate information.",
        "In 13 of the 15 relevant cases, planning addressed the risk of harm.",
    ]
    assert [f.sentence for f in sel.improvements] == [
        "In less than half of the relevant cases (47%, 7 of 15), RoSH analysis was of "
        "sufficient quality."
    ]
    assert sel.strengths[0].kind is FindingKind.STRENGTH
    assert sel.improvements[0].kind is FindingKind.IMPROVEMENT


@pytest.mark.parametrize(
    ("k", "n", "kind"),
    [
        (79, 100, None),  # just below the strength threshold
        (80, 100, "strength"),  # at it
        (81, 100, "strength"),  # above it
        (159, 200, "strength"),  # 79.5% rounds half up to 80
        (65, 100, None),  # at the improvement limit: not below it
        (64, 100, "improvement"),  # just below
        (129, 200, None),  # 64.5% rounds half up to 65: not an area
        (0, 10, "improvement"),
        (10, 10, "strength"),
    ],
)
def test_threshold_boundaries(k: int, n: int, kind: str | None) -> None:
    sel = select_findings([item("x", k, n)])
    found = [f.kind.value for f in sel.strengths + sel.improvements]
    assert found == ([kind] if kind else [])


def test_exact_basis_does_not_round() -> None:
    data = defaults_data()
    data["selection"]["percent_basis"] = "exact-percent"
    s = settings_from_mapping(data)
    assert ids(select_findings([item("a", 159, 200)], settings=s).strengths) == []
    assert ids(select_findings([item("a", 129, 200)], settings=s).improvements) == ["a"]


@pytest.mark.parametrize(("n", "kept"), [(4, False), (5, True), (6, True)])
def test_minimum_cases(n: int, kept: bool) -> None:
    strong = select_findings([item("s", n, n)])
    weak = select_findings([item("w", 0, n)])
    assert ids(strong.strengths) == (["s"] if kept else [])
    assert ids(weak.improvements) == (["w"] if kept else [])
    assert strong.too_few_cases == (() if kept else ("s",))


def test_no_cases_is_neither() -> None:
    sel = select_findings([item("z", 0, 0)])
    assert sel.strengths == sel.improvements == sel.too_few_cases == ()


def test_ordering_and_caps() -> None:
    items = [
        item("a", 16, 20),  # 80%
        item("b", 19, 20),  # 95%
        item("c", 38, 40),  # 95%, more cases: before b
        item("d", 20, 20),  # 100%
        item("e", 9, 10),  # 90%
        item("f", 17, 20),  # 85%
        item("g", 5, 10),  # 50%
        item("h", 1, 10),  # 10%
        item("i", 10, 20),  # 50%, more cases: before g
        item("j", 6, 10),  # 60%
    ]
    sel = select_findings(items)
    assert ids(sel.strengths) == ["d", "c", "b", "e", "f"]  # capped at five
    assert ids(sel.improvements) == ["h", "i", "g", "j"]
    data = defaults_data()
    data["selection"]["max_improvements"] = 1
    sel = select_findings(items, settings=settings_from_mapping(data))
    assert ids(sel.improvements) == ["h"]


def test_ties_keep_the_given_order() -> None:
    sel = select_findings([item("q2", 9, 10), item("q1", 9, 10)])
    assert ids(sel.strengths) == ["q2", "q1"]


def test_explicit_percent_is_compared() -> None:
    # 12 of 15 said yes (80%) but with partly at half a point the figure is 77%.
    sel = select_findings([ResultItem("p", "x", 12, 15, percent=77)])
    assert sel.strengths == ()
    sel = select_findings([ResultItem("p", "x", 12, 15, percent=64.5)])
    assert sel.improvements[0].percent == Fraction(129, 2)
    with pytest.raises(ValueError, match="outside 0-100"):
        select_findings([ResultItem("p", "x", 12, 15, percent=101)])


def test_bad_counts_rejected() -> None:
    with pytest.raises(ValueError):
        select_findings([item("bad", 6, 5)])


def test_word_finding_templates_and_sentence_start() -> None:
    data = defaults_data()
    data["templates"]["strength"] = "{phrase}: {finding}"
    s = settings_from_mapping(data)
    assert (
        word_finding(item("a", 13, 15), FindingKind.STRENGTH, settings=s)
        == "Thirteen of the 15 relevant cases: finding a"
    )
    assert (
        word_finding(item("a", 14, 15), FindingKind.IMPROVEMENT)
        == "In all but one of the 15 relevant cases, finding a."
    )


def figure(num: Fraction, den: Fraction, answers: int, percent: int | None) -> Figure:
    return Figure(num, den, answers, answers, percent, None, None, None, None)


def test_item_from_engine_figure() -> None:
    it = item_from_figure(
        "2.1.1", "assessment drew on ...", figure(Fraction(11), Fraction(15), 15, 73)
    )
    assert (it.k, it.n, it.percent) == (11, 15, 73)
    with pytest.raises(ValueError, match="not a count of cases"):
        item_from_figure("x", "y", figure(Fraction(21, 2), Fraction(15), 15, 70))
    with pytest.raises(ValueError, match="not a count of cases"):
        item_from_figure("x", "y", figure(Fraction(10), Fraction(30), 15, 33))


def test_defaults_file_round_trips() -> None:
    assert settings_from_mapping(yaml.safe_load(yaml.safe_dump(defaults_data()))) == (
        default_settings()
    )
