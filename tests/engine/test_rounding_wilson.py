from fractions import Fraction

import pytest

from yjaudit.engine.rounding import percent_half_up, percent_of, round_half_up
from yjaudit.engine.wilson import wilson_interval


@pytest.mark.parametrize(
    ("fraction", "percent"),
    [
        (Fraction(165, 200), 83),  # 82.5 -> 83, not banker's 82
        (Fraction(137, 172), 80),  # 68.5 / 86 = 79.65 -> 80 (Derby 2.2)
        (Fraction(73, 84), 87),
        (Fraction(59, 78), 76),  # 29.5 / 39
        (Fraction(1, 8), 13),  # 12.5 -> 13
        (Fraction(9, 200), 5),  # 4.5 -> 5 (banker's would give 4)
        (Fraction(129, 200), 65),  # 64.5 -> 65: the Good limit
        (Fraction(99, 200), 50),  # 49.5 -> 50
        (Fraction(989, 2000), 49),  # 49.45 -> 49
        (Fraction(0), 0),
        (Fraction(1), 100),
    ],
)
def test_percent_half_up(fraction: Fraction, percent: int) -> None:
    assert percent_half_up(fraction) == percent
    assert percent_of(fraction.numerator, fraction.denominator) == percent


def test_round_half_up_goes_up_on_every_half() -> None:
    assert [round_half_up(Fraction(2 * k + 1, 2)) for k in range(-3, 4)] == [-2, -1, 0, 1, 2, 3, 4]
    assert round_half_up(Fraction(7, 3)) == 2
    assert round_half_up(Fraction(8, 3)) == 3


def test_percent_of_agrees_with_fractions_everywhere_small() -> None:
    for d in range(1, 60):
        for n in range(0, d + 1):
            assert percent_of(n, d) == percent_half_up(Fraction(n, d))
    with pytest.raises(ValueError):
        percent_of(1, 0)


def test_wilson_known_values() -> None:
    # 7 of 10: the textbook Wilson 95% interval is 0.3968 to 0.8922.
    assert wilson_interval(Fraction(7, 10), 10) == (39.7, 89.2)
    # All yes still leaves room below 100%.
    assert wilson_interval(Fraction(1), 10) == (72.2, 100.0)
    assert wilson_interval(Fraction(0), 10) == (0.0, 27.8)


def test_wilson_narrows_with_more_answers_and_none_without_answers() -> None:
    lo_small, hi_small = wilson_interval(Fraction(1, 2), 10)  # type: ignore[misc]
    lo_big, hi_big = wilson_interval(Fraction(1, 2), 1000)  # type: ignore[misc]
    assert lo_small < lo_big < 50 < hi_big < hi_small
    assert wilson_interval(Fraction(1, 2), 0) is None
