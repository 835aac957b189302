"""The published ratings file: one row per published inspection (docs/benchmarks.md).

    service,inspection_date,framework,edition,2.1,2.2,2.3,V,overall_score,overall_rating,source,notes

`service`, `inspection_date` (yyyy-mm-dd, yyyy-mm or yyyy: as precise as the report
says), `framework` (a loaded framework id such as `hmip-youth-2021`), `overall_rating`
or at least one item rating, and `source` (the report's title) are required. Every other
column is an item the framework rates (a standard id, a rated domain's id), read only
on rows whose framework has it; blank or "Not rated" means not published. Ratings are
the labels of the item's rating scheme, letter case ignored. Every problem is reported
with its row (header = 1) and column; one problem rejects the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from yjaudit.cases.importing.reader import ImportFileError, Problem, Table
from yjaudit.spec.model import Framework

from .items import OVERALL, label_in, rated_items

FIXED = (
    "service",
    "inspection_date",
    "framework",
    "edition",
    "overall_score",
    "overall_rating",
    "source",
    "notes",
)
REQUIRED = ("service", "inspection_date", "framework", "overall_rating", "source")
NOT_RATED = {"", "not rated", "n/a", "-"}
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = {"service": 200, "source": 300, "notes": 500, "edition": 64}


@dataclass(frozen=True, slots=True)
class ParsedInspection:
    row: int
    service_name: str
    inspected: str  # yyyy, yyyy-mm or yyyy-mm-dd
    framework_id: str
    edition: str
    ratings: dict[str, str] = field(default_factory=dict)  # item id -> label; "overall" too
    overall_score: Decimal | None = None
    source: str = ""
    notes: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.service_name.casefold(), self.inspected, self.framework_id)


def _header(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def parse_rows(
    table: Table, frameworks: Mapping[str, tuple[str, Framework]]
) -> list[ParsedInspection]:
    """Validate every row; raise ImportFileError listing every problem, else the rows.

    `frameworks` maps a framework id to (its current edition, its parsed framework)."""
    headers = [_header(h) for h in table.headers]
    # Item columns keep their spelling (standard ids such as "2.1" or "V").
    raw_headers = [h.strip() for h in table.headers]
    problems: list[Problem] = []
    missing = [c for c in REQUIRED if c not in headers]
    for c in missing:
        problems.append(Problem(1, c, _("The file has no column %(c)s.") % {"c": c}))
    seen_headers: set[str] = set()
    for h in headers:
        if h and h in seen_headers:
            problems.append(Problem(1, h, _("The column is given twice.")))
        seen_headers.add(h)
    if problems:
        raise ImportFileError(problems)
    at = {h: i for i, h in enumerate(headers) if h in FIXED}
    item_columns = [(i, raw_headers[i]) for i, h in enumerate(headers) if h and h not in FIXED]
    rows: list[ParsedInspection] = []
    keys: dict[tuple[str, str, str], int] = {}
    for number, cells in table.rows:

        def cell(name: str, cells: list[str] = cells) -> str:
            index = at.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        if not any(c.strip() for c in cells):
            continue
        before = len(problems)
        if any(CONTROL.search(c) for c in cells):
            problems.append(Problem(number, "", _("The row holds control characters.")))
            continue
        for name, most in MAX_TEXT.items():
            if len(cell(name)) > most:
                problems.append(
                    Problem(number, name, _("Longer than %(n)d characters.") % {"n": most})
                )
        service, inspected, fid, source = (
            cell(c) for c in ("service", "inspection_date", "framework", "source")
        )
        for name, value in (("service", service), ("source", source)):
            if not value:
                problems.append(Problem(number, name, _("Required.")))
        if not DATE.match(inspected):
            problems.append(
                Problem(
                    number,
                    "inspection_date",
                    _("“%(v)s” is not a date as yyyy-mm-dd, yyyy-mm or yyyy.") % {"v": inspected},
                )
            )
        found = frameworks.get(fid)
        if found is None:
            problems.append(
                Problem(number, "framework", _("“%(v)s” is not a loaded framework.") % {"v": fid})
            )
            continue
        edition, fw = found
        if cell("edition") and cell("edition") != edition:
            problems.append(
                Problem(
                    number,
                    "edition",
                    _("%(f)s is edition %(e)s, not “%(v)s”.")
                    % {"f": fid, "e": edition, "v": cell("edition")},
                )
            )
        items = {i.id: i for i in rated_items(fw)}
        ratings: dict[str, str] = {}
        for index, name in item_columns:
            raw = cells[index].strip() if index < len(cells) else ""
            if raw.casefold() in NOT_RATED:
                continue
            item = items.get(name)
            if item is None or item.kind == "overall":
                problems.append(
                    Problem(number, name, _("%(f)s rates no item “%(i)s”.") % {"f": fid, "i": name})
                )
                continue
            label = label_in(item.labels, raw)
            if label is None:
                problems.append(
                    Problem(
                        number,
                        name,
                        _("“%(v)s” is not a rating of %(i)s; expected one of %(l)s.")
                        % {"v": raw, "i": name, "l": ", ".join(item.labels)},
                    )
                )
                continue
            ratings[name] = label
        overall_raw = cell("overall_rating")
        if overall_raw.casefold() not in NOT_RATED:
            labels = items[OVERALL].labels if OVERALL in items else ()
            label = label_in(labels, overall_raw)
            if label is None:
                problems.append(
                    Problem(
                        number,
                        "overall_rating",
                        _("“%(v)s” is not an overall rating; expected one of %(l)s.")
                        % {"v": overall_raw, "l": ", ".join(labels)},
                    )
                )
            else:
                ratings[OVERALL] = label
        if not ratings and len(problems) == before:
            problems.append(Problem(number, "", _("The row gives no rating.")))
        score: Decimal | None = None
        if cell("overall_score"):
            try:
                score = Decimal(cell("overall_score"))
                if not score.is_finite() or not 0 <= score <= 9999:
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(
                    Problem(number, "overall_score", _("Expected a number from 0 to 9999."))
                )
                score = None
        parsed = ParsedInspection(
            number, service, inspected, fid, edition, ratings, score, source, cell("notes")
        )
        if parsed.key in keys:
            problems.append(
                Problem(
                    number,
                    "service",
                    _("The same inspection is on row %(r)d.") % {"r": keys[parsed.key]},
                )
            )
        keys.setdefault(parsed.key, number)
        rows.append(parsed)
    if not rows and not problems:
        problems.append(Problem(None, "", _("The file holds no inspections.")))
    if problems:
        raise ImportFileError(problems)
    return rows
