"""Indicator figures: numerator, denominator, value and 95% interval per period and group.

One call computes one indicator for one quarter, for every group of the fields named in
`by` at once (a breakdown such as ethnicity, or every service for a national picture):
records are placed in groups by integer codes and counted with `numpy.bincount`, so the
cost grows with the records, not with the number of groups.

Intervals follow `yjaudit.stats.intervals`: Wilson for proportions; exact Poisson for
small counts and Byar's method above them for rates and ratios (the count at which the
method changes is the indicator set's `exact_poisson_below`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from yjaudit.stats.intervals import beyond_chance, poisson_interval, wilson

from .model import Condition, Indicator, Kind, PopulationDenominator
from .periods import Quarter, window
from .records import RecordsError, RecordTable
from .suppression import protect

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Figure:
    indicator: str
    period: str  # the quarter's label
    group: tuple[str, ...]  # one value per `by` field; () for the whole service
    numerator: int
    denominator: int
    value: float | None  # scaled by the indicator's `per` (a percentage for per 100)
    ci_low: float | None
    ci_high: float | None
    suppressed: bool = False
    note: str = ""  # why there is no value, or why it is hidden
    # Hidden only so that a smaller hidden group cannot be worked out (`suppression`).
    secondary: bool = False

    def differs_from(self, comparator: float | None) -> bool | None:
        """True when the comparator lies outside this figure's interval (beyond chance)."""
        if self.ci_low is None or self.ci_high is None:
            return None
        return beyond_chance((self.ci_low, self.ci_high), comparator)


def available(indicator: Indicator, quarter: Quarter, today: dt.date) -> bool:
    """Whether a quarter's figure can be known on `today` (cohorts wait for outcomes)."""
    months = indicator.available_after_months
    if months == 0:
        return True
    # The day after the period's last month plus the wait: June 2025 + 18 -> 1 January 2027.
    index = quarter.end.year * 12 + quarter.end.month + months
    ready = dt.date(index // 12, index % 12 + 1, 1)
    return today >= ready


def compute(
    indicator: Indicator,
    records: RecordTable,
    quarter: Quarter,
    *,
    by: Sequence[str] = (),
    population: RecordTable | None = None,
    exact_poisson_below: int = 10,
) -> list[Figure]:
    """The indicator for `quarter`, one figure per group of `by` (sorted by group)."""
    first, last = window(indicator.period, quarter)
    anchor = records.column(indicator.anchor)
    if records.kind(indicator.anchor) != "date":
        raise RecordsError(f"{indicator.id}: anchor {indicator.anchor!r} is not a date field")
    in_period = (anchor >= np.datetime64(first, "D")) & (anchor <= np.datetime64(last, "D"))

    if isinstance(indicator.denominator, PopulationDenominator):
        if population is None:
            raise RecordsError(f"{indicator.id} needs population figures")
        num_mask = in_period & _mask(records, indicator.numerator.where)
        num_keys, numerators = _grouped(records, num_mask, by, indicator.numerator.sum)
        pop_mask = _mask(population, indicator.denominator.where) & _year(population, last)
        den_keys, denominators = _grouped(population, pop_mask, by, "count")
    else:
        den_mask = in_period & _mask(records, indicator.denominator.where)
        num_mask = den_mask & _mask(records, indicator.numerator.where)
        num_keys, numerators = _grouped(records, num_mask, by, indicator.numerator.sum)
        if indicator.kind is Kind.RATIO:
            # Reoffences per reoffender: the denominator counts the numerator's records.
            den_keys, denominators = _grouped(records, num_mask, by, None)
        else:
            den_keys, denominators = _grouped(records, den_mask, by, indicator.denominator.sum)

    totals: dict[tuple[str, ...], list[int]] = {}
    for key, value in zip(den_keys, denominators, strict=True):
        totals.setdefault(key, [0, 0])[1] = int(value)
    for key, value in zip(num_keys, numerators, strict=True):
        totals.setdefault(key, [0, 0])[0] = int(value)
    figures = [
        _figure(indicator, quarter.label, key, num, den, exact_poisson_below)
        for key, (num, den) in sorted(totals.items())
    ]
    # A breakdown hides one more cell when one is hidden, so the total (shown as the
    # whole-service figure) minus the shown cells never gives a hidden one away.
    return protect(figures, indicator.suppress) if by else figures


# Why a figure has no value, for the API's readers (integrators, in English); pages and
# reports say it in people's language from the figure's flags (monitoring.presenters).
_NO_RECORDS = "no records in the period"
_BELOW = "fewer than {below}: not shown"
_OVER = "the numerator is more than the denominator: check the records' {field}"


def _figure(
    indicator: Indicator,
    period: str,
    group: tuple[str, ...],
    num: int,
    den: int,
    exact_below: int,
) -> Figure:
    base = (indicator.id, period, group, num, den)
    if den == 0:
        return Figure(*base, None, None, None, note=_NO_RECORDS)
    rule = indicator.suppress
    counted = num if rule is not None and rule.on == "numerator" else den
    if rule is not None and 0 < counted < rule.below:
        return Figure(
            *base, None, None, None, suppressed=True, note=_BELOW.format(below=rule.below)
        )
    per = indicator.per
    if indicator.kind is Kind.PROPORTION:
        if num > den:  # bad records (e.g. more victims engaged than consented): say so
            field = indicator.numerator.sum or "flags"
            return Figure(
                *base,
                None,
                None,
                None,
                note=_OVER.format(field=field),
            )
        interval = wilson(num, den)
        assert interval is not None
        low, high = interval
        return Figure(*base, num / den * per, low * per, high * per)
    # Rates and ratios: a Poisson count over a fixed base.
    low, high = poisson_interval(num, exact_below=exact_below)
    return Figure(*base, num / den * per, low / den * per, high / den * per)


def _year(population: RecordTable, last: dt.date) -> Mask:
    """Population figures of one year: the latest up to the period's end (else the
    earliest there is), so figures for several years are never added together."""
    if "year" not in population.columns:
        return np.ones(population.size, dtype=bool)
    years = population.column("year")
    known = years[~np.isnan(years)]
    if known.size == 0:
        return np.ones(population.size, dtype=bool)
    upto = known[known <= last.year]
    chosen = upto.max() if upto.size else known.min()
    return np.asarray(years == chosen)


def _mask(records: RecordTable, where: Sequence[Condition]) -> Mask:
    mask = np.ones(records.size, dtype=bool)
    for cond in where:
        mask &= _test(records, cond)
    return mask


def _test(records: RecordTable, cond: Condition) -> Mask:
    col = records.column(cond.field)
    kind = records.kind(cond.field)
    if cond.known is not None:
        blank = (
            np.isnat(col) if kind == "date" else (col == "") if kind == "text" else np.isnan(col)
        )
        return np.asarray(~blank if cond.known else blank)
    if cond.equals is not None or cond.is_in is not None:
        wanted = (cond.equals,) if cond.equals is not None else tuple(cond.is_in or ())
        values = [_as_column_value(cond.field, kind, v) for v in wanted]
        if kind == "text":  # compare label indexes, not strings
            uniques, inverse = records.factors(cond.field)
            hits = np.flatnonzero(np.isin(uniques, values))
            return np.asarray(np.isin(inverse, hits))
        return np.asarray(np.isin(col, values))
    if kind not in ("int", "date"):
        raise RecordsError(f"{cond.field}: at_least and at_most need a number field")
    if kind == "date":
        raise RecordsError(f"{cond.field}: compare dates through the period rule")
    mask = np.ones(records.size, dtype=bool)
    with np.errstate(invalid="ignore"):
        if cond.at_least is not None:
            mask &= col >= cond.at_least
        if cond.at_most is not None:
            mask &= col <= cond.at_most
    return mask


def _as_column_value(field: str, kind: str, value: Any) -> Any:
    if kind == "bool":
        if not isinstance(value, bool):
            raise RecordsError(f"{field} is yes or no: compare it with true or false")
        return 1.0 if value else 0.0
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise RecordsError(f"{field} is a number: compare it with a whole number")
        return float(value)
    return str(value)


def _grouped(
    records: RecordTable, mask: Mask, by: Sequence[str], weight: str | None
) -> tuple[list[tuple[str, ...]], npt.NDArray[np.float64]]:
    """(group keys, totals): the masked records counted (or `weight` summed) per group."""
    weights = None
    if weight is not None:
        w = records.column(weight)
        weights = np.where(np.isnan(w), 0.0, w)[mask]
    if not by:
        total = float(weights.sum()) if weights is not None else float(mask.sum())
        return [()], np.array([total])
    codes = np.zeros(int(mask.sum()), dtype=np.int64)
    levels: list[npt.NDArray[Any]] = []
    for name in by:
        uniques, inverse = records.factors(name)
        codes = codes * len(uniques) + inverse[mask]
        levels.append(uniques)
    sizes = tuple(len(u) for u in levels)
    totals = np.bincount(codes, weights=weights, minlength=int(np.prod(sizes)))
    present = np.flatnonzero(np.bincount(codes, minlength=len(totals)))
    # Each present code back to one label per field, for all groups at once.
    labels = [u[i].tolist() for u, i in zip(levels, np.unravel_index(present, sizes), strict=True)]
    keys = list(zip(*labels, strict=True))
    return keys, totals[present].astype(float)
