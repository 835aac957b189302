"""Rows of a case management export into case events or risk forum memberships.

The file is read by the case register's reader (`cases.importing.reader`: CSV or XLSX,
type by content, size and expansion bounded) and its date parser, so an export reads
the same way everywhere. Columns are matched to fields by the case register's mapping
machinery (`cases.importing.fields.suggest_mapping`, `mapping_problems`): the mapping
remembered for the service and import kind where its columns are still there, else a
heading that names the field (letter case, spaces and underscores ignored) or one of
the spellings exports use (`ALIASES`; the register's own for the case reference). A
heading that looks identifying (a name, a date of birth, an address) is never matched
nor offered; every other column is dropped, never stored, and named in the preview. A
reference must be a case of the service's register; an event type must be one the
service's compliance rules know; a forum one of its forums. Every problem is reported
with its row and column, and one problem means nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yjaudit.cases.importing.fields import FIELDS as CASE_FIELDS
from yjaudit.cases.importing.fields import ImportField, looks_identifying, suggest_mapping
from yjaudit.cases.importing.reader import ImportFileError, Problem, Table
from yjaudit.cases.importing.rows import mapping_problems, parse_date

from .models import ImportKind

# kind -> its fields in order: (field, label); REQUIRED says which must have a column.
KIND_FIELDS: dict[str, tuple[tuple[str, str | Promise], ...]] = {
    ImportKind.EVENTS: (
        ("reference", gettext_lazy("Case reference")),
        ("event", gettext_lazy("Event type (contact, home visit, assessment...)")),
        ("date", gettext_lazy("Date of the event")),
    ),
    ImportKind.MEMBERSHIPS: (
        ("reference", gettext_lazy("Case reference")),
        ("forum", gettext_lazy("Risk forum (its code)")),
        ("start", gettext_lazy("Held from")),
        ("end", gettext_lazy("Held until (blank: still held)")),
    ),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    ImportKind.EVENTS: ("reference", "event", "date"),
    ImportKind.MEMBERSHIPS: ("reference", "forum", "start"),
}
# Further spellings exports use for a field (the case reference's are the register's).
ALIASES: dict[str, tuple[str, ...]] = {
    "event": ("Event type", "Event", "Type", "Kind", "Event kind", "Contact type"),
    "date": ("Date", "Event date", "Date of event", "Contact date"),
    "forum": ("Forum", "Forum code", "Risk forum"),
    "start": ("From", "Start", "Start date", "From date"),
    "end": ("To", "End", "End date", "To date"),
}
PREVIEW_ROWS = 10


def event_kind(raw: str) -> str:
    """ "Home visit", "home-visit" and "HOME_VISIT" all read as home_visit."""
    return re.sub(r"[^a-z0-9]+", "_", raw.strip().lower()).strip("_")


@cache
def fields_for(kind: str) -> tuple[ImportField, ...]:
    """The kind's fields as the case register's mapping machinery reads them."""
    case_aliases = {f.key: f.aliases for f in CASE_FIELDS}
    return tuple(
        ImportField(
            name,
            label,
            name in REQUIRED[kind],
            (*case_aliases.get(name, ()), *ALIASES.get(name, ())),
        )
        for name, label in KIND_FIELDS[kind]
    )


def suggested_mapping(
    headers: list[str], kind: str, remembered: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Field -> heading: the remembered column where the file still has it, else a
    heading that names the field."""
    return suggest_mapping(headers, remembered, fields=fields_for(kind))


def never_stored(headers: list[str], kind: str) -> list[str]:
    """Headings that look identifying: never matched, never offered, never kept."""
    return [h for h in headers if h and looks_identifying(h, fields_for(kind))]


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
    mapping: Mapping[str, str] | None = None,
) -> ParsedRows:
    """`cases`: lower-case reference -> case id (the service's register); `known`: the
    event kinds (events) or forum codes (memberships) the service works to; `mapping`:
    field -> heading (suggested when not given). A heading that looks identifying is
    never read."""
    if mapping is None:
        mapping = suggested_mapping(table.headers, kind)
    names = {name for name, _label in KIND_FIELDS[kind]}
    hidden = set(never_stored(table.headers, kind))
    used = {k: h for k, h in mapping.items() if h and k in names and h not in hidden}
    column_at = {h: i for i, h in enumerate(table.headers)}
    at = {name: column_at[h] for name, h in used.items() if h in column_at}
    dropped = [h for h in table.headers if h and h not in used.values()]
    problems = mapping_problems(used, table.headers, fields=fields_for(kind))
    problems += [
        Problem(1, h, _("Column “%s” looks identifying: it is never read or stored.") % h)
        for h in mapping.values()
        if h in hidden
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
