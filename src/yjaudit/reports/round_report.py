"""The round report, in the inspectorate's shape, as a `ReportDocument`.

The shape is that of HM Inspectorate of Probation, "Core Case Inspection of youth
offending work in England and Wales: Coventry", 2011.

Cover; summary table of standards (percentage, rating, interval, cases); overall;
headline scores where the framework has them; comparison with benchmarks; a chart per
domain with band limits drawn; strengths and areas for improvement per standard worded
as inspectors write; custody / community and court / out-of-court splits; sample
against caseload; a data appendix of every question.

`build_round_report(RoundData)` reads nothing but its argument: `sources.round_data`
gathers the inputs from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from yjaudit.charts import Bar, Benchmark, Chart, band_limits, bar_chart
from yjaudit.charts.types import BandLimit
from yjaudit.engine.types import (
    GroupResult,
    KeyQuestionResult,
    PromptResult,
    ScoreReport,
    ScoreResult,
    StandardResult,
)
from yjaudit.narrative import NarrativeSettings, select_findings
from yjaudit.spec import Framework
from yjaudit.spec.model import BandBasis
from yjaudit.web.reasons import why_not_rated

from .benchmarks import OVERALL, BenchmarkSet
from .document import (
    Block,
    Cell,
    ChartBlock,
    Cover,
    FindingList,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    cell,
)
from .figures import (
    cases_cell,
    chart_labels,
    figure_rating,
    hidden,
    interval_cells,
    interval_text,
    not_rated_note,
    number,
    percent_cell,
    points_cell,
    rating_words,
    result_items,
    score_cells,
    standard_rating,
)

# Split attributes the report shows, in order, when the round's results carry them.
SPLITS = ("setting", "disposal_category")


@dataclass(frozen=True)
class ShareRow:
    label: str
    caseload: int
    caseload_percent: float
    sample: int
    sample_percent: float


@dataclass(frozen=True)
class ShareTable:
    label: str
    rows: tuple[ShareRow, ...]


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    service: str
    framework_name: str
    framework_edition: str
    kind: str
    status: str
    period_start: dt.date
    period_end: dt.date
    sample_size: int
    caseload_size: int | None
    authors: tuple[str, ...] = ()
    # Case audits submitted or later (they make the figures) and in progress (they do not).
    counted: int | None = None
    in_progress: int = 0

    @property
    def period(self) -> str:
        """In the active language (a report is built inside its own)."""
        return _("%(start)s to %(end)s") % {
            "start": f"{self.period_start:%d/%m/%Y}",
            "end": f"{self.period_end:%d/%m/%Y}",
        }


@dataclass(frozen=True)
class RoundData:
    info: RoundInfo
    framework: Framework
    report: ScoreReport | None  # None while the round has no answers to score
    benchmarks: BenchmarkSet | None = None
    comparison: tuple[ShareTable, ...] = ()
    # attribute -> (title, {value: label}) for the splits' headings.
    split_labels: Mapping[str, tuple[str, Mapping[str, str]]] = field(default_factory=dict)
    narrative: NarrativeSettings | None = None
    marking: str = ""
    generated_on: dt.date = field(default_factory=dt.date.today)
    # Sections plugged in (YJAUDIT_ROUND_REPORT_SECTIONS), after the round's own.
    extra_sections: tuple[Section, ...] = ()


def rates(framework: Framework) -> bool:
    """Does the framework give ratings at all? (SQS did not.)"""
    return bool(framework.rating_schemes)


def cover_for(info: RoundInfo, title: str, subtitle: str) -> Cover:
    facts = [
        (_("Service"), info.service),
        (_("Audit round"), info.name),
        (_("Kind"), info.kind),
        (_("Framework"), f"{info.framework_name} ({info.framework_edition})"),
        (_("Period"), info.period),
        (_("Cases in the sample"), str(info.sample_size)),
    ]
    if info.counted is not None:
        facts.append((_("Case audits counted (submitted or later)"), str(info.counted)))
        facts.append((_("Case audits in progress, not counted"), str(info.in_progress)))
    if info.caseload_size is not None:
        facts.append((_("Cases open in the period"), str(info.caseload_size)))
    facts.append((_("Status"), info.status))
    facts.append((_("Authors"), ", ".join(info.authors) if info.authors else _("Not recorded")))
    return Cover(title, subtitle, tuple(facts))


def build_round_report(data: RoundData) -> ReportDocument:
    info = data.info
    title = _("Audit round report: %(round)s") % {"round": info.name}
    cover = cover_for(info, title, info.service)
    sections: list[Section] = []
    if data.report is None:
        sections.append(
            Section(
                "summary",
                _("Summary"),
                (Paragraph(_("This round has no answers to score yet.")),),
            )
        )
        sections.append(sample_section(data.comparison))
    else:
        result = data.report.result
        sections += round_sections(data, result)
    sections += data.extra_sections
    return ReportDocument(
        kind="round",
        title=title,
        cover=cover,
        sections=tuple(sections),
        generated_on=data.generated_on,
        marking=data.marking,
    )


def round_sections(data: RoundData, result: ScoreResult, *, prefix: str = "") -> list[Section]:
    """Every section of the round report (the board pack reuses them)."""
    fw = data.framework
    out = [summary_section(fw, result, prefix)]
    if result.headlines:
        out.append(headline_section(fw, result, data.benchmarks, prefix))
    out.append(benchmark_section(fw, result, data.benchmarks, prefix))
    charts = chart_section(fw, result, data.benchmarks, prefix)
    if charts is not None:
        out.append(charts)
    out.append(findings_section(fw, result, data.narrative, prefix))
    splits = split_section(fw, data.report, data.split_labels, prefix)
    if splits is not None:
        out.append(splits)
    out.append(sample_section(data.comparison, prefix))
    out.append(appendix_section(fw, result, prefix))
    return out


# -- summary ---------------------------------------------------------------------------


def summary_table(fw: Framework, result: ScoreResult, table_id: str) -> Table:
    rated = rates(fw)
    headers = [_("Standard"), _("Percentage")]
    if rated:
        headers.append(_("Rating"))
    headers += [_("95% interval from"), _("95% interval to"), _("Cases"), _("Rating points")]
    # The exact figure behind the percentage (points over maximum, "not applicable" left
    # out), so the report can be checked against the results page, the API and the CLI.
    headers += [_("Score"), _("Out of")]
    rows: list[tuple[Cell, ...]] = []
    notes: list[str] = []
    for s in result.standards:
        label = f"{s.id} {s.name}"
        if not s.counted:
            label += " " + _("(not counted in the overall rating)")
        row: list[Cell] = [Cell(label)]
        if s.rated_by == "judgement":
            row.append(Cell(_("Inspector judgement")))
            if rated:
                row.append(Cell(standard_rating(s, rated)))
            row += [Cell(""), Cell(""), Cell(""), cell(s.points), Cell(""), Cell("")]
        else:
            low, high = interval_cells(s.figure)
            row.append(percent_cell(s.figure))
            if rated:
                row.append(Cell(standard_rating(s, rated)))
            row += [low, high, cases_cell(s.figure), cell(s.points), *score_cells(s.figure)]
        rows.append(tuple(row))
        note = not_rated_note(s)
        if note and rated:
            # The reason is a sentence of its own ("No judgement has been recorded yet.").
            why = note if note.endswith(".") else f"{note}."
            notes.append(_("%(id)s: not rated. %(why)s") % {"id": s.id, "why": why})
    return Table(
        table_id,
        _("Summary of standards"),
        tuple(headers),
        tuple(rows),
        note=" ".join(notes),
    )


def overall_text(fw: Framework, result: ScoreResult) -> str:
    o = result.overall
    if o.method == "none":
        return ""
    # Both point methods (standards' or areas' rating points) read the same way.
    if o.method in ("sum-of-standard-points", "sum-of-domain-points"):
        if o.rating is None:
            text = _("Overall: not rated (%(points)s of %(max)s points so far).") % {
                "points": o.points if o.points is not None else 0,
                "max": o.max_points or 0,
            }
            if o.not_rated_reason:
                text += " " + why_not_rated(o.not_rated_reason)
            return text
        if o.points is None:  # left out: it would give a standard hidden for small counts
            return _("Overall rating: %(rating)s.") % {"rating": rating_words(o.rating)}
        return _("Overall rating: %(rating)s (%(points)s of %(max)s points).") % {
            "rating": rating_words(o.rating),
            "points": o.points,
            "max": o.max_points,
        }
    if o.percent is None:
        return _("Overall: no figure.")
    if o.numerator is None:  # left out: it would give a standard hidden for small counts
        text = _("Overall score: %(percent)s%%") % {"percent": o.percent}
    else:
        text = _("Overall score: %(percent)s%% (%(num)s of %(den)s points)") % {
            "percent": o.percent,
            "num": f"{number(o.numerator)}",
            "den": f"{number(o.denominator)}",
        }
    if o.rating:
        text += ", " + rating_words(o.rating)
    elif rates(fw):
        text += ", " + _("not rated")
    return text + "."


def summary_section(fw: Framework, result: ScoreResult, prefix: str = "") -> Section:
    blocks: list[Block] = []
    overall = overall_text(fw, result)
    if overall:
        blocks.append(Paragraph(overall, strong=True))
    blocks.append(
        Paragraph(
            _(
                "Each percentage is the share of applicable answers done well enough "
                "(points over the maximum; not applicable answers are left out), rounded "
                "half up, with its 95%% Wilson interval. %(cases)s cases were scored."
            )
            % {"cases": result.cases}
        )
    )
    if not rates(fw):
        blocks.append(Paragraph(_("This framework gives no ratings: figures only.")))
    blocks.append(summary_table(fw, result, f"{prefix}summary"))
    if result.sections:
        blocks.append(group_table(fw, result.sections, f"{prefix}sections", _("Section scores")))
    return Section(f"{prefix}summary", _("Summary"), tuple(blocks))


def group_table(fw: Framework, groups: Sequence[GroupResult], table_id: str, caption: str) -> Table:
    rated = rates(fw)
    headers = [caption[:-1] if caption.endswith("s") else caption, _("Percentage")]
    if rated:
        headers.append(_("Rating"))
    headers += [_("95% interval from"), _("95% interval to"), _("Cases")]
    rows = []
    for g in groups:
        low, high = interval_cells(g.figure)
        row = [Cell(g.name), percent_cell(g.figure)]
        if rated:
            row.append(Cell(figure_rating(g.figure, rated)))
        row += [low, high, cases_cell(g.figure)]
        rows.append(tuple(row))
    return Table(table_id, caption, tuple(headers), tuple(rows))


# -- headlines and benchmarks -------------------------------------------------------------


def _bench_cells(bench: BenchmarkSet | None, item: str) -> list[Cell]:
    fig = bench.get(item) if bench else None
    if fig is None:
        return [Cell(""), Cell(""), Cell("")]
    return [
        cell(v, None if v is None else f"{v:g}%") for v in (fig.lowest, fig.highest, fig.average)
    ]


def headline_section(
    fw: Framework, result: ScoreResult, bench: BenchmarkSet | None, prefix: str = ""
) -> Section:
    rated = rates(fw)
    headers = [_("Headline score"), _("Score")]
    if rated:
        headers.append(_("Comment"))
    headers += [_("Lowest"), _("Highest"), _("Average"), _("Cases")]
    rows = []
    for h in result.headlines:
        row = [Cell(h.name), percent_cell(h.figure)]
        if rated:
            row.append(Cell(figure_rating(h.figure, rated)))
        row += [*_bench_cells(bench, h.id), cases_cell(h.figure)]
        rows.append(tuple(row))
    note = bench.source if bench else _("No benchmark figures are available.")
    table = Table(f"{prefix}headlines", _("Headline scores"), tuple(headers), tuple(rows), note)
    return Section(f"{prefix}headlines", _("Headline scores"), (table,))


def benchmark_section(
    fw: Framework, result: ScoreResult, bench: BenchmarkSet | None, prefix: str = ""
) -> Section:
    sid = f"{prefix}benchmarks"
    if bench is None:
        text = _(
            "No benchmarks: no other service has scored a round on this framework edition "
            "in this system, and no benchmark file was given."
        )
        return Section(sid, _("Comparison with benchmarks"), (Paragraph(text),))
    headers = (
        _("Item"),
        _("This round"),
        _("Lowest"),
        _("Highest"),
        _("Average"),
        _("Services"),
    )
    rows = []
    items: list[tuple[str, str, int | None]] = []
    for s in result.standards:
        if s.rated_by == "cases":
            items.append((s.id, f"{s.id} {s.name}", s.figure.percent))
    for h in result.headlines:
        items.append((h.id, h.name, h.figure.percent))
    if result.overall.percent is not None:
        items.append((OVERALL, _("Overall"), result.overall.percent))
    for item, label, percent in items:
        fig = bench.get(item)
        if fig is None:
            continue
        mine = cell(percent, None if percent is None else f"{percent}%")
        rows.append((Cell(label), mine, *_bench_cells(bench, item), cell(fig.services)))
    blocks: list[Block] = [Paragraph(bench.source)]
    if rows:
        blocks.append(Table(sid, _("Comparison with benchmarks"), headers, tuple(rows)))
    else:
        blocks.append(Paragraph(_("The benchmarks hold no figure for this round's items.")))
    return Section(sid, _("Comparison with benchmarks"), tuple(blocks))


# -- charts ------------------------------------------------------------------------------


def limits_for(fw: Framework, standards: Sequence[StandardResult]) -> tuple[BandLimit, ...]:
    for s in standards:
        scheme = fw.rating_scheme(fw.standard(s.id).rating_scheme)
        if scheme is not None and scheme.basis is not BandBasis.POINTS:
            return band_limits(scheme, words=rating_words)
    return ()


def domain_chart(
    fw: Framework,
    result: ScoreResult,
    domain_id: str,
    bench: BenchmarkSet | None,
    *,
    title: str,
) -> Chart | None:
    standards = [s for s in result.standards if s.domain_id == domain_id and s.rated_by == "cases"]
    if not standards:
        return None
    rated = rates(fw)
    bars = []
    for s in standards:
        fig = bench.get(s.id) if bench else None
        bars.append(
            Bar(
                label=f"{s.id} {s.name}",
                percent=s.figure.percent,
                ci_low=s.figure.ci_low,
                ci_high=s.figure.ci_high,
                n=None if hidden(s.figure) else s.figure.cases,
                # The rating is in the summary table beside the chart: the chart's value
                # column (130px, not wrapped) cannot hold "Requires improvement".
                not_rated=rated and s.rating is None and s.figure.percent is not None,
                benchmark=Benchmark(fig.lowest, fig.average, fig.highest) if fig else None,
            )
        )
    limits = limits_for(fw, standards) if rated else ()
    return bar_chart(bars, title=title, limits=limits, labels=chart_labels())


def chart_section(
    fw: Framework, result: ScoreResult, bench: BenchmarkSet | None, prefix: str = ""
) -> Section | None:
    blocks: list[Block] = []
    for d in result.domains:
        chart = domain_chart(fw, result, d.id, bench, title=f"{d.name}: {_('standards')}")
        if chart is not None:
            blocks.append(ChartBlock(chart))
    if result.headlines:
        bars = []
        for h in result.headlines:
            fig = bench.get(h.id) if bench else None
            bars.append(
                Bar(
                    h.name,
                    h.figure.percent,
                    h.figure.ci_low,
                    h.figure.ci_high,
                    None if hidden(h.figure) else h.figure.cases,
                    benchmark=Benchmark(fig.lowest, fig.average, fig.highest) if fig else None,
                )
            )
        scheme = fw.rating_scheme(None)
        limits = (
            band_limits(scheme, words=rating_words)
            if scheme is not None and scheme.basis is not BandBasis.POINTS
            else ()
        )
        blocks.append(
            ChartBlock(
                bar_chart(bars, title=_("Headline scores"), limits=limits, labels=chart_labels())
            )
        )
    if not blocks:
        return None
    return Section(f"{prefix}charts", _("Charts"), tuple(blocks))


# -- strengths and areas for improvement ----------------------------------------------------


def findings_section(
    fw: Framework, result: ScoreResult, settings: NarrativeSettings | None, prefix: str = ""
) -> Section:
    subs: list[Section] = []
    for s in result.standards:
        if s.rated_by != "cases":
            continue
        selection = select_findings(result_items(s), settings=settings)
        blocks: list[Block] = []
        if s.figure.percent is not None:
            text = _("%(percent)s%% over %(cases)s cases (95%% interval %(interval)s)") % {
                "percent": s.figure.percent,
                "cases": s.figure.cases,
                "interval": interval_text(s.figure),
            }
            rating = standard_rating(s, rates(fw))
            blocks.append(Paragraph(f"{text}. {rating}".rstrip(". ") + "."))
        blocks.append(
            FindingList(
                _("Strengths"),
                tuple(f.sentence for f in selection.strengths),
                _("No result reached the threshold for a strength."),
            )
        )
        blocks.append(
            FindingList(
                _("Areas for improvement"),
                tuple(f.sentence for f in selection.improvements),
                _("No result fell below the threshold for an area for improvement."),
            )
        )
        subs.append(Section(f"{prefix}findings-{s.id}", f"{s.id} {s.name}", tuple(blocks)))
    intro = Paragraph(
        _(
            "Strengths and areas for improvement are the framework's questions whose "
            "results pass the thresholds set for this system, with the cases behind "
            "each phrase. Auditors' notes are not printed in reports."
        )
    )
    return Section(
        f"{prefix}findings", _("Strengths and areas for improvement"), (intro,), tuple(subs)
    )


# -- splits, sample, appendix ------------------------------------------------------------


def split_section(
    fw: Framework,
    report: ScoreReport | None,
    labels: Mapping[str, tuple[str, Mapping[str, str]]],
    prefix: str = "",
) -> Section | None:
    if report is None:
        return None
    blocks: list[Block] = []
    rated = rates(fw)
    for attribute in SPLITS:
        groups = report.splits.get(attribute)
        if not groups:
            continue
        title, value_labels = labels.get(attribute, (attribute, {}))
        values = sorted(groups)
        headers = [_("Standard")]
        for v in values:
            name = value_labels.get(v, v)
            headers += [f"{name}: %", f"{name}: {_('cases')}"]
            if rated:
                headers.append(f"{name}: {_('rating')}")
        rows = []
        for s in report.result.standards:
            if s.rated_by != "cases":
                continue
            row: list[Cell] = [Cell(f"{s.id} {s.name}")]
            for v in values:
                sub = groups[v].standard(s.id)
                row += [percent_cell(sub.figure), cases_cell(sub.figure)]
                if rated:
                    row.append(
                        Cell(
                            figure_rating(sub.figure, rated)
                            if sub.rating is None
                            else rating_words(sub.rating)
                        )
                    )
            rows.append(tuple(row))
        if rows:
            caption = _("Standards by %(split)s") % {"split": title.lower()}
            blocks.append(Table(f"{prefix}split-{attribute}", caption, tuple(headers), tuple(rows)))
    if not blocks:
        return None
    intro = Paragraph(
        _("The same figures for each group of cases on its own; small groups are often not rated.")
    )
    return Section(f"{prefix}splits", _("Findings by group of cases"), (intro, *blocks))


def sample_section(comparison: Sequence[ShareTable], prefix: str = "") -> Section:
    sid = f"{prefix}sample"
    if not comparison:
        return Section(sid, _("Sample against caseload"), (Paragraph(_("No sample drawn.")),))
    blocks: list[Block] = [
        Paragraph(
            _("How the sampled cases compare with all cases open in the period, by attribute.")
        )
    ]
    for i, comp in enumerate(comparison):
        rows = tuple(
            (
                Cell(r.label),
                cell(r.caseload),
                cell(r.caseload_percent, f"{r.caseload_percent:g}%"),
                cell(r.sample),
                cell(r.sample_percent, f"{r.sample_percent:g}%"),
            )
            for r in comp.rows
        )
        headers = (comp.label, _("Caseload"), _("Caseload share"), _("Sample"), _("Sample share"))
        blocks.append(Table(f"{sid}-{i}", comp.label, headers, rows))
    return Section(sid, _("Sample against caseload"), tuple(blocks))


def appendix_table(fw: Framework, result: ScoreResult, table_id: str) -> Table:
    headers = (
        _("Question"),
        _("Text"),
        _("Points"),
        _("Maximum"),
        _("Answers"),
        _("Cases"),
        _("Percentage"),
        _("95% interval from"),
        _("95% interval to"),
    )
    rows = []
    for s in result.standards:
        for kq in s.key_questions:
            pairs: list[tuple[KeyQuestionResult | PromptResult, str]] = [(kq, "")]
            pairs += [(p, "  ") for p in kq.prompts]
            for q, indent in pairs:
                f = q.figure
                low, high = interval_cells(f)
                rows.append(
                    (
                        Cell(f"{indent}{q.id}"),
                        Cell(q.text),
                        points_cell(f),
                        Cell("") if hidden(f) else cell(number(f.denominator)),
                        Cell("") if hidden(f) else cell(f.answers),
                        cases_cell(f),
                        percent_cell(f),
                        low,
                        high,
                    )
                )
    return Table(table_id, _("Every key question and prompt"), headers, tuple(rows))


def appendix_section(fw: Framework, result: ScoreResult, prefix: str = "") -> Section:
    blocks: list[Block] = [
        Paragraph(
            _(
                "Points: yes scores 1, partly the framework's part points, no 0; not "
                "applicable answers are left out. Cases: cases with an applicable answer."
            )
        ),
        appendix_table(fw, result, f"{prefix}appendix"),
    ]
    if result.warnings:
        blocks.append(FindingList(_("Warnings from scoring"), tuple(result.warnings), ""))
    return Section(f"{prefix}appendix", _("Data appendix"), tuple(blocks))
