"""The comparison as the page shows it: rows of words and numbers, and per item an
accessible chart (yjaudit.charts) of the published ratings with its data table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from yjaudit.charts import Bar, Chart, ChartLabels, bar_chart
from yjaudit.reports.render.html import plain_svg
from yjaudit.web.charts import chart_labels
from yjaudit.web.ratings import rating_words
from yjaudit.web.reasons import why_not_rated

from .selectors import Comparison, ComparisonRow, Distribution


def labels() -> ChartLabels:
    """The shared chart words (translated, so a Welsh page's charts say nothing in
    English), with the few that differ here: these charts count published inspections."""
    return chart_labels(
        axis=_("Percentage of published inspections"),
        item=_("Rating"),
        cases=_("Inspections"),
        cases_count=_("{n} inspections"),
        one_case=_("1 inspection"),
    )


@dataclass(frozen=True)
class Cell:
    count: int
    share: str  # "40.0%", or "" when nothing is published


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    kind: str
    own_percent: str
    own_rating: str
    cells: tuple[Cell, ...]
    total: int
    position: str  # "3 of 5 published at or below this rating", or ""


@dataclass(frozen=True)
class ItemChart:
    chart: Chart
    svg: SafeString


def _row(r: ComparisonRow) -> Row:
    d = r.distribution
    cells = tuple(
        Cell(n, "" if d.share(label) is None else f"{d.share(label):.1f}%") for label, n in d.counts
    )
    below = r.at_or_below
    position = (
        _("%(n)d of %(total)d published rated %(rating)s or lower")
        % {"n": below, "total": d.total, "rating": rating_words(r.rating)}
        if below is not None and d.total
        else ""
    )
    return Row(
        d.item.id,
        d.item.name,
        d.item.kind,
        "" if r.percent is None else f"{r.percent}%",
        rating_words(r.rating) or why_not_rated(r.note) or _("No rating"),
        cells,
        d.total,
        position,
    )


def rows(comparison: Comparison) -> tuple[Row, ...]:
    return tuple(_row(r) for r in comparison.rows)


def rating_labels(comparison: Comparison) -> tuple[str, ...]:
    """The column headings: the labels of the first item's scheme (all HMIP schemes
    share them)."""
    return (
        tuple(label for label, _n in comparison.rows[0].distribution.counts)
        if comparison.rows
        else ()
    )


def chart_for(d: Distribution) -> ItemChart | None:
    """Bars of the share of published inspections at each rating; None if none rated."""
    if not d.total:
        return None
    bars = [Bar(rating_words(label), d.share(label) or 0.0, n=n) for label, n in d.counts]
    title = _("%(id)s %(name)s: published ratings") % {"id": d.item.id, "name": d.item.name}
    if d.item.kind == "overall":
        title = _("Overall: published ratings")
    chart = bar_chart(bars, title=title, labels=labels())
    # The page's CSP forbids the chart's inline style; report.css sizes it instead.
    return ItemChart(chart, mark_safe(plain_svg(chart.svg)))  # noqa: S308 - yjaudit.charts


def charts(comparison: Comparison) -> tuple[ItemChart, ...]:
    return tuple(c for r in comparison.rows if (c := chart_for(r.distribution)) is not None)
