"""Import a plan's table from an Excel sheet: a yjaudit export, or the layout of the
"Coventry Youth Offending Service, Short Quality Screening action plan, 2016".

The sheet has a header row with Action, Timescale, Lead, Outcome and Progress (the
first column, for the number, may have any header or none). Below it:

- a row with text in the first column only: a recommendation (heading row);
- a row numbered "3": action 3 under the recommendation above it;
- a row with an empty first column, or numbered "3.2": a sub-action of action 3.

A yjaudit export has more columns (`exporting.XLSX_EXTRA`), and then they are taken
as they are: the status, the due and review dates (never re-derived from the
timescale's words), the latest progress date, the lead's organisation, learning
objectives, success measure, measured by, and on heading rows the owner and the
standards concerned; findings come from the "Key strengths" and "Areas for
improvement" sheets. Without them (a plan written elsewhere) the dates are read from
the timescale (`timescales`), the status from the progress words and the lead's
organisation from the rules' list.

Every problem is reported as file:row:column: message, and nothing is written unless
the whole workbook is good (all or nothing): also a problem only the service finds
(a measure not in the plan's framework, a progress date in the future).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from yjaudit.audittrail.actors import Actor
from yjaudit.cases.importing.reader import Problem
from yjaudit.errors import DomainError

from . import clock, readonly, services, sheetcells, timescales
from .exporting import FINDING_SHEETS
from .models import Action, ImprovementPlan, Status
from .rules import plan_rules

REQUIRED = ("action", "timescale", "lead", "outcome", "progress")
OPTIONAL = (
    "learning objectives",
    "success measure",
    "status",
    "due date",
    "review date",
    "progress date",
    "lead organisation",
    "measured by",
    "owner",
    "concerns",
)
DATE_COLUMNS = ("due date", "review date", "progress date")
HEADING_COLUMNS = ("owner", "concerns")  # filled on a recommendation's heading row
_NUMBER = re.compile(r"^(\d{1,4})(?:\.(\d{1,3}))?\.?$")
# The database's limits (models.py), checked here so a long cell is a row problem.
LIMITS = {"timescale": 200, "lead organisation": 200, "owner": 200}
LEAD_NAME_LIMIT = 200
# Service field -> sheet column, to place the service's own refusals.
FIELD_COLUMNS = {
    "description": "action",
    "number": "number",
    "lead_staff": "lead",
    "measures": "measured by",
    "concerns": "concerns",
    "text": "number",
    "on": "progress date",
    "status": "status",
}


class PlanImportError(DomainError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass
class ParsedAction:
    row: int
    number: int
    sub: int | None
    cells: dict[str, str]
    dates: dict[str, dt.date | None] = field(default_factory=dict)


@dataclass
class ParsedHeading:
    row: int
    text: str
    actions: list[ParsedAction] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedFinding:
    row: int
    sheet: str
    kind: str
    text: str
    source_id: str


@dataclass
class ParsedWorkbook:
    headings: list[ParsedHeading]
    columns: dict[str, int]  # the sheet's columns found (name -> index)
    labels: dict[str, str]  # name -> the header as the file writes it
    findings: list[ParsedFinding] = field(default_factory=list)


def _text(value: Any) -> str:
    """A header or plain value as text (cells go through `sheetcells.cell_text`)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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


def _find_header(ws: Any) -> tuple[int, dict[str, int], dict[str, str]] | None:
    for r, row in enumerate(ws.iter_rows(max_row=min(ws.max_row, 40), values_only=True), start=1):
        texts = {i: _text(v) for i, v in enumerate(row) if _text(v)}
        names = {t.lower(): i for i, t in texts.items()}
        if all(n in names for n in REQUIRED):
            cols = {n: names[n] for n in (*REQUIRED, *OPTIONAL) if n in names}
            cols["number"] = 0 if names["action"] > 0 else -1
            labels = {n: texts[i] for n, i in cols.items() if i in texts}
            labels["number"] = "No."
            return r, cols, labels
    return None


def _every_language(text: Any) -> set[str]:
    """A message (a msgid or a lazy translation) in each language the site offers,
    lower-cased: a sheet exported in Welsh reads back in English and the other way."""
    out = set()
    for code, _name in [("en", "English"), *settings.LANGUAGES]:
        with translation.override(code):
            out.add((_(text) if isinstance(text, str) else str(text)).lower())
    return out


def _status(text: str) -> str | None:
    """The status a Status cell names (code or label, in any language), or None."""
    low = " ".join(text.lower().split())
    for status in Status:
        if low == status.value or low in _every_language(status.label):
            return status.value
    code, known = plan_rules().status_from_text(text)
    return code if known else None


def split_ids(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\n", ",").split(",") if p.strip()]


def _findings(wb: Any, skip: Any) -> tuple[list[ParsedFinding], list[Problem]]:
    kinds: dict[str, str] = {}
    for title, sheet_kind in FINDING_SHEETS:
        for name in _every_language(title):
            kinds[name] = sheet_kind
    found: list[ParsedFinding] = []
    problems: list[Problem] = []
    for sheet in wb.worksheets:
        kind = kinds.get(sheet.title.strip().lower())
        if sheet is skip or kind is None:
            continue
        for r, row in enumerate(sheet.iter_rows(max_col=2), start=1):
            if any(c.data_type == "f" for c in row):
                problems.append(
                    Problem(r, f"{sheet.title}", _("Formulas are not accepted; enter the text."))
                )
                continue
            text = sheetcells.cell_text(row[0]) if row else ""
            source = sheetcells.cell_text(row[1]) if len(row) > 1 else ""
            if text:
                found.append(ParsedFinding(r, sheet.title, kind, text, source[:64]))
    return found, problems


def parse_workbook(data: bytes, plan: ImprovementPlan) -> ParsedWorkbook:
    wb = _open(data)
    ws, (header_row, cols, labels) = _plan_sheet(wb)
    headers = {i: h for h, i in cols.items()}
    problems: list[Problem] = []
    outline = _Outline(
        cols,
        labels,
        problems,
        taken=set(plan.actions.filter(parent__isnull=True).values_list("number", flat=True)),
    )
    for r, row in enumerate(ws.iter_rows(min_row=header_row + 1), start=header_row + 1):
        read = _read_row(r, row, headers, outline.label, problems)
        if read is not None and any(read[0].values()):
            outline.add(r, *read)
    findings, finding_problems = _findings(wb, ws)
    problems.extend(finding_problems)
    if problems:
        raise PlanImportError(problems)
    if not outline.headings:
        raise PlanImportError(
            [Problem(None, "", _("The sheet has no recommendations or actions."))]
        )
    return ParsedWorkbook(outline.headings, cols, labels, findings)


def _plan_sheet(wb: Any) -> tuple[Any, tuple[int, dict[str, int], dict[str, str]]]:
    """The first sheet with the plan's columns, and its header row, columns and labels."""
    for sheet in wb.worksheets:
        found = _find_header(sheet)
        if found:
            return sheet, found
    raise PlanImportError(
        [
            Problem(
                None,
                "",
                _("No sheet has the columns Action, Timescale, Lead, Outcome and Progress."),
            )
        ]
    )


def _read_row(
    r: int, row: Any, headers: dict[int, str], label: Any, problems: list[Problem]
) -> tuple[dict[str, str], dict[str, dt.date | None]] | None:
    """A row's cells as text (and its date columns as dates); None if a cell is refused
    (a formula, a date that is not one), each refusal added to `problems`."""
    values: dict[str, str] = {}
    dates: dict[str, dt.date | None] = {}
    bad = False
    for i, cell in enumerate(row):
        name = headers.get(i)
        if name is None:
            continue
        if cell.data_type == "f":
            problems.append(
                Problem(r, label(name), _("Formulas are not accepted; enter the text."))
            )
            bad = True
            continue
        values[name] = sheetcells.cell_text(cell)
        if name in DATE_COLUMNS and values[name]:
            day = sheetcells.cell_date(cell) or timescales.parse_date(values[name])
            if day is None:
                problems.append(
                    Problem(
                        r,
                        label(name),
                        _(
                            "%(value)r is not a date: write it day, month, year in full, "
                            "such as 15/11/2026, or make the cell a date."
                        )
                        % {"value": values[name]},
                    )
                )
                bad = True
            dates[name] = day
    return None if bad else (values, dates)


@dataclass
class _Outline:
    """Recommendations (heading rows) and their numbered actions, built row by row;
    every problem goes to `problems`."""

    cols: dict[str, int]
    labels: dict[str, str]
    problems: list[Problem]
    taken: set[int]  # main action numbers the plan already has
    headings: list[ParsedHeading] = field(default_factory=list)
    current_main: ParsedAction | None = None
    seen: set[int] = field(default_factory=set)

    def label(self, name: str) -> str:
        return self.labels.get(name, name.capitalize())

    def problem(self, r: int, column: str, message: str) -> None:
        self.problems.append(Problem(r, column, message))

    def add(self, r: int, values: dict[str, str], dates: dict[str, dt.date | None]) -> None:
        number = values.get("number", "")
        rest = {k: v for k, v in values.items() if k not in ("number", *HEADING_COLUMNS) and v}
        # A heading is the first cell alone. In an export every action row has a status,
        # so there a heading may even look like a number ("2020").
        if number and not rest and (not _NUMBER.match(number) or "status" in self.cols):
            self.headings.append(
                ParsedHeading(r, number, cells={k: values.get(k, "") for k in HEADING_COLUMNS})
            )
            self.current_main = None
        elif not number and not rest:
            self.problem(
                r,
                self.label("owner"),
                _("Owner and Concerns belong on a recommendation's heading row."),
            )
        elif not self.headings:
            self.problem(r, "", _("An action needs a recommendation (a heading row) above it."))
        else:
            self._check_cells(r, values)
            self._add_action(r, number, values, dates)

    def _check_cells(self, r: int, values: dict[str, str]) -> None:
        """Lengths, the lead's name, dates in a timescale and the status of an action."""
        for name, most in LIMITS.items():
            if len(values.get(name, "")) > most:
                self.problem(
                    r, self.label(name), _("Keep it under %(n)s characters.") % {"n": most}
                )
        if len(_lead(values, self.cols)[1]) > LEAD_NAME_LIMIT:
            self.problem(
                r,
                self.label("lead"),
                _("Keep the lead's name under %(n)s characters.") % {"n": LEAD_NAME_LIMIT},
            )
        if "due date" not in self.cols and "review date" not in self.cols:
            for wrong in timescales.impossible_dates(values.get("timescale", "")):
                self.problem(
                    r,
                    self.label("timescale"),
                    _("%(value)r is not a date (dates are day/month/year).") % {"value": wrong},
                )
        if values.get("status") and _status(values["status"]) is None:
            self.problem(
                r,
                self.label("status"),
                _("%(value)r is not a status: write Not started, In progress or Completed.")
                % {"value": values["status"]},
            )

    def _add_action(
        self, r: int, number: str, values: dict[str, str], dates: dict[str, dt.date | None]
    ) -> None:
        """A main action (3) or a sub-action (3.1, or unnumbered under its main one)."""
        actions = self.headings[-1].actions
        match = _NUMBER.match(number) if number else None
        if number and not match:
            self.problem(
                r,
                "No.",
                _("Expected an action number such as 3 or 3.1, or a heading with no other cells."),
            )
            return
        if match and match.group(2) is None:
            n = int(match.group(1))
            if n in self.seen or n in self.taken:
                self.problem(r, "No.", _("Action %(n)s appears twice.") % {"n": n})
                return
            if not values.get("action"):
                self.problem(r, self.label("action"), _("Describe the action."))
            self.seen.add(n)
            self.current_main = ParsedAction(r, n, None, values, dates)
            actions.append(self.current_main)
            return
        main = self.current_main
        if main is None:
            self.problem(r, "No.", _("A sub-action needs a numbered action above it."))
            return
        if match and int(match.group(1)) != main.number:
            self.problem(
                r,
                "No.",
                _("Sub-action %(s)s is not under action %(n)s.") % {"s": number, "n": main.number},
            )
            return
        if match:
            sub = int(match.group(2) or 0)
        else:
            sub = sum(1 for a in actions if a.sub is not None and a.number == main.number) + 1
        actions.append(ParsedAction(r, main.number, sub, values, dates))


def parse_sheet(data: bytes, plan: ImprovementPlan) -> list[ParsedHeading]:
    return parse_workbook(data, plan).headings


@dataclass(frozen=True)
class ImportSummary:
    recommendations: int
    actions: int
    findings: int = 0


def _refusals(row: int, exc: ValidationError, label: Any) -> Iterable[Problem]:
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            for message in messages:
                yield Problem(row, label(FIELD_COLUMNS.get(name, name)), message)
    else:
        for message in exc.messages:
            yield Problem(row, "", message)


def _lead(cells: dict[str, str], columns: dict[str, int]) -> tuple[str, str]:
    """(organisation, person) of an action's Lead cell."""
    lead = cells.get("lead", "")
    if "lead organisation" not in columns:
        return plan_rules().split_lead(lead)
    org = cells.get("lead organisation", "")
    rest = lead[len(org) :]
    if org and lead.startswith(org) and (not rest or rest[0].isspace()):
        return org, rest.strip()
    return org, lead


@transaction.atomic
def import_plan_sheet(*, actor: Actor, plan: ImprovementPlan, data: bytes) -> ImportSummary:
    """Add the workbook's findings, recommendations and actions to `plan`; all or nothing.
    An archived plan takes none: one problem, before the file is read."""
    try:
        readonly.refuse_plan(plan.pk)
    except readonly.PlanArchived as exc:
        raise PlanImportError([Problem(None, "", str(exc))]) from None
    book = parse_workbook(data, plan)
    cols = book.columns
    rules = plan_rules()
    after = plan.published_on or clock.today()
    dated = "due date" in cols or "review date" in cols
    problems: list[Problem] = []

    def label(name: str) -> str:
        return book.labels.get(name, name.capitalize())

    count = 0
    for heading in book.headings:
        try:
            rec = services.add_recommendation(
                actor=actor,
                plan=plan,
                text=heading.text,
                owner_role=heading.cells.get("owner", ""),
                concerns=split_ids(heading.cells.get("concerns", "")),
            )
        except ValidationError as exc:
            problems.extend(_refusals(heading.row, exc, label))
            continue
        mains: dict[int, Action] = {}
        for parsed in heading.actions:
            c = parsed.cells
            if dated:
                due, review = parsed.dates.get("due date"), parsed.dates.get("review date")
            else:
                due, review = timescales.interpret(c.get("timescale", ""), after)
            org, person = _lead(c, cols)
            staff = services.staff_by_name(plan.service, person)
            progress = c.get("progress", "")
            progress_on = parsed.dates.get("progress date")
            if c.get("status"):
                status = _status(c["status"]) or Status.NOT_STARTED
            elif progress:
                status = rules.status_from_text(progress)[0]
            else:
                status = Status.NOT_STARTED
            parent = mains.get(parsed.number) if parsed.sub is not None else None
            if parsed.sub is not None and parent is None:
                continue  # its action was refused, and reported
            update = bool(progress or progress_on)
            try:
                action = services.add_action(
                    actor=actor,
                    plan=plan,
                    recommendation=rec,
                    parent=parent,
                    number=parsed.sub if parsed.sub is not None else parsed.number,
                    status=Status.NOT_STARTED if update else status,
                    description=c.get("action", ""),
                    timescale=c.get("timescale", ""),
                    due_date=due,
                    review_date=review,
                    lead_organisation=org,
                    # A lead on the staff list is linked; the name is then theirs.
                    lead_name="" if staff is not None else person,
                    lead_staff=staff,
                    expected_outcome=c.get("outcome", ""),
                    learning_objectives=c.get("learning objectives", ""),
                    success_measure=c.get("success measure", ""),
                    measures=split_ids(c.get("measured by", "")),
                )
                if parsed.sub is None:
                    mains[parsed.number] = action  # its sub-actions are checked too
                if update:
                    services.record_progress(
                        actor=actor, action=action, status=status, note=progress, on=progress_on
                    )
            except ValidationError as exc:
                problems.extend(_refusals(parsed.row, exc, label))
                continue
            count += 1
    # A finding the plan already has is not added twice (the file's own are all kept).
    existing = set(plan.findings.values_list("kind", "text"))
    added = 0
    for finding in book.findings:
        if (finding.kind, finding.text) in existing:
            continue
        services.add_finding(
            actor=actor,
            plan=plan,
            kind=finding.kind,
            text=finding.text,
            source_id=finding.source_id,
        )
        added += 1
    if problems:
        raise PlanImportError(problems)  # rolls back every row written above
    return ImportSummary(len(book.headings), count, added)
