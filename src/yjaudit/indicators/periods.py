"""Reporting quarters and the periods an indicator reads for one of them.

The YJB reports by financial-year quarter (the year starts in April: Q1 is April to
June); an indicator set says which month starts its year. A quarter is labelled by its
reporting year and number, "2025-26 Q1" (or "2025 Q1" for a calendar year).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import PeriodRule


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    start: dt.date  # first day
    end: dt.date  # last day
    year_starts_month: int = 4

    @property
    def label(self) -> str:
        year = (
            self.start.year if self.start.month >= self.year_starts_month else self.start.year - 1
        )
        number = (self.start.month - self.year_starts_month) % 12 // 3 + 1
        if self.year_starts_month == 1:
            return f"{year} Q{number}"
        return f"{year}-{(year + 1) % 100:02d} Q{number}"

    def previous(self) -> Quarter:
        return quarter_containing(self.start - dt.timedelta(days=1), self.year_starts_month)

    def next(self) -> Quarter:
        return quarter_containing(self.end + dt.timedelta(days=1), self.year_starts_month)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_containing(day: dt.date, year_starts_month: int = 4) -> Quarter:
    offset = (day.month - year_starts_month) % 3
    start = _add_months(dt.date(day.year, day.month, 1), -offset)
    end = _add_months(start, 3) - dt.timedelta(days=1)
    return Quarter(start, end, year_starts_month)


def quarters_ending(last: Quarter, count: int) -> list[Quarter]:
    """`count` quarters in order, the last being `last` (a trend)."""
    out = [last]
    while len(out) < count:
        out.append(out[-1].previous())
    return out[::-1]


def window(rule: PeriodRule, quarter: Quarter) -> tuple[dt.date, dt.date]:
    """The first and last day of the records an indicator reads for `quarter`."""
    if rule is PeriodRule.ROLLING_12_MONTHS:
        return _add_months(quarter.start, -9), quarter.end
    return quarter.start, quarter.end
