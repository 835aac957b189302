"""Secondary suppression: a breakdown must not give away the cells it hides.

A cell of a breakdown (one group's figure) below the indicator's minimum is hidden by
`compute` (primary suppression). The whole-service figure is shown as well, so with one
cell hidden, its numerator and denominator would be the total minus the cells shown.
The rule in the definitions' `suppress:` block (`secondary: next-smallest`) hides the
next smallest cell too: the smallest shown cell with a count above zero (hiding a zero
would leave the small cell's value as the difference), else any shown cell. Then the
difference gives only the sum of two or more hidden cells, never one of them.

This protects against the total minus the shown cells of one breakdown; it does not
attempt the cross-table audit of several breakdowns read together (documented in
docs/indicators.md).

Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .compute import Figure
    from .model import Suppression

SECONDARY_NOTE = "hidden so that a smaller group cannot be worked out from the total"


def counted(figure: Figure, rule: Suppression) -> int:
    """The side of the fraction the rule tests (the denominator, or a rate's numerator)."""
    return figure.numerator if rule.on == "numerator" else figure.denominator


def protect(figures: Sequence[Figure], rule: Suppression | None) -> list[Figure]:
    """The breakdown's figures with enough further cells hidden that none of the hidden
    ones equals the total minus the shown ones (same order as given)."""
    out = list(figures)
    if rule is None:
        return out
    hidden = [i for i, f in enumerate(out) if f.suppressed]
    if len(hidden) != 1:
        return out  # none hidden, or already two or more: only their sum is derivable
    shown = [i for i, f in enumerate(out) if not f.suppressed]
    if not shown:
        return out
    # The smallest non-zero cell (by the counted side, then by the other side, then by
    # group), else the smallest at all: its hiding makes the difference a sum of two.
    nonzero = [i for i in shown if out[i].numerator or out[i].denominator]
    pool = nonzero or shown
    chosen = min(pool, key=lambda i: (counted(out[i], rule), out[i].denominator, out[i].group))
    out[chosen] = replace(
        out[chosen],
        value=None,
        ci_low=None,
        ci_high=None,
        suppressed=True,
        secondary=True,
        note=SECONDARY_NOTE,
    )
    return out
