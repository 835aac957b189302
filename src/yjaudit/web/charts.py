"""Charts on pages and in reports: the words they write (through gettext) and their SVG
made fit for a page whose Content Security Policy forbids inline styles.

Here in the UI kit, not in reports, so that any app's page (the live results of a round
in audits, which ranks below reports) can show a yjaudit.charts chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from yjaudit.charts import Chart, ChartLabels

# The charts size themselves with an inline style. The web page's CSP forbids inline
# styles, and WeasyPrint lays that style out as a square box (a 640 x 318 chart gets a
# 640 x 640 box, half of it blank), so the stylesheet does the same job everywhere.
_INLINE_STYLE = re.compile(r'^(<svg[^>]*?) style="[^"]*"')


def plain_svg(svg: str) -> str:
    return _INLINE_STYLE.sub(r"\1", svg, count=1)


@dataclass(frozen=True)
class PageChart:
    """A chart as a page shows it: the chart (title, text alternative, data table) and
    its SVG, safe to print (yjaudit.charts escapes every text it writes)."""

    chart: Chart
    svg: SafeString

    @property
    def rows(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The data table's rows: the row's name, then each cell with its column heading
        (a phone shows the cells stacked, each labelled by its heading)."""
        headers = self.chart.table.headers
        return [
            (row[0], list(zip(headers[1:], row[1:], strict=False))) for row in self.chart.table.rows
        ]


def page_chart(chart: Chart) -> PageChart:
    return PageChart(chart, SafeString(plain_svg(chart.svg)))


def chart_labels(**overrides: str) -> ChartLabels:
    """Every word the charts write, through gettext (so a Welsh report has Welsh charts)."""
    labels = ChartLabels(
        percentage=_("Percentage"),
        axis=_("Percentage of cases"),
        item=_("Standard"),
        interval=_("95% interval"),
        interval_range=_("{low} to {high}"),
        cases=_("Cases"),
        cases_count=_("{n} cases"),
        one_case=_("1 case"),
        rating=_("Rating"),
        not_rated=_("Not rated"),
        no_value=_("No figure"),
        lowest=_("Lowest"),
        average=_("Average"),
        highest=_("Highest"),
        band_limit=_("Rating band lower limit"),
        bar_chart=_("Bar chart"),
        line_chart=_("Line chart"),
        round=_("Round"),
        band_limits_sentence=_("Rating band lower limits: {limits}."),
        highest_sentence=_("Highest: {items}."),
        lowest_sentence=_("Lowest: {items}."),
        trend_span=_("{count} rounds from {first} to {last}"),
        trend_change=_("{label}: {start} in {first} to {end} in {last}"),
        trend_single=_("{label}: {value} in {round}"),
        trend_none=_("{label}: no figures"),
        trend_note=_("Percentages, with 95% intervals in brackets where known."),
    )
    return replace(labels, **overrides) if overrides else labels
