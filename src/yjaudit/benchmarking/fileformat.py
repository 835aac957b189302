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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from yjaudit.cases.importing.reader import ImportFileError, Problem, Table
from yjaudit.spec.model import Framework

from .items import OVERALL, RatedItem, label_in, rated_items

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


def _header_problems(headers: list[str]) -> list[Problem]:
    """Required columns that are missing, and columns given twice."""
    problems = [
        Problem(1, c, _("The file has no column %(c)s.") % {"c": c})
        for c in REQUIRED
        if c not in headers
    ]
    seen_headers: set[str] = set()
    for h in headers:
        if h and h in seen_headers:
            problems.append(Problem(1, h, _("The column is given twice.")))
        seen_headers.add(h)
    return problems


def _text_problems(number: int, cell: Callable[[str], str]) -> list[Problem]:
    """The fixed text columns: lengths, the required ones, the inspection date."""
    problems: list[Problem] = []
    for name, most in MAX_TEXT.items():
        if len(cell(name)) > most:
            problems.append(Problem(number, name, _("Longer than %(n)d characters.") % {"n": most}))
    for name in ("service", "source"):
        if not cell(name):
            problems.append(Problem(number, name, _("Required.")))
    inspected = cell("inspection_date")
    if not DATE.match(inspected):
        problems.append(
            Problem(
                number,
                "inspection_date",
                _("“%(v)s” is not a date as yyyy-mm-dd, yyyy-mm or yyyy.") % {"v": inspected},
            )
        )
    return problems


def _item_ratings(
    number: int,
    cells: list[str],
    item_columns: list[tuple[int, str]],
    fid: str,
    items: Mapping[str, RatedItem],
    problems: list[Problem],
) -> dict[str, str]:
    """One row's item ratings (item id -> label); problems are appended to `problems`."""
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
    return ratings


def _overall_rating(
    number: int, raw: str, items: Mapping[str, RatedItem], problems: list[Problem]
) -> str | None:
    """The overall rating's label, or None when not published or not a label."""
    if raw.casefold() in NOT_RATED:
        return None
    labels = items[OVERALL].labels if OVERALL in items else ()
    label = label_in(labels, raw)
    if label is None:
        problems.append(
            Problem(
                number,
                "overall_rating",
                _("“%(v)s” is not an overall rating; expected one of %(l)s.")
                % {"v": raw, "l": ", ".join(labels)},
            )
        )
    return label


def _overall_score(number: int, raw: str, problems: list[Problem]) -> Decimal | None:
    """The overall score, a number from 0 to 9999, or None when blank or wrong."""
    if not raw:
        return None
    try:
        score = Decimal(raw)
        if not score.is_finite() or not 0 <= score <= 9999:
            raise InvalidOperation
    except InvalidOperation:
        problems.append(Problem(number, "overall_score", _("Expected a number from 0 to 9999.")))
        return None
    return score


def _parse_row(
    number: int,
    cells: list[str],
    at: Mapping[str, int],
    item_columns: list[tuple[int, str]],
    frameworks: Mapping[str, tuple[str, Framework]],
    problems: list[Problem],
) -> ParsedInspection | None:
    """One non-blank row, problems appended to `problems`; None when it cannot be read."""

    def cell(name: str) -> str:
        index = at.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    before = len(problems)
    if any(CONTROL.search(c) for c in cells):
        problems.append(Problem(number, "", _("The row holds control characters.")))
        return None
    problems.extend(_text_problems(number, cell))
    fid = cell("framework")
    found = frameworks.get(fid)
    if found is None:
        problems.append(
            Problem(number, "framework", _("“%(v)s” is not a loaded framework.") % {"v": fid})
        )
        return None
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
    ratings = _item_ratings(number, cells, item_columns, fid, items, problems)
    overall = _overall_rating(number, cell("overall_rating"), items, problems)
    if overall is not None:
        ratings[OVERALL] = overall
    if not ratings and len(problems) == before:
        problems.append(Problem(number, "", _("The row gives no rating.")))
    score = _overall_score(number, cell("overall_score"), problems)
    return ParsedInspection(
        number,
        cell("service"),
        cell("inspection_date"),
        fid,
        edition,
        ratings,
        score,
        cell("source"),
        cell("notes"),
    )


def parse_rows(
    table: Table, frameworks: Mapping[str, tuple[str, Framework]]
) -> list[ParsedInspection]:
    """Validate every row; raise ImportFileError listing every problem, else the rows.

    `frameworks` maps a framework id to (its current edition, its parsed framework)."""
    headers = [_header(h) for h in table.headers]
    problems = _header_problems(headers)
    if problems:
        raise ImportFileError(problems)
    # Item columns keep their spelling (standard ids such as "2.1" or "V").
    raw_headers = [h.strip() for h in table.headers]
    at = {h: i for i, h in enumerate(headers) if h in FIXED}
    item_columns = [(i, raw_headers[i]) for i, h in enumerate(headers) if h and h not in FIXED]
    rows: list[ParsedInspection] = []
    keys: dict[tuple[str, str, str], int] = {}
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        parsed = _parse_row(number, cells, at, item_columns, frameworks, problems)
        if parsed is None:
            continue
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
