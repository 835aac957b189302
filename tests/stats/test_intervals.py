"""Interval methods against published worked examples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjaudit.stats.intervals import (
    beyond_chance,
    byar,
    exact_poisson,
    poisson_interval,
    rate_interval,
    wilson,
)


@pytest.mark.parametrize(
    ("events", "total", "low", "high"),
    [
        # Newcombe (1998), "Two-sided confidence intervals for the single proportion",
        # Table I, method 3 (score interval): 81/263, 15/148, 0/20, 1/29.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe(events: int, total: int, low: float, high: float) -> None:
    got = wilson(events, total)
    assert got is not None
    assert got[0] == pytest.approx(low, abs=5e-5)
    assert got[1] == pytest.approx(high, abs=5e-5)


def test_wilson_of_nothing_is_unknown() -> None:
    assert wilson(0, 0) is None


@pytest.mark.parametrize(
    ("count", "low", "high"),
    [
        # Exact Poisson limits as tabled (e.g. Ulm 1990; the PHE technical guide's table).
        (0, 0.0, 3.689),
        (1, 0.0253, 5.572),
        (5, 1.623, 11.668),
        (10, 4.795, 18.390),
    ],
)
def test_exact_poisson_matches_tables(count: int, low: float, high: float) -> None:
    got = exact_poisson(count)
    assert got[0] == pytest.approx(low, abs=6e-4)
    assert got[1] == pytest.approx(high, abs=6e-4)


def test_byar_by_hand() -> None:
    # O = 100: 100 (1 - 1/900 - 1.96/30)^3 = 81.36; 101 (1 - 1/909 + 1.96/sqrt(101)/3)^3 = 121.63
    low, high = byar(100)
    assert low == pytest.approx(81.36, abs=0.01)
    assert high == pytest.approx(121.63, abs=0.01)


def test_poisson_interval_switches_method_at_the_threshold() -> None:
    assert poisson_interval(9, exact_below=10) == exact_poisson(9)
    assert poisson_interval(10, exact_below=10) == byar(10)


def test_rate_interval_scales_per_population() -> None:
    # 50 first-time entrants in 100,000 children: rate 50 per 100,000, Byar 37.1-65.9.
    got = rate_interval(50, 100_000, per=100_000)
    assert got is not None
    assert got[0] == pytest.approx(37.11, abs=0.01)
    assert got[1] == pytest.approx(65.92, abs=0.01)
    assert rate_interval(3, 0) is None


def test_beyond_chance() -> None:
    assert beyond_chance((0.30, 0.40), 0.378) is False
    assert beyond_chance((0.30, 0.35), 0.378) is True
    assert beyond_chance(None, 0.378) is None
    assert beyond_chance((0.3, 0.4), None) is None


@pytest.mark.parametrize("bad", [(-1, 5), (6, 5), (True, 5), (1.5, 5)])
def test_bad_counts(bad: tuple) -> None:
    with pytest.raises(ValueError):
        wilson(*bad)


@given(st.integers(0, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_holds_the_proportion(case: tuple[int, int]) -> None:
    k, n = case
    got = wilson(k, n)
    if n == 0:
        assert got is None
        return
    assert got is not None
    assert 0 <= got[0] <= k / n + 1e-12 and k / n - 1e-12 <= got[1] <= 1


@given(st.integers(0, 400))
def test_exact_and_byar_hold_the_count_and_agree(count: int) -> None:
    low, high = exact_poisson(count)
    assert low <= count <= high
    b_low, b_high = byar(count)
    if count >= 10:  # Byar's approximation is within 1% of the exact limits from 10 on
        assert b_low == pytest.approx(low, rel=0.01)
        assert b_high == pytest.approx(high, rel=0.01)
