"""Calendar months and month arithmetic (pure, no Django)."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, order=True, slots=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, _calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)


def months_ending(last: Month, count: int) -> list[Month]:
    """`count` months ending with `last`, oldest first (12 for a year's trend)."""
    return [last.shifted(-i) for i in range(count - 1, -1, -1)]


@lru_cache(maxsize=4096)
def _days_in(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, held to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month0 + 1, min(day.day, _days_in(year, month0 + 1)))
