"""The quarterly performance report: a service's indicators for one quarter, as a
`yjaudit.reports` document, so the reports app's renderers draw it in HTML, PDF, Word
and Excel and the four formats cannot disagree.

Aggregates only: every figure is a count, a value and an interval; no record, reference
or date about a child is read into the document. A cell whose denominator is below the
indicator's minimum shows "Too few to show" with no count, value or interval, in every
format (board members read this report).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from yjaudit.indicators import (
    Figure,
    Indicator,
    IndicatorSet,
    Quarter,
    quarters_ending,
)
from yjaudit.organisations.models import Service
from yjaudit.reports.document import (
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

from . import presenters, selectors
from .models import IndicatorRecord

# The breakdowns the report shows for every indicator that offers them.
REPORT_BREAKDOWNS = ("sex", "ethnicity")
TREND_QUARTERS = 8


@dataclass(frozen=True)
class IndicatorPart:
    tile: selectors.Tile
    breakdowns: tuple[tuple[str, tuple[Figure, ...]], ...]  # (field, figures by group)


@dataclass(frozen=True)
class QuarterlyData:
    service: str
    indicator_set: IndicatorSet
    quarter: Quarter
    parts: tuple[IndicatorPart, ...]
    population: selectors.AreaPopulation
    generated_on: dt.date
    marking: str = ""
    # Offences per 1,000 aged 10-17 (the area-context set), with its breakdowns.
    area: tuple[IndicatorPart, ...] = ()


def quarterly_data(
    service: Service, indicator_set: IndicatorSet, quarter: Quarter, *, today: dt.date
) -> QuarterlyData:
    tiles = selectors.tiles(service, indicator_set, quarter, today=today, trend=TREND_QUARTERS)
    tables = selectors.Tables(service)
    parts = _parts(tables, indicator_set, tiles, quarter, today)
    area_set = selectors.indicator_set(selectors.AREA_SET)
    area_tiles = selectors.area_tiles(service, quarter, today=today, trend=TREND_QUARTERS)
    area = (
        ()
        if indicator_set.id == area_set.id
        else _parts(tables, area_set, area_tiles, quarter, today)
    )
    return QuarterlyData(
        service.name,
        indicator_set,
        quarter,
        tuple(parts),
        selectors.area_population(service, quarter),
        today,
        str(getattr(settings, "YJAUDIT_REPORT_MARKING", "")),
        area,
    )


def _parts(
    tables: selectors.Tables,
    indicator_set: IndicatorSet,
    tiles: list[selectors.Tile],
    quarter: Quarter,
    today: dt.date,
) -> tuple[IndicatorPart, ...]:
    parts = []
    for t in tiles:
        breakdowns = []
        for field in REPORT_BREAKDOWNS:
            if field not in t.indicator.breakdowns:
                continue
            figs = selectors.figure(
                tables, indicator_set, t.indicator, quarter, today=today, by=(field,)
            )
            breakdowns.append((field, tuple(figs or ())))
        parts.append(IndicatorPart(t, tuple(breakdowns)))
    return tuple(parts)


def _value_cell(indicator: Indicator, value: float | None) -> Cell:
    return cell(value, presenters.value_text(indicator, value))


def figure_cells(indicator: Indicator, f: Figure | None) -> tuple[Cell, ...]:
    """Counted, out of, value, lower and upper limit, note: blank numbers when the
    figure is suppressed or unknown, and the reason in words."""
    if f is None or f.suppressed:
        blank = Cell("")
        return (blank, blank, blank, blank, blank, Cell(presenters.status_text(f)))
    return (
        cell(f.numerator, f"{f.numerator:,}"),
        cell(f.denominator, f"{f.denominator:,}"),
        _value_cell(indicator, f.value),
        _value_cell(indicator, f.ci_low),
        _value_cell(indicator, f.ci_high),
        Cell(presenters.status_text(f)),
    )


def _figure_headers(first: str) -> tuple[str, ...]:
    return (
        first,
        _("Counted"),
        _("Out of"),
        _("Value"),
        _("95% interval from"),
        _("95% interval to"),
        _("Note"),
    )


def summary_table(data: QuarterlyData) -> Table:
    rows = []
    for part in data.parts:
        t = part.tile
        compared = "; ".join(
            f"{c['name']}: {c['value']} ({c['reading']})" for c in presenters.tile(t)["comparators"]
        )
        rows.append((Cell(t.indicator.title), *figure_cells(t.indicator, t.figure), Cell(compared)))
    return Table(
        "summary",
        _("Indicators, %(quarter)s") % {"quarter": data.quarter.label},
        (*_figure_headers(_("Indicator")), _("Comparators")),
        tuple(rows),
        _(
            "A comparator differs beyond chance when it lies outside the 95% interval. "
            "Figures with too few children counted are not shown."
        ),
    )


def _trend_blocks(part: IndicatorPart, quarters: list[Quarter], slug: str) -> list[Block]:
    ind = part.tile.indicator
    shown = presenters.trend(ind, quarters, part.tile.trend)
    blocks: list[Block] = []
    if shown["chart"] is not None:
        blocks.append(ChartBlock(shown["chart"]))
    # The table too, for every kind: it carries the counts, and the Excel file (which
    # writes a chart as its text alternative) needs the numbers.
    blocks.append(
        Table(
            f"{slug}-trend",
            _("%(title)s, by quarter") % {"title": ind.title},
            _figure_headers(_("Quarter")),
            tuple(
                (Cell(q.label), *figure_cells(ind, f))
                for q, f in zip(quarters, part.tile.trend, strict=True)
            ),
        )
    )
    return blocks


def _breakdown_table(part: IndicatorPart, field: str, figs: tuple[Figure, ...], slug: str) -> Table:
    ind = part.tile.indicator
    label = str(presenters.BREAKDOWN_LABELS.get(field, field))
    rows = tuple(
        (Cell(presenters.group_label((field,), f.group)), *figure_cells(ind, f)) for f in figs
    )
    return Table(
        f"{slug}-by-{field}",
        _("%(title)s: by %(breakdown)s") % {"title": ind.title, "breakdown": label.lower()},
        _figure_headers(label),
        rows or ((Cell(_("No records in this quarter")), *figure_cells(ind, None)[:-1], Cell("")),),
    )


def indicator_section(part: IndicatorPart, quarters: list[Quarter], number: int) -> Section:
    ind = part.tile.indicator
    slug = f"i{number}"
    blocks: list[Block] = []
    if ind.description:
        blocks.append(Paragraph(ind.description))
    blocks.append(
        Paragraph(
            _("Definition inferred: no published definition was found.")
            if ind.inferred
            else _("Source: %(source)s") % {"source": ind.source}
        )
    )
    blocks.extend(_trend_blocks(part, quarters, slug))
    for field, figs in part.breakdowns:
        blocks.append(_breakdown_table(part, field, figs, slug))
    return Section(slug, ind.title, tuple(blocks))


def _offences_blocks(area: tuple[IndicatorPart, ...]) -> list[Block]:
    """Offences per 1,000 aged 10-17: the figure with its interval and comparators, then
    by sex and by ethnicity (small cells hidden as every breakdown hides them)."""
    blocks: list[Block] = []
    for part in area:
        t = part.tile
        compared = "; ".join(
            f"{c['name']}: {c['value']} ({c['reading']})" for c in presenters.tile(t)["comparators"]
        )
        blocks.append(
            Table(
                "area-offences",
                t.indicator.title,
                (*_figure_headers(_("Area")), _("Comparators")),
                ((Cell(_("Whole area")), *figure_cells(t.indicator, t.figure), Cell(compared)),),
                t.indicator.description,
            )
        )
        for field, figs in part.breakdowns:
            blocks.append(_breakdown_table(part, field, figs, "area-offences"))
    return blocks


def area_section(
    population: selectors.AreaPopulation, area: tuple[IndicatorPart, ...] = ()
) -> Section:
    if population.year is None:
        return Section(
            "area",
            _("Area context"),
            (
                Paragraph(_("No population figures have been imported for this service.")),
                *_offences_blocks(area),
            ),
        )
    intro = Paragraph(
        _("Children aged %(ages)s living in the area in %(year)s: %(total)s.")
        % {
            "ages": presenters.ages_text(population.ages),
            "year": population.year,
            "total": f"{population.total:,}",
        }
    )
    tables = []
    for field, rows in (("sex", population.by_sex), ("ethnicity", population.by_ethnicity)):
        label = str(presenters.BREAKDOWN_LABELS[field])
        tables.append(
            Table(
                f"area-{field}",
                _("Population aged %(ages)s by %(breakdown)s, %(year)s")
                % {
                    "ages": presenters.ages_text(population.ages),
                    "breakdown": label.lower(),
                    "year": population.year,
                },
                (label, _("Children"), _("Share")),
                tuple(
                    (
                        Cell(presenters.group_text(field, key)),
                        cell(count, f"{count:,}"),
                        cell(
                            round(count / population.total * 100, 1) if population.total else None,
                            f"{count / population.total * 100:.1f}%" if population.total else "",
                        ),
                    )
                    for key, count in rows
                ),
            )
        )
    return Section("area", _("Area context"), (intro, *tables, *_offences_blocks(area)))


def about_section(data: QuarterlyData) -> Section:
    minimums = sorted(
        {p.tile.indicator.suppress.below for p in data.parts if p.tile.indicator.suppress}
    )
    return Section(
        "about",
        _("About these figures"),
        (
            Paragraph(
                _(
                    "Each figure is shown with its 95% interval: Wilson's score interval for "
                    "percentages, the exact Poisson interval or Byar's approximation for rates."
                )
            ),
            Paragraph(
                _(
                    "To protect children's privacy, a figure based on fewer children than the "
                    "indicator's minimum (%(minimums)s) is not shown, with its counts."
                )
                % {"minimums": ", ".join(str(m) for m in minimums) or "-"}
            ),
            Paragraph(_("Indicators: %(set)s.") % {"set": data.indicator_set.source}),
        ),
    )


def build_quarterly_report(data: QuarterlyData) -> ReportDocument:
    quarters = quarters_ending(data.quarter, TREND_QUARTERS)
    title = _("Quarterly performance report: %(service)s, %(quarter)s") % {
        "service": data.service,
        "quarter": data.quarter.label,
    }
    cover = Cover(
        title,
        data.indicator_set.name,
        (
            (_("Service"), data.service),
            (_("Indicators"), data.indicator_set.name),
            (
                _("Quarter"),
                f"{data.quarter.label} ({data.quarter.start:%d/%m/%Y} - "
                f"{data.quarter.end:%d/%m/%Y})",
            ),
            (_("Trend"), _("%(n)s quarters") % {"n": len(quarters)}),
        ),
    )
    summary = Section(
        "summary",
        _("Summary"),
        (summary_table(data),),
    )
    indicators = Section(
        "indicators",
        _("Indicators in detail"),
        (),
        tuple(indicator_section(part, quarters, n) for n, part in enumerate(data.parts, start=1)),
    )
    return ReportDocument(
        kind="monitoring",
        title=title,
        cover=cover,
        sections=(
            summary,
            indicators,
            area_section(data.population, data.area),
            about_section(data),
        ),
        generated_on=data.generated_on,
        marking=data.marking,
    )


def filename(service: Service, indicator_set: IndicatorSet, quarter: Quarter, fmt: str) -> str:
    period = quarter.label.replace(" ", "-").lower()
    return f"{service.code.lower()}-{indicator_set.id}-{period}.{fmt}"


def board_tables(
    service: Service, indicator_set: IndicatorSet, quarter: Quarter, *, today: dt.date
) -> tuple[Table, ...]:
    """The summary table, for the board and scrutiny pack (`BoardData.indicators`)."""
    tiles = selectors.tiles(service, indicator_set, quarter, today=today, trend=1)
    data = QuarterlyData(
        service.name,
        indicator_set,
        quarter,
        tuple(IndicatorPart(t, ()) for t in tiles),
        selectors.AreaPopulation(None, 0, [], [], None),
        today,
    )
    return (summary_table(data),)


def board_tables_for_round(audit_round: Any) -> tuple[Table, ...]:
    """The board pack's indicators section for a round's service: the YJB key performance
    indicators for the latest quarter with records; nothing while there are none."""
    service = audit_round.service
    if not IndicatorRecord.objects.filter(service=service, record_set="interventions").exists():
        return ()
    indicator_set = selectors.indicator_set(selectors.DEFAULT_SET)
    today = timezone.localdate()
    quarter = selectors.latest_quarter(service, indicator_set, today)
    return board_tables(service, indicator_set, quarter, today=today)
