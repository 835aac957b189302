"""Rows of a case management export into typed records of one record set.

The file is read by the case register's reader (`cases.importing.reader`: CSV or XLSX,
type by content, size and expansion bounded) and its date and yes/no parsers, so an
export reads the same way everywhere. A column is used when its heading names a field
of the record set (`yjaudit.indicators.schema`; letter case, spaces and underscores
ignored); every other column is dropped and never stored, and the preview names the
dropped ones. Sex, ethnicity and intervention type are read through the case register's
code lists (`cases/data/codes.yaml`), so "White British" and "white" count together.
Every problem is reported with its row and column; one problem means nothing is
imported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from yjaudit.cases.codes import CodeList, codes
from yjaudit.cases.importing.reader import ImportFileError, Problem, Table
from yjaudit.cases.importing.rows import parse_date, parse_yes_no
from yjaudit.cases.services import read_upload
from yjaudit.indicators.schema import KEYS, RECORD_SETS, REQUIRED

MAX_TEXT = 64
MAX_COUNT = 10_000_000


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


@dataclass(frozen=True)
class ParsedRecords:
    record_set: str
    used: dict[str, str]  # field -> the file's heading
    dropped: list[str]  # headings not used (and never stored)
    records: list[tuple[int, str, dict[str, Any]]]  # (row, key, data as JSON values)
    problems: list[Problem]


def parse_records(table: Table, record_set: str) -> ParsedRecords:
    fields = RECORD_SETS[record_set]
    by_norm = {_norm(name): name for name in fields}
    used: dict[str, str] = {}
    dropped: list[str] = []
    positions: dict[str, int] = {}
    for index, heading in enumerate(table.headers):
        name = by_norm.get(_norm(heading))
        if name is None or name in used:
            dropped.append(heading)
            continue
        used[name] = heading
        positions[name] = index
    problems = [
        Problem(None, "", _("The file has no column for %(field)s.") % {"field": name})
        for name in REQUIRED[record_set]
        if name not in used
    ]
    records: list[tuple[int, str, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    if not problems:
        for number, cells in table.rows:
            data: dict[str, Any] = {}
            for name, index in positions.items():
                raw = cells[index].strip() if index < len(cells) else ""
                try:
                    value = _coded(name, raw) or _value(fields[name], raw)
                except ValueError as exc:
                    problems.append(Problem(number, used[name], str(exc)))
                    continue
                if value is None and name in REQUIRED[record_set]:
                    problems.append(Problem(number, used[name], _("This field is required.")))
                    continue
                data[name] = value
            key = "|".join(str(data.get(k, "")) for k in KEYS[record_set])
            if key in seen:
                problems.append(
                    Problem(
                        number,
                        "",
                        _("The same record is on row %(row)s (%(key)s).")
                        % {"row": seen[key], "key": key},
                    )
                )
            seen.setdefault(key, number)
            records.append((number, key, data))
    return ParsedRecords(record_set, used, dropped, records, problems)


def check_file(*, record_set: str, filename: str, data: bytes) -> ParsedRecords:
    """Read and validate a file; raise ImportFileError listing every problem."""
    if record_set not in RECORD_SETS:
        raise ImportFileError([Problem(None, "", f"unknown record set {record_set!r}")])
    parsed = parse_records(read_upload(data, filename), record_set)
    if parsed.problems:
        raise ImportFileError(parsed.problems)
    return parsed


def _code_lists() -> dict[str, CodeList]:
    c = codes()
    return {
        "sex": c.sexes,
        "ethnicity": c.ethnicities,
        "intervention_type": c.disposal_categories,
    }


def _coded(name: str, raw: str) -> str | None:
    """A value the case register's code lists know, as its code ("White British" ->
    "white", "M" -> "male", "Out of court" -> "out-of-court"), so figures group the same
    children together whatever the export's spelling; None for anything else (kept as
    written, in lower case: a service's own intervention types, say)."""
    found = _code_lists().get(name)
    return found.resolve(raw) if found is not None and raw else None


def _value(kind: str, raw: str) -> Any:
    if raw == "":
        return None
    if kind == "date":
        return parse_date(raw).isoformat()
    if kind == "bool":
        return parse_yes_no(raw)
    if kind == "int":
        text = raw.replace(",", "")
        if text.endswith(".0"):  # Excel writes whole numbers as 12.0
            text = text[:-2]
        if not text.isdigit() or int(text) > MAX_COUNT:
            raise ValueError(
                _("“%(raw)s” is not a whole number from 0 to %(max)s")
                % {"raw": raw, "max": f"{MAX_COUNT:,}"}
            )
        return int(text)
    if len(raw) > MAX_TEXT:
        raise ValueError(_("Longer than %(max)s characters") % {"max": MAX_TEXT})
    return raw.lower()


def to_python(record_set: str, data: dict[str, Any]) -> dict[str, Any]:
    """A stored record's JSON values as the indicators read them (dates as dates)."""
    fields = RECORD_SETS[record_set]
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name in fields and value is not None and fields[name] == "date":
            out[name] = dt.date.fromisoformat(value)
        elif name in fields:
            out[name] = value
    return out
