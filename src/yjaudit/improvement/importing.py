"""Import an existing plan's table from an Excel sheet (the layout of seed 000).

The sheet has a header row with Action, Timescale, Lead, Outcome and Progress (the
first column, for the number, may have any header or none). Below it:

- a row with text in the first column only: a recommendation (heading row);
- a row numbered "3": action 3 under the recommendation above it;
- a row with an empty first column, or numbered "3.2": a sub-action of action 3.

Every problem is reported as file:row:column: message, and nothing is written unless
the whole sheet is good (all or nothing).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yjaudit.cases.importing.reader import Problem

from . import clock, services, timescales
from .models import Action, ImprovementPlan, Status
from .rules import plan_rules

REQUIRED = ("action", "timescale", "lead", "outcome", "progress")
OPTIONAL = ("learning objectives", "success measure")
_NUMBER = re.compile(r"^(\d{1,4})(?:\.(\d{1,3}))?\.?$")
LIMITS = {"timescale": 200, "lead": 400}


class PlanImportError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass
class ParsedAction:
    row: int
    number: int
    sub: int | None
    cells: dict[str, str]


@dataclass
class ParsedHeading:
    row: int
    text: str
    actions: list[ParsedAction] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def _open(data: bytes) -> Any:
    from openpyxl import load_workbook

    limit = plan_rules().import_max_bytes
    if len(data) > limit:
        raise PlanImportError(
            [
                Problem(
                    None, "", _("The file is larger than %(mb)s MB.") % {"mb": f"{limit / 2**20:g}"}
                )
            ]
        )
    if not data.startswith(b"PK\x03\x04"):
        raise PlanImportError([Problem(None, "", _("The file must be an Excel workbook (.xlsx)."))])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > 20 * limit:
                raise PlanImportError([Problem(None, "", _("The workbook expands too far."))])
        return load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except PlanImportError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise PlanImportError(
            [Problem(None, "", _("The file could not be read as an Excel workbook."))]
        ) from None


def _find_header(ws: Any) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(ws.iter_rows(max_row=min(ws.max_row, 40), values_only=True), start=1):
        names = {_text(v).lower(): i for i, v in enumerate(row) if _text(v)}
        if all(n in names for n in REQUIRED):
            cols = {n: names[n] for n in (*REQUIRED, *OPTIONAL) if n in names}
            cols["number"] = 0 if names["action"] > 0 else -1
            return r, cols
    return None


def parse_sheet(data: bytes, plan: ImprovementPlan) -> list[ParsedHeading]:
    wb = _open(data)
    found = None
    ws = None
    for sheet in wb.worksheets:
        found = _find_header(sheet)
        if found:
            ws = sheet
            break
    if found is None or ws is None:
        raise PlanImportError(
            [
                Problem(
                    None,
                    "",
                    _("No sheet has the columns Action, Timescale, Lead, Outcome and Progress."),
                )
            ]
        )
    header_row, cols = found
    headers = {i: h for h, i in cols.items()}
    problems: list[Problem] = []
    headings: list[ParsedHeading] = []
    current_main: ParsedAction | None = None
    seen: set[int] = set()
    taken = set(plan.actions.filter(parent__isnull=True).values_list("number", flat=True))
    for r, row in enumerate(ws.iter_rows(min_row=header_row + 1), start=header_row + 1):
        values: dict[str, str] = {}
        bad = False
        for i, cell in enumerate(row):
            name = headers.get(i)
            if name is None:
                continue
            if cell.data_type == "f":
                problems.append(
                    Problem(r, name.capitalize(), _("Formulas are not accepted; enter the text."))
                )
                bad = True
                continue
            values[name] = _text(cell.value)
        if bad or not any(values.values()):
            continue
        number = values.get("number", "")
        rest = {k: v for k, v in values.items() if k != "number" and v}
        if number and not rest and not _NUMBER.match(number):
            headings.append(ParsedHeading(r, number))
            current_main = None
            continue
        if not headings:
            problems.append(
                Problem(r, "", _("An action needs a recommendation (a heading row) above it."))
            )
            continue
        for name, limit in LIMITS.items():
            if len(values.get(name, "")) > limit:
                problems.append(
                    Problem(
                        r, name.capitalize(), _("Keep it under %(n)s characters.") % {"n": limit}
                    )
                )
        match = _NUMBER.match(number) if number else None
        if number and not match:
            problems.append(
                Problem(
                    r,
                    "No.",
                    _(
                        "Expected an action number such as 3 or 3.1, "
                        "or a heading with no other cells."
                    ),
                )
            )
            continue
        if match and match.group(2) is None:
            n = int(match.group(1))
            if n in seen or n in taken:
                problems.append(Problem(r, "No.", _("Action %(n)s appears twice.") % {"n": n}))
                continue
            if not values.get("action"):
                problems.append(Problem(r, "Action", _("Describe the action.")))
            seen.add(n)
            current_main = ParsedAction(r, n, None, values)
            headings[-1].actions.append(current_main)
            continue
        if current_main is None:
            problems.append(Problem(r, "No.", _("A sub-action needs a numbered action above it.")))
            continue
        if match:
            if int(match.group(1)) != current_main.number:
                problems.append(
                    Problem(
                        r,
                        "No.",
                        _("Sub-action %(s)s is not under action %(n)s.")
                        % {"s": number, "n": current_main.number},
                    )
                )
                continue
            sub = int(match.group(2) or 0)
        else:
            sub = (
                sum(
                    1
                    for a in headings[-1].actions
                    if a.sub is not None and a.number == current_main.number
                )
                + 1
            )
        headings[-1].actions.append(ParsedAction(r, current_main.number, sub, values))
    if problems:
        raise PlanImportError(problems)
    if not headings:
        raise PlanImportError(
            [Problem(None, "", _("The sheet has no recommendations or actions."))]
        )
    return headings


@dataclass(frozen=True)
class ImportSummary:
    recommendations: int
    actions: int


@transaction.atomic
def import_plan_sheet(*, actor: Any, plan: ImprovementPlan, data: bytes) -> ImportSummary:
    """Add the sheet's recommendations and actions to `plan`; all or nothing."""
    headings = parse_sheet(data, plan)
    rules = plan_rules()
    after = plan.published_on or clock.today()
    count = 0
    for heading in headings:
        rec = services.add_recommendation(actor=actor, plan=plan, text=heading.text)
        mains: dict[int, Action] = {}
        for parsed in heading.actions:
            c = parsed.cells
            due, review = timescales.interpret(c.get("timescale", ""), after)
            org, person = rules.split_lead(c.get("lead", ""))
            progress = c.get("progress", "")
            status, _known = (
                rules.status_from_text(progress) if progress else (Status.NOT_STARTED, True)
            )
            action = services.add_action(
                actor=actor,
                plan=plan,
                recommendation=rec,
                parent=mains.get(parsed.number) if parsed.sub is not None else None,
                number=parsed.sub if parsed.sub is not None else parsed.number,
                description=c.get("action", ""),
                timescale=c.get("timescale", ""),
                due_date=due,
                review_date=review,
                lead_organisation=org,
                lead_name=person,
                lead_staff=services.staff_by_name(plan.service, person),
                expected_outcome=c.get("outcome", ""),
                learning_objectives=c.get("learning objectives", ""),
                success_measure=c.get("success measure", ""),
            )
            if parsed.sub is None:
                mains[parsed.number] = action
            if progress:
                services.record_progress(actor=actor, action=action, status=status, note=progress)
            count += 1
    return ImportSummary(len(headings), count)
