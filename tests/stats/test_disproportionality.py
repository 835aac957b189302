import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjaudit.stats import Reason, Why, relative_rate_index


def test_worked_example_by_hand() -> None:
    # 30 of 200 Black children vs 60 of 1,000 White children: rates .15 and .06,
    # RRI 2.5; variance term 1/30 + 1/60 - 1/200 - 1/1000 = .05 - .006 = .044,
    # sqrt = .2097618, 1.96 * that = .4111331; 2.5 exp(-/+ .4111331) = 1.6572, 3.7713.
    r = relative_rate_index(30, 200, 60, 1000)
    assert r.group_rate == Fraction(3, 20)
    assert r.reference_rate == Fraction(3, 50)
    assert r.rri == pytest.approx(2.5)
    assert r.ci_low == pytest.approx(2.5 * math.exp(-0.4111331), rel=1e-6)
    assert r.ci_high == pytest.approx(2.5 * math.exp(0.4111331), rel=1e-6)
    assert r.ci_low == pytest.approx(1.6572, abs=1e-4)
    assert r.ci_high == pytest.approx(3.7713, abs=1e-4)
    assert r.significant is True
    assert r.reason is None


def test_equal_rates_not_significant() -> None:
    r = relative_rate_index(10, 100, 50, 500)
    assert r.rri == pytest.approx(1.0)
    assert r.ci_low is not None and r.ci_low < 1 < (r.ci_high or 0)
    assert r.significant is False


def test_under_representation() -> None:
    r = relative_rate_index(5, 1000, 100, 1000)
    assert r.rri == pytest.approx(0.05)
    assert r.significant is True and r.ci_high is not None and r.ci_high < 1


def test_no_group_events() -> None:
    r = relative_rate_index(0, 100, 10, 100)
    assert r.rri == 0.0
    assert (r.ci_low, r.ci_high, r.significant) == (None, None, None)
    # A code for the reader's pages to word, never an English sentence.
    assert r.reason == Reason(Why.GROUP_NO_EVENTS)


def test_no_reference_events() -> None:
    r = relative_rate_index(3, 100, 0, 100)
    assert r.rri is None and r.reason == Reason(Why.REFERENCE_NO_EVENTS)


def test_custom_z() -> None:
    wide = relative_rate_index(30, 200, 60, 1000, z=2.576)
    narrow = relative_rate_index(30, 200, 60, 1000)
    assert wide.ci_low is not None and narrow.ci_low is not None
    assert wide.ci_low < narrow.ci_low


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((5, 0, 1, 10), ValueError, "group population must be at least 1"),
        ((11, 10, 1, 10), ValueError, "group events"),
        ((-1, 10, 1, 10), ValueError, "group events"),
        ((1, 10, 1, -3), ValueError, "reference population"),
        ((1.5, 10, 1, 10), TypeError, "whole number"),
        ((True, 10, 1, 10), TypeError, "whole number"),
    ],
)
def test_bad_input(args: tuple, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        relative_rate_index(*args)


counts = st.integers(min_value=1, max_value=5000).flatmap(
    lambda n: st.tuples(st.integers(min_value=1, max_value=n), st.just(n))
)


@given(counts, counts)
def test_interval_holds_rri_and_inverts(group: tuple[int, int], ref: tuple[int, int]) -> None:
    r = relative_rate_index(*group, *ref)
    assert r.rri is not None and r.ci_low is not None and r.ci_high is not None
    assert 0 < r.ci_low <= r.rri * (1 + 1e-12)
    assert r.rri <= r.ci_high * (1 + 1e-12)
    # Swapping the groups inverts the RRI and its interval (the formula is symmetric).
    s = relative_rate_index(*ref, *group)
    assert s.rri == pytest.approx(1 / r.rri)
    assert s.ci_low == pytest.approx(1 / r.ci_high)
