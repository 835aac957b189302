"""Every phrase boundary of the default rule file, checked by hand-written expectations."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjaudit.narrative import Kind, describe, whole_percent
from yjaudit.narrative.numbers import number
from yjaudit.narrative.settings import default_settings


def text(k: int, n: int, style: str | None = None) -> str:
    return describe(k, n, style=style).text


# -- the structural phrases: n = 0, n = 1, k = 0, k = n, k = n - 1 ---------------------


@pytest.mark.parametrize(
    ("k", "n", "expected", "kind"),
    [
        (0, 0, "no relevant cases", Kind.NO_CASES),
        (0, 1, "no relevant case (0 of 1)", Kind.NONE),
        (1, 1, "the one relevant case", Kind.ALL),
        (0, 2, "neither of the two relevant cases", Kind.NONE),
        (1, 2, "one of the two relevant cases", Kind.COUNTS),
        (2, 2, "both relevant cases", Kind.ALL),
        (0, 3, "none of the three relevant cases", Kind.NONE),
        (3, 3, "all three relevant cases", Kind.ALL),
        (0, 6, "none of the six relevant cases", Kind.NONE),
        (12, 12, "all 12 relevant cases", Kind.ALL),
        (9, 9, "all nine relevant cases", Kind.ALL),
        (10, 10, "all 10 relevant cases", Kind.ALL),
        (0, 15, "none of the 15 relevant cases", Kind.NONE),
        (14, 15, "all but one of the 15 relevant cases", Kind.ALL_BUT),
        (13, 15, "13 of the 15 relevant cases", Kind.COUNTS),
        (1, 4, "one of the four relevant cases", Kind.COUNTS),
        (91, 91, "all 91 relevant cases", Kind.ALL),
        (90, 91, "all but one of the 91 relevant cases", Kind.ALL_BUT),
        (0, 91, "none of the 91 relevant cases", Kind.NONE),
    ],
)
def test_structural_phrases(k: int, n: int, expected: str, kind: Kind) -> None:
    phrase = describe(k, n)
    assert phrase.text == expected
    assert phrase.kind is kind


@pytest.mark.parametrize("style", ["counts", "proportion", "auto"])
def test_all_none_and_all_but_ignore_style(style: str) -> None:
    assert text(15, 15, style) == "all 15 relevant cases"
    assert text(0, 15, style) == "none of the 15 relevant cases"
    assert text(14, 15, style) == "all but one of the 15 relevant cases"


# -- all but: max_misses = 1, min_n = 5 -------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        (3, 4, "three of the four relevant cases"),  # n just below min_n
        (4, 5, "all but one of the five relevant cases"),  # n at min_n
        (5, 6, "all but one of the six relevant cases"),  # n above min_n
        (3, 5, "three of the five relevant cases"),  # two misses: above max_misses
        (18, 20, "18 of the 20 relevant cases"),
        (19, 20, "all but one of the 20 relevant cases"),
    ],
)
def test_all_but_boundaries(k: int, n: int, expected: str) -> None:
    assert text(k, n) == expected


# -- auto style: counts up to n = 20, proportion above ----------------------------------


def test_auto_switches_to_proportion_above_twenty() -> None:
    assert text(15, 20) == "15 of the 20 relevant cases"
    assert text(15, 21) == "nearly three-quarters of the relevant cases (15 of 21)"


# -- proportion bands, at n = 100 so k is the percentage --------------------------------


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        (1, "a small minority of the relevant cases (1%, 1 of 100)"),
        (19, "a small minority of the relevant cases (19%, 19 of 100)"),
        (20, "nearly a quarter of the relevant cases (20%, 20 of 100)"),
        (21, "nearly a quarter of the relevant cases (21%, 21 of 100)"),
        (24, "nearly a quarter of the relevant cases (24%, 24 of 100)"),
        (25, "a quarter of the relevant cases (25 of 100)"),
        (26, "just over a quarter of the relevant cases (26%, 26 of 100)"),
        (29, "just over a quarter of the relevant cases (29%, 29 of 100)"),
        (30, "nearly a third of the relevant cases (30%, 30 of 100)"),
        (31, "nearly a third of the relevant cases (31%, 31 of 100)"),
        (33, "nearly a third of the relevant cases (33%, 33 of 100)"),
        (34, "just over a third of the relevant cases (34%, 34 of 100)"),
        (39, "just over a third of the relevant cases (39%, 39 of 100)"),
        (40, "less than half of the relevant cases (40%, 40 of 100)"),
        (41, "less than half of the relevant cases (41%, 41 of 100)"),
        (49, "less than half of the relevant cases (49%, 49 of 100)"),
        (50, "half of the relevant cases (50 of 100)"),
        (51, "just over half of the relevant cases (51 of 100)"),
        (54, "just over half of the relevant cases (54 of 100)"),
        (55, "more than half of the relevant cases (55%, 55 of 100)"),
        (56, "more than half of the relevant cases (56%, 56 of 100)"),
        (61, "more than half of the relevant cases (61%, 61 of 100)"),
        (62, "nearly two-thirds of the relevant cases (62 of 100)"),
        (63, "nearly two-thirds of the relevant cases (63 of 100)"),
        (66, "nearly two-thirds of the relevant cases (66 of 100)"),
        (67, "just over two-thirds of the relevant cases (67 of 100)"),
        (69, "just over two-thirds of the relevant cases (69 of 100)"),
        (70, "nearly three-quarters of the relevant cases (70 of 100)"),
        (71, "nearly three-quarters of the relevant cases (71 of 100)"),
        (74, "nearly three-quarters of the relevant cases (74 of 100)"),
        (75, "three-quarters of the relevant cases (75 of 100)"),
        (76, "just over three-quarters of the relevant cases (76 of 100)"),
        (79, "just over three-quarters of the relevant cases (79 of 100)"),
        (80, "most of the relevant cases (80 of 100)"),
        (81, "most of the relevant cases (81 of 100)"),
        (89, "most of the relevant cases (89 of 100)"),
        (90, "the vast majority of the relevant cases (90 of 100)"),
        (91, "the vast majority of the relevant cases (91 of 100)"),
        (94, "the vast majority of the relevant cases (94 of 100)"),
        (95, "almost all of the relevant cases (95 of 100)"),
        (96, "almost all of the relevant cases (96 of 100)"),
        (98, "almost all of the relevant cases (98 of 100)"),
        (99, "all but one of the 100 relevant cases"),
        (100, "all 100 relevant cases"),
    ],
)
def test_band_boundaries_at_n_100(k: int, expected: str) -> None:
    assert text(k, 100, "proportion") == expected


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        (99, "nearly a third of the relevant cases (33%, 99 of 300)"),
        (100, "a third of the relevant cases (100 of 300)"),
        (101, "just over a third of the relevant cases (34%, 101 of 300)"),
        (199, "nearly two-thirds of the relevant cases (199 of 300)"),
        (200, "two-thirds of the relevant cases (200 of 300)"),
        (201, "just over two-thirds of the relevant cases (201 of 300)"),
    ],
)
def test_thirds_are_exact_not_rounded(k: int, expected: str) -> None:
    assert text(k, 300, "proportion") == expected


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        (11, 15, "nearly three-quarters of the relevant cases (11 of 15)"),
        (8, 15, "just over half of the relevant cases (8 of 15)"),
        (7, 15, "less than half of the relevant cases (47%, 7 of 15)"),
        (10, 15, "two-thirds of the relevant cases (10 of 15)"),
        (5, 15, "a third of the relevant cases (5 of 15)"),
        (1, 4, "a quarter of the relevant cases (1 of 4)"),
        (1, 3, "a third of the relevant cases (1 of 3)"),
        (1, 2, "half of the relevant cases (1 of 2)"),
        (40, 45, "most of the relevant cases (40 of 45)"),
        (29, 31, "the vast majority of the relevant cases (29 of 31)"),
    ],
)
def test_inspector_examples(k: int, n: int, expected: str) -> None:
    assert text(k, n, "proportion") == expected


def test_counts_style_forced_for_large_n() -> None:
    assert text(40, 45, "counts") == "40 of the 45 relevant cases"


# -- sentence case and the parts of a phrase --------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "style", "expected"),
    [
        (13, 15, None, "Thirteen of the 15 relevant cases"),
        (14, 15, None, "All but one of the 15 relevant cases"),
        (0, 6, None, "None of the six relevant cases"),
        (11, 15, "proportion", "Nearly three-quarters of the relevant cases (11 of 15)"),
        (1, 1, None, "The one relevant case"),
    ],
)
def test_sentence_case(k: int, n: int, style: str | None, expected: str) -> None:
    assert describe(k, n, style=style).sentence_case == expected


def test_phrase_parts() -> None:
    p = describe(7, 15, style="proportion")
    assert (p.k, p.n, p.percent, p.counts, p.quantity) == (7, 15, 47, "7 of 15", "less than half")
    assert str(p) == p.text
    empty = describe(0, 0)
    assert (empty.percent, empty.counts) == (None, "")


def test_custom_noun() -> None:
    assert describe(16, 16, noun=("custody case", "custody cases")).text == "all 16 custody cases"
    assert describe(1, 1, noun=("case", "cases")).text == "the one case"


def test_engine_fractions_accepted_when_whole() -> None:
    assert describe(Fraction(14), Fraction(15)).text == "all but one of the 15 relevant cases"


@pytest.mark.parametrize(
    ("k", "n", "error"),
    [
        (-1, 5, ValueError),
        (6, 5, ValueError),
        (1, -1, ValueError),
        (Fraction(1, 2), 5, ValueError),
        (1.5, 5, ValueError),
        (float("nan"), 5, ValueError),
        (True, 5, TypeError),
        ("3", 5, TypeError),
    ],
)
def test_bad_counts(k: object, n: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        describe(k, n)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("k", "n", "percent"), [(1, 200, 1), (1, 201, 0), (1, 8, 13), (5, 8, 63), (2, 3, 67)]
)
def test_whole_percent_rounds_half_up(k: int, n: int, percent: int) -> None:
    assert whole_percent(k, n) == percent


def test_whole_percent_needs_cases() -> None:
    with pytest.raises(ValueError):
        whole_percent(0, 0)


# -- properties over every count --------------------------------------------------------

counts = st.integers(min_value=0, max_value=400).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(counts, st.sampled_from(["auto", "counts", "proportion"]))
def test_counts_always_behind_the_phrase(kn: tuple[int, int], style: str) -> None:
    k, n = kn
    p = describe(k, n, style=style)
    assert "{" not in p.text and "}" not in p.text
    if p.kind in (Kind.BAND, Kind.LANDMARK):
        assert f"({k} of {n})" in p.text or f"%, {k} of {n})" in p.text
    elif p.kind is Kind.COUNTS:
        assert p.text.startswith(f"{number(k, 9)} of the {number(n, 9)} ")
    elif p.kind is Kind.ALL and n > 2:
        assert f"all {number(n, 9)} " in p.text
    elif p.kind is Kind.ALL_BUT:
        assert f"of the {number(n, 9)} " in p.text
    elif p.kind is Kind.NONE and n > 2:
        assert f"none of the {number(n, 9)} " in p.text
    assert p.percent == (whole_percent(k, n) if n else None)


@given(st.integers(min_value=21, max_value=400))
def test_bands_never_go_down_as_k_rises(n: int) -> None:
    s = default_settings()
    order = [b.words for b in s.bands]
    last = -1
    for k in range(1, n):
        p = describe(k, n, style="proportion")
        if p.kind is Kind.BAND:
            index = order.index(p.quantity or "")
            assert index >= last
            last = index


def test_shown_percent_never_rounds_to_none_or_all() -> None:
    assert text(1, 201, "proportion") == "a small minority of the relevant cases (<1%, 1 of 201)"
    data_percent = describe(1, 201, style="proportion").percent
    assert data_percent == 0  # the number itself stays the rounded value
    assert text(2, 200, "proportion") == "a small minority of the relevant cases (1%, 2 of 200)"


def test_shown_percent_below_all() -> None:
    from yjaudit.narrative import settings_from_mapping

    from .test_settings import defaults_data

    data = defaults_data()
    data["all_but"]["max_misses"] = 0
    data["bands"][-1]["show_percent"] = True
    s = settings_from_mapping(data)
    assert describe(399, 400, settings=s, style="proportion").text == (
        "almost all of the relevant cases (>99%, 399 of 400)"
    )
