"""Timescales as plans write them ("September", "To be reviewed November", "31/10/2016").

`interpret(label, after)` gives (due date, review date) for a label, taking a bare month
as the end of the first such month on or after `after` (the report's publication). A
label naming a review ("to be reviewed ...", "review ...") sets the review date instead.
Unreadable labels give (None, None): the label is kept and the action has no deadline.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_YEAR = re.compile(r"\b([a-z]+)\s+(\d{4})\b")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _dates(label: str, after: dt.date) -> list[dt.date]:
    text = label.lower()
    found: list[dt.date] = []
    for y, m, d in _ISO.findall(text):
        with contextlib.suppress(ValueError):
            found.append(dt.date(int(y), int(m), int(d)))
    for d, m, y in _DATE.findall(text):
        year = int(y) + (2000 if len(y) == 2 else 0)
        with contextlib.suppress(ValueError):
            found.append(dt.date(year, int(m), int(d)))
    if found:
        return found
    for word, year in _MONTH_YEAR.findall(text):
        if word in MONTHS:
            found.append(_month_end(int(year), MONTHS[word]))
    if found:
        return found
    for word in re.findall(r"[a-z]+", text):
        month = MONTHS.get(word)
        if month is None or (word == "may" and "may be" in text):
            continue
        year = after.year if month >= after.month else after.year + 1
        found.append(_month_end(year, month))
    return found


def interpret(label: str, after: dt.date) -> tuple[dt.date | None, dt.date | None]:
    dates = _dates(label, after)
    if not dates:
        return None, None
    latest = max(dates)  # "October ... December": the action runs to the last date
    if "review" in label.lower():
        return None, latest
    return latest, None
