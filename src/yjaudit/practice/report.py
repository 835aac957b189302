"""The monthly one-to-one sheet for a case manager, the team-meeting summary and the
board pack's compliance section, as report documents (`yjaudit.reports.document`), so
the reports' renderers give them as HTML, PDF and Word."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yjaudit.compliance import Figure, Month, RuleSet, Scope, Uncovered
from yjaudit.organisations.models import Service, StaffMember
from yjaudit.reports.document import (
    Cell,
    Cover,
    FindingList,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    cell,
)

from . import presenters, selectors
from .models import CaseEvent

# Section ids: anchors in the rendered document, not text for people.
FIGURES, MISSED, UNCOVERED, SUMMARY = "figures", "missed", "uncovered", "summary"


def rate_text(f: Figure) -> str:
    return "" if f.rate is None else f"{f.rate:.0%}"


def figure_cells(f: Figure, hide_below: int = 0) -> tuple[Cell, ...]:
    """Due, met, missed, not yet due, rate; all blank (suppressed) for a small cell."""
    if 0 < f.due < hide_below:
        blank = Cell(_("suppressed"))
        return (blank, blank, blank, blank, blank)
    rate = cell(None if f.rate is None else round(f.rate * 100, 1), rate_text(f) or _("none due"))
    return (cell(f.due), cell(f.met), cell(f.missed), cell(f.not_yet_due), rate)


def headers() -> tuple[str, ...]:
    return (_("Due"), _("Met"), _("Missed"), _("Not yet due"), _("Met of decided"))


def _rule_titles(rules: RuleSet) -> dict[str, str]:
    return {r.id: r.title for r in rules.rules}


def _figure_table(
    table_id: str, caption: str, rules: RuleSet, figures: Sequence[Figure], hide_below: int = 0
) -> Table:
    titles = _rule_titles(rules)
    rows = tuple(
        (Cell(titles.get(f.rule, f.rule)), *figure_cells(f, hide_below)) for f in figures if f.due
    )
    return Table(
        table_id,
        caption,
        (_("Standard"), *headers()),
        rows,
        note="" if rows else _("Nothing was due this month."),
    )


def _facts(service: Service, month: Month, rules: RuleSet) -> tuple[tuple[str, str], ...]:
    return (
        (_("Service"), service.name),
        (_("Month"), date_format(month.first, "F Y")),
        (_("Compliance rules"), rules.name),
        (_("Worked out on"), timezone.localdate().isoformat()),
    )


def sheet_document(
    service: Service,
    staff: StaffMember,
    month: Month,
    *,
    as_of: dt.date,
    uncovered: Sequence[Uncovered] = (),
) -> ReportDocument:
    """A case manager's monthly one-to-one sheet: their figures per standard, the cases
    that missed (references only) and their uncovered cases at or above the threshold."""
    rules = selectors.rule_set(service)
    cases = selectors.visible_cases(service, None).filter(case_manager=staff)
    found = selectors.figures(service, cases, [month], as_of=as_of, scopes=(Scope.SERVICE,))
    titles = _rule_titles(rules)
    missed = tuple(
        f"{titles.get(f.rule, f.rule)}: {', '.join(f.missed_cases)}"
        for f in found
        if f.missed_cases
    )
    gaps = tuple(
        _("%(ref)s (%(risk)s), uncovered for %(days)s days since %(since)s")
        % {
            "ref": u.reference,
            "risk": presenters.risk_text(u.risk),
            "days": u.days_uncovered,
            "since": u.since,
        }
        for u in uncovered
    )
    title = _("One-to-one compliance sheet: %(name)s") % {"name": staff.name}
    month_text = date_format(month.first, "F Y")
    sections = (
        Section(
            FIGURES,
            _("National Standards, %(month)s") % {"month": month_text},
            (_figure_table("sheet-figures", _("Occasions due in the month"), rules, found),),
        ),
        Section(
            MISSED,
            _("Cases that missed"),
            (FindingList(_("By standard"), missed, _("No case missed a standard this month.")),),
        ),
        Section(
            UNCOVERED,
            _("Cases under no risk forum"),
            (FindingList(_("At or above the threshold"), gaps, _("Every case is covered.")),),
        ),
    )
    return ReportDocument(
        kind="practice-sheet",
        title=title,
        cover=Cover(
            title, month_text, (*_facts(service, month, rules), (_("Case manager"), staff.name))
        ),
        sections=sections,
        generated_on=timezone.localdate(),
        marking=_("OFFICIAL-SENSITIVE: case references"),
    )


def summary_document(
    service: Service,
    month: Month,
    *,
    as_of: dt.date,
    figures: Sequence[Figure],
    hide_below: int = 0,
) -> ReportDocument:
    """The team-meeting summary: the service and each team, per standard, no names of
    children (counts only)."""
    rules = selectors.rule_set(service)
    names = selectors.names(service)
    blocks: list[Any] = [
        _figure_table(
            "summary-service",
            _("The whole service"),
            rules,
            [f for f in figures if f.scope is Scope.SERVICE],
            hide_below,
        )
    ]
    teams = sorted(
        {f.group for f in figures if f.scope is Scope.TEAM}, key=lambda g: names.of(Scope.TEAM, g)
    )
    for team in teams:
        blocks.append(
            _figure_table(
                f"summary-team-{team}",
                names.of(Scope.TEAM, team) or _("No team"),
                rules,
                [f for f in figures if f.scope is Scope.TEAM and f.group == team],
                hide_below,
            )
        )
    if not any(f.due for f in figures):
        blocks.append(Paragraph(_("Nothing was due this month.")))
    title = _("Team meeting summary: National Standards compliance")
    month_text = date_format(month.first, "F Y")
    return ReportDocument(
        kind="practice-summary",
        title=title,
        cover=Cover(title, month_text, _facts(service, month, rules)),
        sections=(Section(SUMMARY, month_text, tuple(blocks)),),
        generated_on=timezone.localdate(),
    )


def board_tables(service: Service, *, today: dt.date, hide_below: int) -> tuple[Table, ...]:
    """The board pack's compliance section: the service's figures per standard for the
    latest month, small cells suppressed; nothing while the service holds no events."""
    if not CaseEvent.objects.filter(case__service=service).exists():
        return ()
    month = selectors.latest_month(service, today)
    rules = selectors.rule_set(service)
    cases = selectors.visible_cases(service, None)
    found = selectors.figures(service, cases, [month], as_of=today, scopes=(Scope.SERVICE,))
    table = _figure_table(
        "board-compliance",
        _("National Standards compliance, %(month)s") % {"month": date_format(month.first, "F Y")},
        rules,
        found,
        hide_below,
    )
    coverage = selectors.coverage(service, cases, [month], as_of=today)
    hidden = Cell(_("suppressed"))
    rows = tuple(
        (Cell(c.month.label), hidden, hidden, hidden)
        if 0 < c.at_or_above < hide_below
        else (
            Cell(c.month.label),
            cell(c.at_or_above),
            cell(c.covered),
            cell(
                None if c.rate is None else round(c.rate * 100, 1),
                "" if c.rate is None else f"{c.rate:.0%}",
            ),
        )
        for c in coverage
    )
    forums = Table(
        "board-forums",
        _("Risk forum coverage"),
        (_("Month"), _("Cases at or above the threshold"), _("Covered"), _("Coverage")),
        rows,
    )
    return (table, forums)


def board_tables_for_round(audit_round: Any) -> tuple[Table, ...]:
    """The YJAUDIT_BOARD_COMPLIANCE plug-in: a round's service's compliance tables
    (aggregates, cells below the disclosure minimum suppressed)."""
    from yjaudit.audits.disclosure import minimum_cases

    return board_tables(audit_round.service, today=timezone.localdate(), hide_below=minimum_cases())
