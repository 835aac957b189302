"""Whole percentages rounded half up, from exact fractions, in integer arithmetic.

HMIP and the Derby self-audit band the percentage *rounded to the nearest whole
number* with halves going up (82.5 -> 83; 68.5 / 86 = 79.65 -> 80). Python's round()
rounds halves to even and floats cannot hold 82.5% of most denominators exactly, so
both are avoided: everything here is integer arithmetic on the fraction's parts.
"""

from __future__ import annotations

from fractions import Fraction


def round_half_up(value: Fraction) -> int:
    """The nearest integer, halves rounded up (towards +infinity): floor(value + 1/2)."""
    # floor((2n + d) / 2d) for value = n / d with d > 0 (Fraction keeps d positive).
    n, d = value.numerator, value.denominator
    return (2 * n + d) // (2 * d)


def percent_half_up(fraction: Fraction) -> int:
    """A fraction (e.g. points over maximum) as a whole percentage, rounded half up."""
    return round_half_up(fraction * 100)


def percent_of(numerator: int, denominator: int) -> int:
    """numerator / denominator as a whole percentage rounded half up (denominator > 0).

    The same as percent_half_up(Fraction(numerator, denominator)), without building a
    Fraction: the engine calls it for every figure.
    """
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    return (200 * numerator + denominator) // (2 * denominator)
