"""Timescales as plans write them ("September", "To be reviewed November", "31/10/2016").

`interpret(label, after)` gives (due date, review date) for a label, taking a bare month
as the end of the first such month on or after `after` (the report's publication). A
label naming a review ("to be reviewed ...", "review ...") sets the review date instead.
Unreadable labels give (None, None): the label is kept and the action has no deadline.

Dates are read day first (UK): 15/11/2026, 15.11.26, 15 November 2026, 15th Nov 26,
2026-11-15. A month with a year, "November 2026", "Nov-26" (how Excel shows a month),
"Nov '26", is that month's end; a two-digit year is 20YY. `impossible_dates(label)`
names what looks like a date but is not one (11/15/2026 written month first), so an
import can refuse it instead of silently dropping the deadline.

Only a sheet without due and review date columns (an older plan, such as the Coventry
Youth Offending Service, Short Quality Screening action plan, 2016)
relies on this: a plan exported by yjaudit carries its dates in their own columns.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
# "15 November 2026", "15th Nov 26", "15-Nov-2026"
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4}|\d{2})\b")
# "November 2026", "Nov-26", "Nov '26", "Nov/26": a two-digit year only after - / or '
_MONTH_YEAR = re.compile(r"\b([a-z]+)\.?(?:\s+(\d{4})|\s*[-/']\s*(\d{2}|\d{4}))\b")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    return int(text) + (2000 if len(text) == 2 else 0)


def _numeric(text: str) -> tuple[list[dt.date], list[str]]:
    found: list[dt.date] = []
    bad: list[str] = []
    for match in _ISO.finditer(text):
        y, m, d = match.groups()
        try:
            found.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            bad.append(match.group(0))
    for match in _DATE.finditer(text):
        d, m, y = match.groups()
        try:
            found.append(dt.date(_year(y), int(m), int(d)))
        except ValueError:
            bad.append(match.group(0))
    for match in _DAY_MONTH_YEAR.finditer(text):
        d, word, y = match.groups()
        if word not in MONTHS:
            continue
        try:
            found.append(dt.date(_year(y), MONTHS[word], int(d)))
        except ValueError:
            bad.append(match.group(0))
    return found, bad


def _dates(label: str, after: dt.date) -> list[dt.date]:
    text = label.lower()
    found, _bad = _numeric(text)
    if found:
        return found
    for match in _MONTH_YEAR.finditer(text):
        word, long_year, short_year = match.groups()
        if word in MONTHS:
            found.append(_month_end(_year(long_year or short_year), MONTHS[word]))
    if found:
        return found
    for word in re.findall(r"[a-z]+", text):
        month = MONTHS.get(word)
        if month is None or (word == "may" and "may be" in text):
            continue
        year = after.year if month >= after.month else after.year + 1
        found.append(_month_end(year, month))
    return found


def impossible_dates(label: str) -> list[str]:
    """Parts of `label` written as a date that is no date (day first), e.g. "11/15/2026"."""
    return _numeric(label.lower())[1]


def interpret(label: str, after: dt.date) -> tuple[dt.date | None, dt.date | None]:
    dates = _dates(label, after)
    if not dates:
        return None, None
    latest = max(dates)  # "October ... December": the action runs to the last date
    if "review" in label.lower():
        return None, latest
    return latest, None


def parse_date(text: str) -> dt.date | None:
    """One date written in a date column (day first, four-digit year), else None."""
    clean = text.strip().lower()
    for pattern, order in ((_ISO, "ymd"), (_DATE, "dmy"), (_DAY_MONTH_YEAR, "dwy")):
        match = pattern.fullmatch(clean)
        if match is None:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        if len(parts["y"]) != 4:
            return None  # a date column is exact: no guessing the century
        month = MONTHS.get(parts["w"]) if "w" in parts else int(parts["m"])
        if month is None:
            return None
        with contextlib.suppress(ValueError):
            return dt.date(int(parts["y"]), month, int(parts["d"]))
        return None
    return None
