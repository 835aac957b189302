"""Rows of a case management export into case events or risk forum memberships.

The file is read by the case register's reader (`cases.importing.reader`: CSV or XLSX,
type by content, size and expansion bounded) and its date parser, so an export reads
the same way everywhere. Columns are matched to fields by their headings (letter case,
spaces and underscores ignored, a few usual headings accepted, see `COLUMNS`); every
other column, a child's name or address say, is dropped, never stored, and named in
the preview. A reference must be a case of the service's register; an event type must
be one the service's compliance rules know; a forum one of its forums. Every problem is
reported with its row and column, and one problem means nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from yjaudit.cases.importing.reader import ImportFileError, Problem, Table
from yjaudit.cases.importing.rows import parse_date

from .models import ImportKind

# field -> headings accepted for it (normalised: lower case, letters and digits only).
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    ImportKind.EVENTS: {
        "reference": ("reference", "casereference", "caseref", "ref"),
        "event": ("eventtype", "event", "type", "kind", "eventkind"),
        "date": ("date", "eventdate", "dateofevent"),
    },
    ImportKind.MEMBERSHIPS: {
        "reference": ("reference", "casereference", "caseref", "ref"),
        "forum": ("forum", "forumcode", "riskforum"),
        "start": ("from", "start", "startdate", "fromdate"),
        "end": ("to", "end", "enddate", "todate"),
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    ImportKind.EVENTS: ("reference", "event", "date"),
    ImportKind.MEMBERSHIPS: ("reference", "forum", "start"),
}
PREVIEW_ROWS = 10


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def event_kind(raw: str) -> str:
    """ "Home visit", "home-visit" and "HOME_VISIT" all read as home_visit."""
    return re.sub(r"[^a-z0-9]+", "_", raw.strip().lower()).strip("_")


@dataclass(frozen=True)
class ParsedRows:
    kind: str
    used: dict[str, str]  # field -> the file's heading
    dropped: list[str]  # headings not used (and never stored)
    # events: [case id, kind, date]; memberships: [case id, forum, start, end or None]
    rows: list[list[object]]
    preview: list[list[str]]  # the first rows as kept, with the case reference
    problems: list[Problem]


def parse_rows(
    table: Table,
    kind: str,
    *,
    cases: Mapping[str, int],
    known: Collection[str],
) -> ParsedRows:
    """`cases`: lower-case reference -> case id (the service's register); `known`: the
    event kinds (events) or forum codes (memberships) the service works to."""
    columns = COLUMNS[kind]
    by_heading = {alias: name for name, aliases in columns.items() for alias in aliases}
    used: dict[str, str] = {}
    dropped: list[str] = []
    at: dict[str, int] = {}
    for index, heading in enumerate(table.headers):
        name = by_heading.get(_norm(heading))
        if name is None or name in used:
            dropped.append(heading)
            continue
        used[name], at[name] = heading, index
    problems = [
        Problem(None, "", _("The file has no column for %(field)s.") % {"field": name})
        for name in REQUIRED[kind]
        if name not in used
    ]
    rows: list[list[object]] = []
    preview: list[list[str]] = []
    if problems:
        return ParsedRows(kind, used, dropped, rows, preview, problems)
    seen: dict[tuple[object, ...], int] = {}
    for number, cells in table.rows:

        def cell(name: str, cells: list[str] = cells) -> str:
            index = at.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        row_problems: list[Problem] = []
        reference = cell("reference")
        case_id = cases.get(reference.lower())
        if not reference:
            row_problems.append(Problem(number, used["reference"], _("This field is required.")))
        elif case_id is None:
            row_problems.append(
                Problem(
                    number,
                    used["reference"],
                    _("No case in the register has the reference “%s”.") % reference[:64],
                )
            )
        dates: dict[str, dt.date | None] = {}
        for name in ("date", "start", "end"):
            if name not in used:
                continue
            raw = cell(name)
            if not raw:
                if name in REQUIRED[kind]:
                    row_problems.append(Problem(number, used[name], _("This field is required.")))
                dates[name] = None
                continue
            try:
                dates[name] = parse_date(raw)
            except ValueError as exc:
                row_problems.append(Problem(number, used[name], str(exc)))
        label = "event" if kind == ImportKind.EVENTS else "forum"
        raw_label = cell(label)
        value = event_kind(raw_label) if kind == ImportKind.EVENTS else raw_label.upper()
        if not raw_label:
            row_problems.append(Problem(number, used[label], _("This field is required.")))
        elif value not in known:
            message = (
                _("Unknown event type “%(value)s”; the rules know %(known)s.")
                if kind == ImportKind.EVENTS
                else _("Unknown forum “%(value)s”; the service's forums are %(known)s.")
            )
            row_problems.append(
                Problem(
                    number,
                    used[label],
                    message % {"value": raw_label[:64], "known": ", ".join(sorted(known))},
                )
            )
        start, end = dates.get("start"), dates.get("end")
        if start and end and end < start:
            row_problems.append(
                Problem(number, used["end"], _("The end date is before the start date."))
            )
        if row_problems:
            problems.extend(row_problems)
            continue
        if kind == ImportKind.EVENTS:
            row: list[object] = [case_id, value, dates["date"].isoformat()]  # type: ignore[union-attr]
            key: tuple[object, ...] = tuple(row)
        else:
            row = [case_id, value, start.isoformat(), end.isoformat() if end else None]  # type: ignore[union-attr]
            key = tuple(row[:3])
        if key in seen:
            # The same event twice (or one membership twice) is one: not an error.
            continue
        seen[key] = number
        rows.append(row)
        if len(preview) < PREVIEW_ROWS:
            preview.append([reference, *(str(v) if v is not None else "" for v in row[1:])])
    return ParsedRows(kind, used, dropped, rows, preview, problems)


def raise_problems(parsed: ParsedRows) -> ParsedRows:
    if parsed.problems:
        raise ImportFileError(parsed.problems)
    return parsed
