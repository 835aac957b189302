"""Disproportionality: the relative rate index (RRI) with its 95% interval.

RRI = (a / A) / (b / B): the rate at which a group (a events among A children, e.g.
Black children cautioned out of Black children aged 10-17) meets an outcome, over the
rate for the reference group (b among B, usually White children). The interval is
the usual log-scale one (Katz, Baptista, Azen and Pike, "Obtaining confidence
intervals for the risk ratio in cohort studies", Biometrics 34, 1978):

    exp(ln RRI +/- z sqrt(1/a + 1/b - 1/A - 1/B)),  z = 1.96 for 95%

It is undefined when either group has no events (ln 0): the RRI is then 0 or has no
value, and the result says why instead of inventing a figure. It says why as a `Reason`
(a code and the group it concerns), never in words: the pages and the CLI word it in
their reader's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

Z_95 = 1.96


class Why(StrEnum):
    """Why an RRI, or its interval, has no value."""

    REFERENCE_NO_EVENTS = "reference-no-events"  # the reference rate is 0: nothing to divide by
    GROUP_NO_EVENTS = "group-no-events"  # the RRI is 0, and ln 0 gives no interval
    NO_BASE = "no-base"  # no children at the stage before: no rate (`stages`)
    ZERO_COUNT = "zero-count"  # none at this stage: the RRI has no value, ln 0 (`stages`)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why there is no figure, for the caller to word: `group` is the group it is about
    (None when the code says it all), `reference` whether that is the reference group."""

    why: Why
    group: str | None = None
    reference: bool = False


@dataclass(frozen=True, slots=True)
class RelativeRate:
    group_events: int
    group_population: int
    reference_events: int
    reference_population: int
    group_rate: Fraction
    reference_rate: Fraction
    rri: float | None
    ci_low: float | None
    ci_high: float | None
    reason: Reason | None = None  # why the RRI or its interval is missing

    @property
    def significant(self) -> bool | None:
        """True when the interval excludes 1 (the group's rate differs); None if unknown."""
        if self.ci_low is None or self.ci_high is None:
            return None
        return self.ci_low > 1.0 or self.ci_high < 1.0


def _check(name: str, events: int, population: int) -> None:
    for label, v in ((f"{name} events", events), (f"{name} population", population)):
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError(f"{label} must be a whole number, not {v!r}")
    if population <= 0:
        raise ValueError(f"{name} population must be at least 1, not {population}")
    if not 0 <= events <= population:
        raise ValueError(
            f"{name} events ({events}) must be between 0 and the population ({population})"
        )


def relative_rate_index(
    group_events: int,
    group_population: int,
    reference_events: int,
    reference_population: int,
    *,
    z: float = Z_95,
) -> RelativeRate:
    """The RRI of a group against a reference group, with its interval."""
    a, big_a, b, big_b = group_events, group_population, reference_events, reference_population
    _check("group", a, big_a)
    _check("reference", b, big_b)
    group_rate, reference_rate = Fraction(a, big_a), Fraction(b, big_b)
    base = (a, big_a, b, big_b, group_rate, reference_rate)
    if b == 0:
        return RelativeRate(*base, None, None, None, Reason(Why.REFERENCE_NO_EVENTS))
    rri = float(group_rate / reference_rate)
    if a == 0:
        return RelativeRate(*base, rri, None, None, Reason(Why.GROUP_NO_EVENTS))
    # 1/a - 1/A and 1/b - 1/B are each >= 0; clamp float noise when a = A and b = B.
    half = z * math.sqrt(max(0.0, (1 / a - 1 / big_a) + (1 / b - 1 / big_b)))
    log_rri = math.log(rri)
    return RelativeRate(*base, rri, math.exp(log_rri - half), math.exp(log_rri + half))
