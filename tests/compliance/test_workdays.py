"""Working days: England and Wales bank holidays from the `holidays` library."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjaudit.compliance import Calendar, add_working_days, bank_holidays, working_days_between
from yjaudit.compliance.workdays import is_working_day

D = dt.date
ENG, WLS = Calendar.ENGLAND, Calendar.WALES


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        (D(2026, 4, 2), 1, D(2026, 4, 7), "Thursday + 1 skips Good Friday to Easter Monday"),
        (D(2026, 4, 1), 3, D(2026, 4, 8), "Wed + 3: Thu, (Fri, Sat, Sun, Mon off) Tue, Wed"),
        # Christmas 2026: Friday 25, Saturday 26 -> Boxing Day substitute Monday 28.
        (D(2026, 12, 24), 1, D(2026, 12, 29), "25th, weekend and the substitute 28th skipped"),
        # Christmas 2021: Saturday 25 and Sunday 26 -> substitutes Monday 27, Tuesday 28.
        (D(2021, 12, 24), 1, D(2021, 12, 29), "both substitute days skipped"),
        # New Year 2022 fell on a Saturday -> substitute Monday 3 January.
        (D(2021, 12, 31), 1, D(2022, 1, 4), "New Year's substitute day skipped"),
        # Early May bank holiday 2026: Monday 4 May; spring bank holiday: Monday 25 May.
        (D(2026, 5, 1), 1, D(2026, 5, 5), "early May bank holiday"),
        (D(2026, 5, 22), 1, D(2026, 5, 26), "spring bank holiday"),
        # 2022: spring bank holiday moved to Thursday 2 June, Platinum Jubilee Friday 3 June.
        (D(2022, 6, 1), 1, D(2022, 6, 6), "2022 spring bank holiday and the Jubilee"),
        (D(2026, 1, 5), 15, D(2026, 1, 26), "three plain weeks"),
        (D(2026, 1, 10), 1, D(2026, 1, 12), "a Saturday start counts from Monday"),
        (D(2026, 1, 5), 0, D(2026, 1, 5), "no days"),
    ],
)
def test_add_working_days(start: dt.date, n: int, expected: dt.date, why: str) -> None:
    assert add_working_days(start, n, ENG) == expected, why
    assert add_working_days(start, n, WLS) == expected, why
    assert working_days_between(start, expected, ENG) == n, why


def test_twenty_working_days_over_christmas_2026() -> None:
    # 21 December 2026 (Monday): 4 days to the 24th, then 29, 30, 31 Dec, and from
    # 4 January (1 January a Friday holiday) 13 more.
    assert add_working_days(D(2026, 12, 21), 20) == D(2027, 1, 21)


def test_substitute_days_are_holidays_from_the_library() -> None:
    h2021 = bank_holidays(ENG, 2021)
    assert D(2021, 12, 27) in h2021 and D(2021, 12, 28) in h2021
    assert not is_working_day(D(2021, 12, 28))
    assert not is_working_day(D(2023, 5, 8))  # the Coronation, a one-off
    assert is_working_day(D(2023, 5, 9))


def test_wales_keeps_its_own_calendar_which_matches_england() -> None:
    # The library models Wales (subdivision WLS) separately; so far every bank holiday
    # is the same as England's, and St David's Day (1 March) is a working day.
    for year in range(2012, 2031):
        assert bank_holidays(WLS, year) == bank_holidays(ENG, year), year
    assert is_working_day(D(2027, 3, 1), WLS)  # a Monday
    assert is_working_day(D(2026, 1, 2), WLS)  # 2 January is Scotland's, not Wales'


def test_between_is_zero_backwards_and_counts_after_the_start() -> None:
    assert working_days_between(D(2026, 1, 9), D(2026, 1, 5)) == 0
    assert working_days_between(D(2026, 1, 9), D(2026, 1, 12)) == 1  # Friday to Monday


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="forwards"):
        add_working_days(D(2026, 1, 5), -1)


@given(
    st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=0, max_value=60),
)
def test_between_inverts_add(start: dt.date, n: int) -> None:
    end = add_working_days(start, n, WLS)
    assert working_days_between(start, end, WLS) == n
    assert n == 0 or is_working_day(end, WLS)
