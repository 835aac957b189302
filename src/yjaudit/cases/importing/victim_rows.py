"""Validate each row of a victims' register export, with a reason per bad cell.

The reader, the mapping, the identifying-column guard and the all-or-nothing commit are
the case register's own (``reader``, ``fields``, ``cases.services``); only the row rules
differ: a victim's case names its linked child's case, which must be in the service.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from django.utils.translation import gettext as _

from ..models import reference_validator
from .fields import VICTIM_FIELDS
from .reader import Problem, Table
from .rows import RowOutcome, parse_yes_no

YES_NO_FIELDS = ("consent_to_contact", "rj_offered", "rj_taken_up")


def parse_victim_rows(
    table: Table,
    mapping: Mapping[str, str],
    child_cases: Mapping[str, int],
    progress: Callable[[int], None] | None = None,
) -> list[RowOutcome]:
    """``child_cases``: the service's children's cases, lower-case reference -> id;
    ``progress(1)`` after each row."""
    index = {h: i for i, h in enumerate(table.headers)}
    first_row_of: dict[str, int] = {}
    out: list[RowOutcome] = []
    for row_number, cells in table.rows:

        def cell(key: str, cells: Sequence[str] = cells) -> str:
            header = mapping.get(key, "")
            return cells[index[header]].strip() if header in index else ""

        problems: list[Problem] = []

        def fail(
            key: str, message: str, problems: list[Problem] = problems, row: int = row_number
        ) -> None:
            problems.append(Problem(row, mapping.get(key, key), message))

        values: dict[str, object] = {}
        reference = cell("reference")
        if not reference:
            fail("reference", _("The victim's case reference is missing."))
        elif not re.fullmatch(reference_validator.regex, reference):
            fail(
                "reference",
                _("“%s” is not a valid reference (letters, digits and / _ . - only).")
                % reference[:40],
            )
        elif reference.lower() in first_row_of:
            fail(
                "reference",
                _("Reference %(ref)s is also on row %(row)s: each case once per file.")
                % {"ref": reference, "row": first_row_of[reference.lower()]},
            )
        elif reference.lower() in child_cases:
            fail(
                "reference",
                _("%s is the reference of a child's case: a victim's case needs its own.")
                % reference,
            )
        else:
            first_row_of[reference.lower()] = row_number
        values["reference"] = reference
        linked = cell("linked_case")
        if not linked:
            fail("linked_case", _("The linked child's case reference is missing."))
        elif linked.lower() not in child_cases:
            fail(
                "linked_case",
                _("There is no child's case “%s” in this service's register.") % linked[:64],
            )
        else:
            values["linked_case_id"] = child_cases[linked.lower()]
        for key in YES_NO_FIELDS:
            raw = cell(key)
            if not raw:
                continue
            try:
                values[key] = parse_yes_no(raw)
            except ValueError as exc:
                fail(key, str(exc))
        if values.get("rj_taken_up") and values.get("rj_offered") is False:
            fail("rj_taken_up", _("Restorative justice is taken up but was not offered."))
        out.append(RowOutcome(row_number, reference, values, problems))
        if progress:
            progress(1)
    return out


def victim_mapping_problems(mapping: Mapping[str, str], headers: Sequence[str]) -> list[Problem]:
    """Required fields left unmapped, a column the file lacks, a column chosen twice."""
    problems: list[Problem] = []
    for f in VICTIM_FIELDS:
        header = mapping.get(f.key)
        if header and header not in headers:
            problems.append(Problem(1, header, _("The file has no column “%s”.") % header))
        elif f.required and not header:
            problems.append(
                Problem(1, "", _("No column is chosen for %s, which is required.") % f.label)
            )
    used = [h for h in mapping.values() if h]
    for h in sorted({h for h in used if used.count(h) > 1}):
        problems.append(Problem(1, h, _("Column “%s” is chosen for more than one field.") % h))
    return problems
