"""Secondary suppression: a breakdown must not give away the cells it hides.

A cell of a breakdown (one group's figure) below the indicator's minimum is hidden by
`compute` (primary suppression). The whole-service figure is shown as well, so with one
cell hidden, its numerator and denominator would be the total minus the cells shown.
The rule in the definitions' `suppress:` block (`secondary: next-smallest`) hides the
next smallest cell too: the smallest shown cell with a count above zero (hiding a zero
would leave the small cell's value as the difference), else any shown cell; and more,
smallest first, while the hidden cells' numerators add up to 0 (which would say that
each of them is 0). Then the difference gives only a sum of two or more hidden cells
that pins none of them.

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
    ones can be worked out from the total and the shown ones (same order as given).

    The total minus the shown cells gives the hidden cells' sum, for the numerator and
    for the denominator. A hidden value is then known when it is the only hidden cell, or
    when that sum is 0 (every hidden cell is 0: "none of the 3 children"). So cells are
    hidden, smallest first, until two or more are hidden and each side's hidden sum is
    above 0, or no shown cell is left that would change that."""
    out = list(figures)
    if rule is None or not any(f.suppressed for f in out):
        return out
    while True:
        hidden = [f for f in out if f.suppressed]
        shown = [i for i, f in enumerate(out) if not f.suppressed]
        if not shown:
            return out
        if len(hidden) == 1:
            # The smallest non-empty cell: hiding an empty one would leave the small
            # cell's values as the difference.
            pool = [i for i in shown if out[i].numerator or out[i].denominator] or shown
        else:
            pool = [
                i
                for i in shown
                if any(
                    getattr(out[i], side) > 0 and sum(getattr(f, side) for f in hidden) == 0
                    for side in ("numerator", "denominator")
                )
            ]
            if not pool:
                return out
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
