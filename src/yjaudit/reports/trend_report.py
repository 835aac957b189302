"""The trend report: a service's standards across its rounds of one framework, with
intervals, and the latest self-audit set against the last inspection's ratings (the
check made in "Derby YOS, progress against HMIP areas for improvement, 9 September
2019": "remarkably similar to the findings of the HMIP inspection").

The inspection side is `InspectionRatings`, the minimal input the comparison needs:
per standard, the inspection's rating and (where published) its percentage. Today it
comes from the service's latest round of kind "inspection" on the same framework (an
inspection's figures entered or imported as a round); any other source (a file of
published ratings) only has to fill the same shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yjaudit.charts import Series, TrendPoint, trend_chart
from yjaudit.engine.types import ScoreResult
from yjaudit.spec import Framework

from .document import (
    Block,
    Cell,
    ChartBlock,
    Cover,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    cell,
)
from .figures import chart_labels, hidden, rating_words
from .round_report import RoundInfo, limits_for, rates


@dataclass(frozen=True)
class InspectionRatings:
    name: str
    date: dt.date | None
    # standard id -> (rating or None, whole percentage or None)
    ratings: Mapping[str, tuple[str | None, int | None]]
    # The round the inspection was set beside (e.g. a baseline audit of the same
    # period, as Derby did); None compares with the latest round.
    round_id: int | None = None


@dataclass(frozen=True)
class TrendRound:
    info: RoundInfo
    result: ScoreResult | None


@dataclass(frozen=True)
class TrendData:
    service: str
    framework: Framework
    framework_label: str
    rounds: tuple[TrendRound, ...]  # oldest first
    inspection: InspectionRatings | None = None
    marking: str = ""
    generated_on: dt.date = field(default_factory=dt.date.today)


def inspection_from_result(
    name: str, date: dt.date | None, result: ScoreResult
) -> InspectionRatings:
    return InspectionRatings(
        name,
        date,
        {
            s.id: (s.rating, s.figure.percent if s.rated_by == "cases" else None)
            for s in result.standards
        },
    )


def _label(r: TrendRound) -> str:
    return r.info.name


def _point_text(fig_percent: int | None, low: float | None, high: float | None, rating: str) -> str:
    if fig_percent is None:
        return rating or "-"
    # One figure per line, so a round's column stays narrow enough for eight rounds.
    lines = [f"{fig_percent}%"]
    if low is not None and high is not None:
        lines.append(f"({low:g}\u2013{high:g})")  # en dash
    if rating:
        lines.append(rating)
    return "\n".join(lines)


def trend_sections(data: TrendData, prefix: str = "") -> list[Section]:
    fw = data.framework
    scored = [r for r in data.rounds if r.result is not None]
    if not scored:
        return [
            Section(
                f"{prefix}trend",
                _("Trend"),
                (Paragraph(_("No round of this framework has figures yet.")),),
            )
        ]
    first, last = scored[0].info, scored[-1].info
    intro = Paragraph(
        _("%(count)s rounds of %(framework)s, from %(first)s to %(last)s.")
        % {
            "count": len(scored),
            "framework": data.framework_label,
            "first": first.name,
            "last": last.name,
        }
    )
    rated = rates(fw)
    rows, long_rows = _standard_rows(fw, scored, rated)
    if any(r.result and r.result.overall.method != "none" for r in scored):
        rows.append(_overall_row(scored))
    wide = Table(
        f"{prefix}trend",
        _("Standards across rounds (percentage, 95% interval, rating)"),
        (_("Standard"), *(_label(r) for r in scored)),
        tuple(rows),
    )
    blocks: list[Block] = [intro, wide, *_domain_charts(fw, scored, rated, prefix)]
    blocks.append(_long_table(long_rows, prefix))
    compared = scored[-1]
    if data.inspection is not None and data.inspection.round_id is not None:
        compared = next((r for r in scored if r.info.id == data.inspection.round_id), compared)
    return [
        Section(f"{prefix}trend", _("Trend across rounds"), tuple(blocks)),
        inspection_section(data, compared, prefix),
    ]


def _results(scored: Sequence[TrendRound]) -> list[ScoreResult]:
    results = [r.result for r in scored]
    assert all(res is not None for res in results)
    return [res for res in results if res is not None]


def _present(scored: Sequence[TrendRound]) -> set[str]:
    """Standards every round has figures for: a round audits one subject (children's or
    victims' cases), so a framework's other standards are in none of its results."""
    ids = [{s.id for s in result.standards} for result in _results(scored)]
    return set.intersection(*ids) if ids else set()


def _standard_rows(
    fw: Framework, scored: Sequence[TrendRound], rated: bool
) -> tuple[list[tuple[Cell, ...]], list[tuple[Cell, ...]]]:
    """One wide row per standard (a cell per round), and the long table's rows (one per
    standard and round)."""
    rows: list[tuple[Cell, ...]] = []
    long_rows: list[tuple[Cell, ...]] = []
    present = _present(scored)
    for std in (s for s in fw.standards if s.id in present):
        row: list[Cell] = [Cell(f"{std.id} {std.name}")]
        for r, result in zip(scored, _results(scored), strict=True):
            s = result.standard(std.id)
            rating = (rating_words(s.rating) or _("Not rated")) if rated else ""
            f = s.figure
            percent = f.percent if s.rated_by == "cases" else None
            row.append(
                cell(percent, _point_text(percent, f.ci_low, f.ci_high, rating))
                if percent is not None
                else Cell(_("Not shown") if hidden(f) else (rating or "-"))
            )
            long_rows.append(
                (
                    Cell(f"{std.id} {std.name}"),
                    Cell(r.info.name),
                    Cell(f"{r.info.period_end:%Y-%m-%d}"),
                    cell(percent),
                    cell(f.ci_low if percent is not None else None),
                    cell(f.ci_high if percent is not None else None),
                    cell(f.cases if s.rated_by == "cases" and not hidden(f) else None),
                    Cell(rating),
                )
            )
        rows.append(tuple(row))
    return rows, long_rows


def _overall_row(scored: Sequence[TrendRound]) -> tuple[Cell, ...]:
    row: list[Cell] = [Cell(_("Overall"))]
    for result in _results(scored):
        o = result.overall
        by_points = o.method in ("sum-of-standard-points", "sum-of-domain-points")
        words = rating_words(o.rating)
        if by_points and o.points is None:
            row.append(Cell(words or _("Not rated")))
        elif by_points:
            row.append(cell(o.points, f"{o.points}/{o.max_points}\n{words or _('Not rated')}"))
        elif o.percent is not None:
            row.append(cell(o.percent, f"{o.percent}%\n{words}".strip()))
        else:
            row.append(Cell("-"))
    return tuple(row)


def _domain_charts(
    fw: Framework, scored: Sequence[TrendRound], rated: bool, prefix: str
) -> list[ChartBlock]:
    """One trend chart per domain with standards rated from cases."""
    results = _results(scored)
    present = _present(scored)
    charts: list[ChartBlock] = []
    for d in fw.domains:
        case_stds = [s for s in d.standards if s.rated_by == "cases" and s.id in present]
        if not case_stds:
            continue
        series = []
        for std in case_stds:
            points: list[TrendPoint | None] = []
            for result in results:
                f = result.standard(std.id).figure
                points.append(
                    None
                    if f.percent is None
                    else TrendPoint(f.percent, f.ci_low, f.ci_high, f.cases)
                )
            series.append(Series(f"{std.id} {std.name}", tuple(points)))
        last_result = results[-1]
        limits = limits_for(fw, [last_result.standard(s.id) for s in case_stds]) if rated else ()
        chart = trend_chart(
            [_label(r) for r in scored],
            series,
            title=f"{d.name}: {_('trend')}",
            limits=limits,
            labels=chart_labels(),
            id=f"{prefix}trend-{d.id}".replace(".", "-"),
        )
        charts.append(ChartBlock(chart))
    return charts


def _long_table(long_rows: list[tuple[Cell, ...]], prefix: str) -> Table:
    return Table(
        f"{prefix}trend-data",
        _("Trend data"),
        (
            _("Standard"),
            _("Round"),
            _("Period end"),
            _("Percentage"),
            _("95% interval from"),
            _("95% interval to"),
            _("Cases"),
            _("Rating"),
        ),
        tuple(long_rows),
    )


def inspection_section(data: TrendData, latest: TrendRound, prefix: str = "") -> Section:
    sid = f"{prefix}inspection"
    title = _("Self-audit against the last inspection")
    insp = data.inspection
    if insp is None or latest.result is None:
        return Section(
            sid,
            title,
            (
                Paragraph(
                    _("No inspection of this service on this framework is held in the system.")
                ),
            ),
        )
    headers = (
        _("Standard"),
        _("Inspection rating"),
        _("Inspection %"),
        _("Self-audit rating"),
        _("Self-audit %"),
        _("Difference (points)"),
        _("Same rating"),
    )
    rows = []
    same = compared = 0
    diffs: list[int] = []
    for s in latest.result.standards:
        if s.id not in insp.ratings:
            continue
        i_rating, i_percent = insp.ratings[s.id]
        mine = s.figure.percent if s.rated_by == "cases" else None
        diff = mine - i_percent if mine is not None and i_percent is not None else None
        if diff is not None:
            diffs.append(abs(diff))
        agree = ""
        if i_rating and s.rating:
            compared += 1
            if i_rating == s.rating:
                same += 1
                agree = _("Yes")
            else:
                agree = _("No")
        rows.append(
            (
                Cell(f"{s.id} {s.name}"),
                Cell(rating_words(i_rating) or _("Not rated")),
                cell(i_percent, None if i_percent is None else f"{i_percent}%"),
                Cell(rating_words(s.rating) or _("Not rated")),
                cell(mine, None if mine is None else f"{mine}%"),
                cell(diff, None if diff is None else f"{diff:+d}"),
                Cell(agree),
            )
        )
    when = f" ({date_format(insp.date, 'F Y')})" if insp.date else ""
    summary = _("%(round)s set against %(inspection)s%(when)s.") % {
        "round": latest.info.name,
        "inspection": insp.name,
        "when": when,
    }
    if compared:
        summary += " " + _(
            "The ratings are the same for %(same)s of the %(n)s standards rated by both."
        ) % {
            "same": same,
            "n": compared,
        }
    if diffs:
        summary += " " + _(
            "Percentages differ by %(mean)s points on average (largest %(max)s)."
        ) % {
            "mean": f"{sum(diffs) / len(diffs):.1f}",
            "max": max(diffs),
        }
    table = Table(sid, title, headers, tuple(rows))
    return Section(sid, title, (Paragraph(summary), table))


def build_trend_report(data: TrendData) -> ReportDocument:
    title = _("Trend report: %(service)s") % {"service": data.service}
    scored = [r for r in data.rounds if r.result is not None]
    facts = [
        (_("Service"), data.service),
        (_("Framework"), data.framework_label),
        (_("Rounds"), str(len(scored))),
    ]
    if scored:
        facts.append((_("From"), scored[0].info.name))
        facts.append((_("To"), scored[-1].info.name))
    if data.inspection:
        facts.append((_("Inspection compared"), data.inspection.name))
    return ReportDocument(
        kind="trend",
        title=title,
        cover=Cover(title, data.service, tuple(facts)),
        sections=tuple(trend_sections(data)),
        generated_on=data.generated_on,
        marking=data.marking,
    )


def sequence_of(rounds: Sequence[TrendRound]) -> tuple[TrendRound, ...]:
    return tuple(sorted(rounds, key=lambda r: (r.info.period_end, r.info.id)))
