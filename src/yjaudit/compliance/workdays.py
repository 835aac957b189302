"""Working days in England and in Wales: weekends and bank holidays.

The bank holidays come from the `holidays` library (its United Kingdom calendar,
subdivision ENG or WLS), never from a hand-written list: it carries the substitute
days when Christmas, Boxing Day or New Year's Day fall at a weekend and one-off days
such as the 2022 Platinum Jubilee and the 2023 Coronation. Wales has had the same
bank holidays as England so far; the library keeps a separate WLS subdivision, so a
Welsh-only day would follow without a code change.

Counting convention (used by every deadline): the start date itself is day 0; day 1
is the first working day after it, whatever day of the week the start was.
Pure Python: no Django.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


class Calendar(StrEnum):
    """The bank holidays a service works to (a service's choice is data: its rule set)."""

    ENGLAND = "england"
    WALES = "wales"

    @property
    def subdivision(self) -> str:
        return {Calendar.ENGLAND: "ENG", Calendar.WALES: "WLS"}[self]


@lru_cache(maxsize=256)
def _holidays_in(calendar: Calendar, year: int) -> frozenset[dt.date]:
    days = holidays.country_holidays("GB", subdiv=calendar.subdivision, years=year)
    return frozenset(days)


def bank_holidays(calendar: Calendar, year: int) -> dict[dt.date, str]:
    """The year's bank holidays with their names (as the library gives them)."""
    days = holidays.country_holidays("GB", subdiv=Calendar(calendar).subdivision, years=year)
    return {d: days[d] for d in sorted(days)}


def is_working_day(day: dt.date, calendar: Calendar = Calendar.ENGLAND) -> bool:
    return day.weekday() < 5 and day not in _holidays_in(Calendar(calendar), day.year)


def add_working_days(start: dt.date, n: int, calendar: Calendar = Calendar.ENGLAND) -> dt.date:
    """The date `n` working days after `start` (day 1 is the first working day after it)."""
    if n < 0:
        raise ValueError("count working days forwards (n >= 0)")
    calendar = Calendar(calendar)
    day = start
    left = n
    while left:
        day += ONE_DAY
        if is_working_day(day, calendar):
            left -= 1
    return day


def working_days_between(
    start: dt.date, end: dt.date, calendar: Calendar = Calendar.ENGLAND
) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    The inverse of `add_working_days`: working_days_between(d, add_working_days(d, n)) == n.
    """
    calendar = Calendar(calendar)
    count = 0
    day = start + ONE_DAY
    while day <= end:
        count += is_working_day(day, calendar)
        day += ONE_DAY
    return count


def holiday_dates(calendar: Calendar, first_year: int, last_year: int) -> list[dt.date]:
    """Every bank holiday of the years, sorted (for vectorised callers, e.g. numpy)."""
    out: set[dt.date] = set()
    for year in range(first_year, last_year + 1):
        out |= _holidays_in(Calendar(calendar), year)
    return sorted(out)
