"""95% Wilson score interval for a proportion, as percentages to one decimal.

Used to show how sure each figure is. For yes/no questions p is the share of "yes";
for questions scoring partial points (partly = 0.5) p is points over maximum, and the
interval is the usual approximation that treats it as a proportion of n answers.
"""

from __future__ import annotations

import math
from fractions import Fraction

Z_95 = 1.959964


def _percent_1dp(x: float) -> float:
    # Half up to one decimal place, clamped to [0, 100] against float noise.
    return min(100.0, max(0.0, math.floor(x * 1000.0 + 0.5) / 10.0))


def wilson_interval(p: Fraction | float, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """(low, high) in percent for proportion p over n answers; None when n is 0.

    p outside [0, 1] (possible only with unusual point scales) is clamped, since the
    interval is defined for proportions.
    """
    if n <= 0:
        return None
    pf = min(1.0, max(0.0, float(p)))
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (pf + z2 / (2 * n)) / denom
    half = (z / denom) * math.sqrt(pf * (1.0 - pf) / n + z2 / (4.0 * n * n))
    return _percent_1dp(centre - half), _percent_1dp(centre + half)
