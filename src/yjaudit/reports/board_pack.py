"""The board and scrutiny pack: the latest round, the trend, improvement-plan progress
(once the service has plans) and indicators (once monitoring holds figures).

Plan progress shows each plan's title, its actions by status and RAG, and per action
its number, status, due date and RAG. Action descriptions and progress notes are free
text typed by staff and are left out by design (they could name a child); the board
reads those in the plan itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .document import Block, Cell, Paragraph, ReportDocument, Section, Table, cell
from .round_report import RoundData, cover_for, round_sections
from .trend_report import TrendData, trend_sections


@dataclass(frozen=True)
class ActionRow:
    number: str
    status: str
    due: dt.date | None
    rag: str
    overdue: bool


@dataclass(frozen=True)
class PlanProgress:
    title: str
    counts: tuple[tuple[str, int], ...]  # (label, count): total, by status, by RAG, overdue
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True)
class BoardData:
    latest: RoundData
    trend: TrendData
    plans: tuple[PlanProgress, ...] = ()
    indicators: tuple[Table, ...] = ()  # from monitoring, when it holds figures
    voice: tuple[Table, ...] = ()  # children's and victims' views, when there are answers
    compliance: tuple[Table, ...] = ()  # from practice, when it holds case events
    marking: str = ""
    generated_on: dt.date = field(default_factory=dt.date.today)


def plan_section(plans: tuple[PlanProgress, ...]) -> Section:
    subs = []
    for i, plan in enumerate(plans, start=1):
        counts = Table(
            f"plan-{i}-summary",
            _("Actions by status"),
            (_("Measure"), _("Actions")),
            tuple((Cell(label), cell(n)) for label, n in plan.counts),
        )
        rows = tuple(
            (
                Cell(a.number),
                Cell(a.status),
                Cell(f"{a.due:%d/%m/%Y}" if a.due else ""),
                Cell(a.rag),
                Cell(_("Yes") if a.overdue else _("No")),
            )
            for a in plan.actions
        )
        blocks: list[Block] = [counts]
        if rows:
            blocks.append(
                Table(
                    f"plan-{i}-actions",
                    _("Actions"),
                    (_("Action"), _("Status"), _("Due"), _("RAG"), _("Overdue")),
                    rows,
                )
            )
        subs.append(Section(f"plan-{i}", plan.title, tuple(blocks)))
    intro = Paragraph(
        _(
            "Progress on each improvement plan's actions. Descriptions and progress notes "
            "are in the plans."
        )
    )
    return Section("plans", _("Improvement plan progress"), (intro,), tuple(subs))


def build_board_pack(data: BoardData) -> ReportDocument:
    info = data.latest.info
    title = _("Board and scrutiny pack: %(service)s") % {"service": info.service}
    cover = cover_for(info, title, _("Latest round: %(round)s") % {"round": info.name})
    sections: list[Section] = []
    report = data.latest.report
    latest_subs: tuple[Section, ...]
    if report is None:
        latest_subs = (
            Section(
                "latest-none", _("Figures"), (Paragraph(_("The latest round has no figures yet.")),)
            ),
        )
    else:
        latest_subs = tuple(round_sections(data.latest, report.result, prefix="latest-"))
    sections.append(
        Section("latest", _("Latest round: %(round)s") % {"round": info.name}, (), latest_subs)
    )
    sections.append(
        Section("trend-pack", _("Trend"), (), tuple(trend_sections(data.trend, prefix="pack-")))
    )
    if data.plans:
        sections.append(plan_section(data.plans))
    if data.indicators:
        sections.append(Section("indicators", _("Indicators"), tuple(data.indicators)))
    if data.voice:
        sections.append(Section("voice", _("Children's and victims' views"), tuple(data.voice)))
    if data.compliance:
        sections.append(
            Section("compliance", _("National Standards compliance"), tuple(data.compliance))
        )
    return ReportDocument(
        kind="board",
        title=title,
        cover=cover,
        sections=tuple(sections),
        generated_on=data.generated_on,
        marking=data.marking,
    )
