"""Validate each row of an export into register values, with a reason per bad cell."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..codes import CodeList, codes, normalise
from ..models import reference_validator
from ..register_rules import register_rules
from .fields import EXTRA_PREFIX, FIELDS, ImportField
from .reader import Problem, Table

UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+)?$")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class Person:
    id: int
    team_id: int | None


@dataclass(frozen=True)
class AttributeSpec:
    key: str
    label: str
    type: str  # AttributeType value
    choices: tuple[str, ...] = ()
    required: bool = False


@dataclass
class Lookups:
    """What rows may refer to in the service: teams and staff by name (normalised)."""

    teams: Mapping[str, int] = field(default_factory=dict)
    staff: Mapping[str, Person] = field(default_factory=dict)
    attributes: Sequence[AttributeSpec] = ()


@dataclass
class RowOutcome:
    row: int
    reference: str
    values: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_date(raw: str) -> dt.date:
    text = raw.strip()
    if m := UK_DATE.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := ISO_DATE.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError(_("“%s” is not a date: use dd/mm/yyyy or yyyy-mm-dd") % raw)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("“%s” is not a real date") % raw) from None


def parse_yes_no(raw: str) -> bool:
    key = normalise(raw)
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("“%s” is not yes or no") % raw)


def _code(raw: str, code_list: CodeList, what: str) -> str:
    found = code_list.resolve(raw)
    if found is None:
        known = ", ".join(c.label for c in code_list.codes)
        raise ValueError(
            _("unknown %(what)s “%(raw)s” (expected one of: %(known)s)")
            % {"what": what, "raw": raw, "known": known}
        )
    return found


def parse_attribute(spec: AttributeSpec, raw: str) -> Any:
    if spec.type == "number":
        try:
            return int(raw.strip())
        except ValueError:
            raise ValueError(_("“%s” is not a whole number") % raw) from None
    if spec.type == "yes_no":
        return parse_yes_no(raw)
    if spec.type == "date":
        return parse_date(raw).isoformat()
    if spec.type == "choice":
        for choice in spec.choices:
            if normalise(choice) == normalise(raw):
                return choice
        raise ValueError(
            _("“%(raw)s” is not one of: %(choices)s")
            % {"raw": raw, "choices": ", ".join(spec.choices)}
        )
    return raw.strip()


def parse_rows(
    table: Table,
    mapping: Mapping[str, str],
    lookups: Lookups,
    progress: Callable[[int], None] | None = None,
) -> list[RowOutcome]:
    """Every row's outcome; `progress(1)` after each (a large file's check shows it)."""
    index = {h: i for i, h in enumerate(table.headers)}
    first_row_of: dict[str, int] = {}
    outcomes = []
    for row_number, cells in table.rows:
        outcomes.append(_parse_row(row_number, cells, index, mapping, lookups, first_row_of))
        if progress:
            progress(1)
    return outcomes


@dataclass
class _Row:
    """One file row being read: its cells by field, the values so far and its problems."""

    number: int
    cells: list[str]
    index: Mapping[str, int]
    mapping: Mapping[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def cell(self, key: str) -> str:
        header = self.mapping.get(key, "")
        return self.cells[self.index[header]].strip() if header in self.index else ""

    def fail(self, key: str, message: str, column: str | None = None) -> None:
        self.problems.append(Problem(self.number, column or self.mapping.get(key, key), message))

    def parse(self, key: str, fn: Any) -> None:
        raw = self.cell(key)
        if not raw:
            return
        try:
            self.values[key] = fn(raw)
        except ValueError as exc:
            self.fail(key, str(exc))


def _parse_row(
    row_number: int,
    cells: list[str],
    index: Mapping[str, int],
    mapping: Mapping[str, str],
    lookups: Lookups,
    first_row_of: dict[str, int],
) -> RowOutcome:
    """One row's values and problems; ``first_row_of`` tracks references seen so far."""
    row = _Row(row_number, cells, index, mapping)
    reference = _reference(row, first_row_of)
    for f in FIELDS:
        if f.required and f.key != "reference" and not row.cell(f.key):
            row.fail(f.key, _("%s is missing.") % f.label)
    _coded_fields(row)
    _age(row)
    _derived(row)
    _people(row, lookups)
    row.values["extra"] = _extra(row, lookups.attributes)
    return RowOutcome(row_number, reference, row.values, row.problems)


def _reference(row: _Row, first_row_of: dict[str, int]) -> str:
    reference = row.cell("reference")
    if not reference:
        row.fail("reference", _("The case reference is missing."))
    elif not re.fullmatch(reference_validator.regex, reference):
        row.fail(
            "reference",
            _("“%s” is not a valid reference (letters, digits and / _ . - only).") % reference[:40],
        )
    elif reference.lower() in first_row_of:
        row.fail(
            "reference",
            _("Reference %(ref)s is also on row %(row)s: each case once per file.")
            % {"ref": reference, "row": first_row_of[reference.lower()]},
        )
    else:
        first_row_of[reference.lower()] = row.number
    row.values["reference"] = reference
    return reference


def _coded_fields(row: _Row) -> None:
    """Codes from the register's code lists, yes/no answers and dates."""
    c = codes()
    row.parse("disposal_type", lambda r: _code(r, c.disposal_types, _("disposal type")))
    row.parse("setting", lambda r: _code(r, c.settings, _("setting")))
    row.parse("resettlement", parse_yes_no)
    row.parse("start_date", parse_date)
    row.parse("end_date", parse_date)
    row.parse("rosh", lambda r: _code(r, c.levels, _("RoSH level")))
    row.parse("safety_wellbeing", lambda r: _code(r, c.levels, _("safety and wellbeing level")))
    row.parse("likelihood_reoffending", lambda r: _code(r, c.levels, _("reoffending level")))
    row.parse("sex", lambda r: _code(r, c.sexes, _("sex")))
    row.parse("ethnicity", lambda r: _code(r, c.ethnicities, _("ethnic group")))
    row.parse("looked_after", parse_yes_no)


def _age(row: _Row) -> None:
    age = row.cell("age_at_start")
    if not age:
        return
    ages = register_rules().age_at_start
    if not age.isdigit() or not ages.allows(int(age)):
        row.fail(
            "age_at_start",
            _("Age “%(age)s” is not a whole number from %(lo)s to %(hi)s.")
            % {"age": age, "lo": ages.lowest, "hi": ages.highest},
        )
    else:
        row.values["age_at_start"] = int(age)


def _derived(row: _Row) -> None:
    """Category and setting from the disposal, resettlement from the setting; dates in order."""
    values = row.values
    disposal = codes().disposal_types.get(values.get("disposal_type", ""))
    if disposal is not None:
        values["disposal_category"] = disposal.category
        values.setdefault("setting", disposal.setting)
    if "resettlement" not in values and "setting" in values:
        # The register's rule (a setting that implies resettlement) unless the file says.
        values["resettlement"] = register_rules().resettlement.implied_by(values["setting"])
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        row.fail("end_date", _("The end date is before the start date."))


def _people(row: _Row, lookups: Lookups) -> None:
    """The team and case manager named, found in the service (a manager's team by default)."""
    team_name = row.cell("team")
    if team_name:
        team_id = lookups.teams.get(normalise(team_name))
        if team_id is None:
            row.fail("team", _("There is no team “%s” in this service.") % team_name)
        row.values["team_id"] = team_id
    manager_name = row.cell("case_manager")
    if manager_name:
        person = lookups.staff.get(normalise(manager_name))
        if person is None:
            row.fail(
                "case_manager",
                _("There is no case manager “%s” in this service.") % manager_name,
            )
        else:
            row.values["case_manager_id"] = person.id
            if "team_id" not in row.values and person.team_id is not None:
                row.values["team_id"] = person.team_id


def _extra(row: _Row, attributes: Sequence[AttributeSpec]) -> dict[str, Any]:
    """The service's own attributes, each validated by its definition."""
    extra: dict[str, Any] = {}
    for spec in attributes:
        key = EXTRA_PREFIX + spec.key
        column = row.mapping.get(key, spec.label)
        raw = row.cell(key)
        if not raw:
            if spec.required:
                row.fail(key, _("%s is missing.") % spec.label, column)
            continue
        try:
            extra[spec.key] = parse_attribute(spec, raw)
        except ValueError as exc:
            row.fail(key, str(exc), column)
    return extra


def mapping_problems(
    mapping: Mapping[str, str],
    headers: Sequence[str],
    attributes: Sequence[AttributeSpec] = (),
    fields: Sequence[ImportField] = FIELDS,
) -> list[Problem]:
    """Required fields left unmapped, or mapped to a column the file does not have."""
    problems: list[Problem] = []
    for f in fields:
        header = mapping.get(f.key)
        if header and header not in headers:
            problems.append(Problem(1, header, _("The file has no column “%s”.") % header))
        elif f.required and not header:
            problems.append(
                Problem(1, "", _("No column is chosen for %s, which is required.") % f.label)
            )
    for spec in attributes:
        header = mapping.get(EXTRA_PREFIX + spec.key)
        if spec.required and not header:
            problems.append(
                Problem(1, "", _("No column is chosen for %s, which is required.") % spec.label)
            )
    used = [h for h in mapping.values() if h]
    for h in sorted({h for h in used if used.count(h) > 1}):
        problems.append(Problem(1, h, _("Column “%s” is chosen for more than one field.") % h))
    return problems
