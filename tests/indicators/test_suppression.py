"""Secondary suppression: no hidden cell of a breakdown is the total minus the shown ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yjaudit.indicators import Figure, Indicator, find_indicator_set
from yjaudit.indicators.compute import _figure
from yjaudit.indicators.model import Suppression
from yjaudit.indicators.suppression import protect

KPI1 = find_indicator_set("yjb-kpi-2023").get("kpi1-accommodation")
FTE = find_indicator_set("yjb-national-indicators").get("first-time-entrants")


def breakdown(indicator: Indicator, cells: list[tuple[int, int]]) -> list[Figure]:
    """Primary suppression as `compute` applies it, one figure per (numerator, denominator)."""
    return [
        _figure(indicator, "2025-26 Q1", (f"g{i}",), num, den, 10)
        for i, (num, den) in enumerate(cells)
    ]


def derivable(figures: list[Figure], side: str) -> list[str]:
    """Hidden cells whose `side` (numerator or denominator) follows from the total minus
    the shown cells, i.e. from the hidden cells' sum: when a single cell is hidden, or
    when the sum is 0 (each is then 0), unless every cell is hidden or the total itself
    is 0 (the whole-service figure says it: nothing to protect in a breakdown)."""
    hidden = [f for f in figures if f.suppressed]
    if not hidden or len(hidden) == len(figures):
        return []
    hidden_sum = sum(getattr(f, side) for f in hidden)
    total = sum(getattr(f, side) for f in figures)
    if len(hidden) == 1 or (hidden_sum == 0 and total > 0):
        return [str(f.group) for f in hidden]
    return []


proportion_cells = st.lists(
    st.integers(0, 60).flatmap(lambda den: st.tuples(st.integers(0, den), st.just(den))),
    min_size=1,
    max_size=8,
)
rate_cells = st.lists(st.tuples(st.integers(0, 12), st.integers(0, 5000)), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(proportion_cells)
def test_no_hidden_proportion_cell_is_derivable(cells: list[tuple[int, int]]) -> None:
    figures = protect(breakdown(KPI1, cells), KPI1.suppress)
    for side in ("numerator", "denominator"):
        assert derivable(figures, side) == []
    for f in figures:
        if f.suppressed:
            assert f.value is None and f.ci_low is None and f.ci_high is None
    primary = [f for f in breakdown(KPI1, cells) if f.suppressed]
    secondary = [f for f in figures if f.secondary]
    # More cells are hidden only when some were: no breakdown without a small cell changes.
    assert secondary == [] or primary != []


@settings(max_examples=300, deadline=None)
@given(rate_cells)
def test_no_hidden_rate_cell_is_derivable(cells: list[tuple[int, int]]) -> None:
    figures = protect(breakdown(FTE, cells), FTE.suppress)
    assert derivable(figures, "numerator") == []


@settings(max_examples=200, deadline=None)
@given(proportion_cells)
def test_the_second_hidden_cell_is_not_an_empty_one_when_another_will_do(
    cells: list[tuple[int, int]],
) -> None:
    figures = protect(breakdown(KPI1, cells), KPI1.suppress)
    secondary = [f for f in figures if f.secondary]
    shown_nonzero = [f for f in figures if not f.suppressed and f.denominator]
    primary = [f for f in figures if f.suppressed and not f.secondary]
    if len(primary) == 1 and secondary and shown_nonzero:
        # Hiding an empty cell would leave the small cell as the difference: the first
        # cell hidden with it is the smallest non-empty one.
        first = min(f.denominator for f in secondary)
        assert first > 0
        assert all(first <= f.denominator for f in shown_nonzero)


def test_hand_example_next_smallest() -> None:
    # Denominators 3 (hidden: below 5), 7, 12 and 40: 7 is hidden too.
    figures = protect(breakdown(KPI1, [(1, 3), (5, 7), (6, 12), (30, 40)]), KPI1.suppress)
    assert [f.suppressed for f in figures] == [True, True, False, False]
    assert [f.secondary for f in figures] == [False, True, False, False]
    # Total 52 minus the shown 52 - 12 - 40 = 10: only the sum of the two hidden cells.
    total = sum(den for _n, den in [(1, 3), (5, 7), (6, 12), (30, 40)])
    assert total - 12 - 40 == 3 + 7


def test_hidden_numerators_adding_to_zero_hide_one_more() -> None:
    # 0 of 3 (hidden: below 5) and 0 of 6 (next smallest): total 15 of 49 minus the
    # shown 15 of 40 says both hidden cells are 0, so 15 of 20 is hidden as well.
    figures = protect(breakdown(KPI1, [(0, 3), (0, 6), (15, 20), (0, 20)]), KPI1.suppress)
    assert [f.suppressed for f in figures] == [True, True, True, False]
    assert derivable(figures, "numerator") == [] and derivable(figures, "denominator") == []


def test_no_rule_no_change_and_rule_is_data() -> None:
    figures = breakdown(KPI1, [(1, 3), (5, 7)])
    assert protect(figures, None) == figures
    assert KPI1.suppress is not None and KPI1.suppress.secondary == "next-smallest"
    with pytest.raises(ValueError):
        Suppression.model_validate({"below": 5, "secondary": "none"})
