"""Export the register as CSV or XLSX, with formula injection neutralised.

A cell that begins with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return, which
spreadsheets also strip before reading a formula) is prefixed with an apostrophe, so
a spreadsheet shows it as text instead of running it. This applies to every text
cell, not just the ones we think risky: a reference or team name came from an
uploaded file and could be crafted.

The export is also an import file: its headers are ones the import recognises, and
the import removes the apostrophe again (``restore``), so export then import gives
back the same register (tests/cases/test_round_trip.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_reversibly(value: object) -> object:
    """As ``neutralise``, and text already starting with apostrophes before a formula
    gets one more, so that ``restore`` (removing exactly one) gives back what was stored.
    Used by the register export, which is also an import file."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The inverse of ``neutralise_reversibly`` for a cell read back from a file."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


REGISTER_HEADERS = (
    "Service",
    "Reference",
    "Team",
    "Case manager",
    "Disposal type",
    "Disposal category",
    "Setting",
    "Resettlement",
    "Start date",
    "End date",
    "RoSH",
    "Safety and wellbeing",
    "Likelihood of reoffending",
    "Sex",
    "Ethnic group",
    "Age at start",
    "Looked after",
)
YES_NO = {None: "", True: "yes", False: "no"}


def register_table(
    cases: Iterable[Any], attributes: Sequence[tuple[str, str]]
) -> tuple[list[str], Iterable[list[object]]]:
    """Headers and rows of a register export. ``attributes`` are the (key, label) of the
    further attributes to add as columns, headed by their label (the import matches a
    column to an attribute by label or key)."""
    headers = [*REGISTER_HEADERS, *(label for _key, label in attributes)]

    def row(c: Any) -> list[object]:
        extra = c.extra or {}
        return [
            c.service.code,
            c.reference,
            c.team.name if c.team else "",
            c.case_manager.name if c.case_manager else "",
            c.disposal_type,
            c.disposal_category,
            c.setting,
            YES_NO[c.resettlement],
            c.start_date.isoformat(),
            c.end_date.isoformat() if c.end_date else "",
            c.rosh,
            c.safety_wellbeing,
            c.likelihood_reoffending,
            c.sex,
            c.ethnicity,
            "" if c.age_at_start is None else c.age_at_start,
            YES_NO[c.looked_after],
            *(_attribute(extra.get(key)) for key, _label in attributes),
        ]

    return headers, (row(c) for c in cases)


def _attribute(value: object) -> object:
    if isinstance(value, bool) or value is None:
        return YES_NO[value]
    return value


def to_csv(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    safe: Callable[[object], object] = neutralise,
) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([safe(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else safe(v) for v in row])
    # A BOM so Excel opens UTF-8 correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    safe: Callable[[object], object] = neutralise,
) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cases")
    ws.append([safe(h) for h in headers])
    for row in rows:
        ws.append([safe(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
