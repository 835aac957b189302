"""Confidence intervals for indicators, as public health statistics compute them.

- Proportions (a share of children): the Wilson score interval (Wilson 1927; the method
  recommended by Newcombe 1998 and used in the Public Health England "Technical Guide:
  Confidence intervals"). Well behaved for 0% and 100%, unlike the normal approximation.
- Counts and rates (events per population, e.g. first-time entrants per 100,000): the
  exact Poisson interval for small counts, Byar's approximation above them (the same
  guide). The count below which the exact method is used is a parameter: the indicator
  definitions carry it as data.

Every function returns proportions or counts (not percentages); callers scale them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

Z_95 = 1.959963984540054


def wilson(events: int, total: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for `events` out of `total`; None when total is 0."""
    _check_counts(events, total)
    if total == 0:
        return None
    p = events / total
    z2 = z * z
    denom = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


def byar(count: int, z: float = Z_95) -> tuple[float, float]:
    """Byar's approximation to the exact Poisson interval for an observed count."""
    _check_count(count)
    if count == 0:
        return 0.0, exact_poisson(0, z)[1]
    lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    return lower, upper


def exact_poisson(count: int, z: float = Z_95) -> tuple[float, float]:
    """The exact (Garwood) interval for a Poisson count, by bisection on its tails.

    The lower limit L solves P(X >= count | L) = alpha/2, the upper U solves
    P(X <= count | U) = alpha/2, alpha being the two-sided level that z stands for.
    """
    _check_count(count)
    alpha_half = _upper_tail(z)
    lower = 0.0 if count == 0 else _solve(lambda m: 1 - _poisson_cdf(count - 1, m), alpha_half)
    upper = _solve(lambda m: _poisson_cdf(count, m), alpha_half, decreasing=True)
    return lower, upper


def poisson_interval(count: int, *, exact_below: int = 10, z: float = Z_95) -> tuple[float, float]:
    """Exact for counts below `exact_below`, Byar's method from there on."""
    return exact_poisson(count, z) if count < exact_below else byar(count, z)


def rate_interval(
    count: int, population: int, *, per: int = 1, exact_below: int = 10, z: float = Z_95
) -> tuple[float, float] | None:
    """The interval of a rate (count / population x per); None when population is 0."""
    _check_count(count)
    if population < 0:
        raise ValueError(f"population cannot be negative, not {population}")
    if population == 0:
        return None
    low, high = poisson_interval(count, exact_below=exact_below, z=z)
    return low / population * per, high / population * per


def beyond_chance(interval: tuple[float, float] | None, comparator: float | None) -> bool | None:
    """True when the comparator lies outside the interval; None when either is unknown."""
    if interval is None or comparator is None:
        return None
    return comparator < interval[0] or comparator > interval[1]


def _check_count(count: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"a count must be a whole number of at least 0, not {count!r}")


def _check_counts(events: int, total: int) -> None:
    _check_count(events)
    _check_count(total)
    if events > total:
        raise ValueError(f"events ({events}) cannot exceed the total ({total})")


def _upper_tail(z: float) -> float:
    """P(Z > z) for the standard normal."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def _poisson_cdf(k: int, mean: float) -> float:
    """P(X <= k) for X ~ Poisson(mean), summed in log space so large means stay finite."""
    if k < 0:
        return 0.0
    if mean == 0:
        return 1.0
    log_mean = math.log(mean)
    total = 0.0
    for i in range(k + 1):
        total += math.exp(i * log_mean - mean - math.lgamma(i + 1))
    return min(1.0, total)


def _solve(f: Callable[[float], float], target: float, *, decreasing: bool = False) -> float:
    """The mean m where f(m) = target, f monotone in m (bisection to 1e-12 relative)."""

    def below(m: float) -> bool:  # m lies on the low side of the solution
        value = f(m)
        return value > target if decreasing else value < target

    low, high = 0.0, 1.0
    while below(high):  # widen until the solution is bracketed
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if below(mid):
            low = mid
        else:
            high = mid
        if high - low <= 1e-12 * max(1.0, high):
            break
    return (low + high) / 2
