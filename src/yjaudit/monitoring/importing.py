"""Rows of a case management export into typed records of one record set.

The file is read by the case register's reader (`cases.importing.reader`: CSV or XLSX,
type by content, size and expansion bounded) and its date and yes/no parsers, so an
export reads the same way everywhere. Columns are matched to the record set's fields
(`yjaudit.indicators.schema`) by the case register's mapping machinery
(`cases.importing.fields.suggest_mapping`, `mapping_problems`): the mapping remembered
for the service and record set where its columns are still there, else a heading that
names the field (letter case, spaces and underscores ignored) or one of the spellings
case management exports use (the register's own aliases for reference, dates, sex,
ethnicity, age and looked after). A heading that looks identifying (a name, a date of
birth, an address) is never matched nor offered. Every other column is dropped and never
stored, and the preview names the dropped ones. Sex, ethnicity and intervention type
are read through the case register's code lists (`cases/data/codes.yaml`), so "White
British" and "white" count together. Every problem is reported with its row and
column; one problem means nothing is imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yjaudit.cases.codes import CodeList, codes
from yjaudit.cases.importing.fields import FIELDS as CASE_FIELDS
from yjaudit.cases.importing.fields import ImportField, looks_identifying, suggest_mapping
from yjaudit.cases.importing.reader import ImportFileError, Problem, Table
from yjaudit.cases.importing.rows import mapping_problems, parse_date, parse_yes_no
from yjaudit.cases.services import read_upload
from yjaudit.indicators.schema import KEYS, RECORD_SETS, REQUIRED

MAX_TEXT = 64
MAX_COUNT = 10_000_000

LABELS: dict[str, str | Promise] = {
    "reference": gettext_lazy("Reference (pseudonymous, never a name)"),
    "start_date": gettext_lazy("Start date"),
    "end_date": gettext_lazy("End date"),
    "intervention_type": gettext_lazy("Intervention type (court, out of court, prevention)"),
    "disposal": gettext_lazy("Disposal"),
    "sex": gettext_lazy("Sex"),
    "ethnicity": gettext_lazy("Ethnicity"),
    "age": gettext_lazy("Age"),
    "looked_after": gettext_lazy("Looked after"),
    "first_time_entrant": gettext_lazy("First-time entrant"),
    "custodial_sentence": gettext_lazy("Custodial sentence"),
    "serious_violence": gettext_lazy("Serious violence"),
    "offences": gettext_lazy("Offences (number the disposal dealt with)"),
    "accommodation_suitable_end": gettext_lazy("Suitable accommodation at the end"),
    "ete_suitable_end": gettext_lazy("Suitable education, training or employment at the end"),
    "send_identified": gettext_lazy("SEND or ALN identified"),
    "send_plan": gettext_lazy("SEND or ALN formal plan"),
    "mh_need": gettext_lazy("Mental health need identified"),
    "mh_offered": gettext_lazy("Mental health intervention planned or offered"),
    "mh_attending": gettext_lazy("Attending mental health intervention"),
    "sm_need": gettext_lazy("Substance misuse need identified"),
    "sm_offered": gettext_lazy("Substance misuse intervention planned or offered"),
    "sm_attending": gettext_lazy("Attending substance misuse intervention"),
    "ooc_completed": gettext_lazy("Out-of-court disposal completed"),
    "early_help": gettext_lazy("Early help"),
    "child_in_need": gettext_lazy("Child in need"),
    "child_protection": gettext_lazy("Child protection"),
    "victims_consenting": gettext_lazy("Victims consenting to contact"),
    "victims_engaged_rj": gettext_lazy("Victims engaged in restorative justice"),
    "cohort_start": gettext_lazy("Cohort start date"),
    "reoffended": gettext_lazy("Reoffended"),
    "reoffences": gettext_lazy("Reoffences"),
    "meeting_date": gettext_lazy("Meeting date"),
    "partner": gettext_lazy("Partner"),
    "attended": gettext_lazy("Attended"),
    "year": gettext_lazy("Year"),
    "count": gettext_lazy("Count (children)"),
}
# Fields whose export spellings the case register already knows: its aliases are reused.
CASE_ALIASES = {
    "reference": "reference",
    "start_date": "start_date",
    "end_date": "end_date",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "age": "age_at_start",
    "looked_after": "looked_after",
}
OWN_ALIASES: dict[str, tuple[str, ...]] = {
    "intervention_type": ("Type of intervention", "Disposal category", "Outcome category"),
    "cohort_start": ("Cohort start", "Cohort date", "Cohort start date"),
    "offences": ("Number of offences", "Offence count", "Offences count"),
    "partner": ("Partner agency", "Agency"),
    "count": ("Number", "Population", "Children"),
    "year": ("Population year", "Mid-year"),
}


@cache
def fields_for(record_set: str) -> tuple[ImportField, ...]:
    """The record set's fields as the case register's mapping machinery reads them."""
    case_aliases = {f.key: f.aliases for f in CASE_FIELDS}
    return tuple(
        ImportField(
            name,
            LABELS.get(name, name.replace("_", " ").capitalize()),
            name in REQUIRED[record_set],
            (*case_aliases.get(CASE_ALIASES.get(name, ""), ()), *OWN_ALIASES.get(name, ())),
        )
        for name in RECORD_SETS[record_set]
    )


def suggested_mapping(
    headers: list[str], record_set: str, remembered: Mapping[str, str] | None = None
) -> dict[str, str]:
    return suggest_mapping(headers, remembered, fields=fields_for(record_set))


def never_stored(headers: list[str], record_set: str) -> list[str]:
    """Headings that look identifying: never matched, never offered, never kept."""
    return [h for h in headers if h and looks_identifying(h, fields_for(record_set))]


@dataclass(frozen=True)
class ParsedRecords:
    record_set: str
    used: dict[str, str]  # field -> the file's heading
    dropped: list[str]  # headings not used (and never stored)
    records: list[tuple[int, str, dict[str, Any]]]  # (row, key, data as JSON values)
    problems: list[Problem]


def parse_records(
    table: Table, record_set: str, mapping: Mapping[str, str] | None = None
) -> ParsedRecords:
    """The rows as records, with the columns chosen in `mapping` (field -> heading;
    suggested when not given). A heading that looks identifying is never read."""
    fields = RECORD_SETS[record_set]
    if mapping is None:
        mapping = suggested_mapping(table.headers, record_set)
    hidden = set(never_stored(table.headers, record_set))
    used = {k: h for k, h in mapping.items() if h and k in fields and h not in hidden}
    column_at = {h: i for i, h in enumerate(table.headers)}
    positions = {name: column_at[h] for name, h in used.items() if h in column_at}
    dropped = [h for h in table.headers if h and h not in used.values()]
    problems = mapping_problems(used, table.headers, fields=fields_for(record_set))
    problems += [
        Problem(1, h, _("Column “%s” looks identifying: it is never read or stored.") % h)
        for h in mapping.values()
        if h in hidden
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


def check_file(
    *,
    record_set: str,
    filename: str,
    data: bytes,
    remembered: Mapping[str, str] | None = None,
) -> ParsedRecords:
    """Read and validate a file with the remembered mapping (where its columns are still
    there) or the suggested one; raise ImportFileError listing every problem."""
    if record_set not in RECORD_SETS:
        raise ImportFileError([Problem(None, "", f"unknown record set {record_set!r}")])
    table = read_upload(data, filename)
    parsed = parse_records(
        table, record_set, suggested_mapping(table.headers, record_set, remembered)
    )
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
