"""Charts for the live results page of a round: the figures its tables show, drawn by
yjaudit.charts, each with its text alternative and data table.

Built from the result already cut to what the reader may see (yjaudit.audits.disclosure):
a figure left out for a small count has no percentage, so its bar is blank, its value
"No figure" and its cases left out, exactly as the table beside it says "not shown".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from yjaudit.audits.disclosure import suppressed
from yjaudit.charts import (
    BandLimit,
    Bar,
    Series,
    TrendPoint,
    band_limits,
    bar_chart,
    trend_chart,
)
from yjaudit.engine import ScoreResult, StandardResult
from yjaudit.spec.model import BandBasis, Framework, RatedBy
from yjaudit.web.charts import PageChart, chart_labels, page_chart
from yjaudit.web.ratings import rating_words


@dataclass(frozen=True)
class ResultCharts:
    domains: tuple[PageChart, ...] = ()
    headlines: PageChart | None = None
    ratings: PageChart | None = None
    trend: tuple[PageChart, ...] = ()


def _limits(framework: Framework, scheme_id: str | None) -> tuple[BandLimit, ...]:
    scheme = framework.rating_scheme(scheme_id)
    if scheme is None or scheme.basis is BandBasis.POINTS:
        return ()
    return band_limits(scheme, words=rating_words)


def _standard_bar(s: StandardResult, rates: bool) -> Bar:
    hidden = suppressed(s.figure)
    return Bar(
        label=f"{s.id} {s.name}",
        percent=None if hidden else s.figure.percent,
        ci_low=None if hidden else s.figure.ci_low,
        ci_high=None if hidden else s.figure.ci_high,
        n=None if hidden else s.figure.cases,
        # The rating is in the table beside the chart: the chart's value column cannot
        # hold "Requires improvement".
        not_rated=rates and s.rating is None and s.figure.percent is not None,
    )


def domain_charts(framework: Framework, result: ScoreResult) -> tuple[PageChart, ...]:
    """Per domain, the share of cases meeting each case standard, with the band limits."""
    out: list[PageChart] = []
    for d in result.domains:
        standards = [
            s for s in result.standards if s.domain_id == d.id and s.rated_by == RatedBy.CASES
        ]
        if not standards:
            continue
        scheme_id = framework.standard(standards[0].id).rating_scheme
        limits = _limits(framework, scheme_id)
        rates = framework.rating_scheme(scheme_id) is not None
        title = _("%(domain)s: standards") % {"domain": d.name}
        chart = bar_chart(
            [_standard_bar(s, rates) for s in standards],
            title=title,
            limits=limits,
            labels=chart_labels(),
            id=f"chart-domain-{d.id}".replace(".", "-"),
        )
        out.append(page_chart(chart))
    return tuple(out)


def headline_chart(framework: Framework, result: ScoreResult) -> PageChart | None:
    if not result.headlines:
        return None
    bars = []
    for h in result.headlines:
        hidden = suppressed(h.figure)
        bars.append(
            Bar(
                h.name,
                None if hidden else h.figure.percent,
                None if hidden else h.figure.ci_low,
                None if hidden else h.figure.ci_high,
                None if hidden else h.figure.cases,
            )
        )
    chart = bar_chart(
        bars,
        title=_("Headline scores"),
        limits=_limits(framework, None),
        labels=chart_labels(),
        id="chart-headlines",
    )
    return page_chart(chart)


def rating_chart(framework: Framework, result: ScoreResult) -> PageChart | None:
    """How many standards stand at each rating (case and judgement standards alike)."""
    scheme = framework.rating_scheme(None)
    if scheme is None or not result.standards:
        return None
    counts = Counter(s.rating for s in result.standards)
    if counts[None] == len(result.standards):
        return None  # nothing rated yet (or nothing the reader may see): no chart of it
    total = len(result.standards)
    order = [b.label for b in scheme.bands]  # highest band first
    # A rating from another scheme (none in the HMIP frameworks) still gets its bar.
    order += sorted({r for r in counts if r is not None and r not in order})
    bars = [
        Bar(rating_words(label), 100 * counts[label] / total, n=counts[label]) for label in order
    ]
    if counts[None]:
        bars.append(Bar(_("Not rated or not shown"), 100 * counts[None] / total, n=counts[None]))
    labels = chart_labels(
        axis=_("Percentage of standards"),
        item=_("Rating"),
        cases=_("Standards"),
        cases_count=_("{n} standards"),
        one_case=_("1 standard"),
    )
    chart = bar_chart(
        bars, title=_("Standards by rating"), labels=labels, id="chart-standards-by-rating"
    )
    return page_chart(chart)


def trend_charts(
    result_by_round: Sequence[tuple[str, ScoreResult]],
) -> tuple[PageChart, ...]:
    """Per domain, each case standard's percentage round by round (two rounds or more)."""
    if len(result_by_round) < 2:
        return ()
    rounds = [name for name, _r in result_by_round]
    current = result_by_round[-1][1]
    out: list[PageChart] = []
    for d in current.domains:
        series = []
        for s in current.standards:
            if s.domain_id != d.id or s.rated_by != RatedBy.CASES:
                continue
            points: list[TrendPoint | None] = []
            for _name, r in result_by_round:
                try:
                    f = r.standard(s.id).figure
                except KeyError:
                    points.append(None)
                    continue
                if suppressed(f) or f.percent is None:
                    points.append(None)
                else:
                    points.append(TrendPoint(f.percent, f.ci_low, f.ci_high, f.cases))
            series.append(Series(f"{s.id} {s.name}", tuple(points)))
        if not series or all(p is None for s in series for p in s.points):
            continue
        chart = trend_chart(
            rounds,
            series,
            title=_("%(domain)s: standards round by round") % {"domain": d.name},
            labels=chart_labels(),
            id=f"chart-trend-{d.id}".replace(".", "-"),
        )
        out.append(page_chart(chart))
    return tuple(out)


def result_charts(
    framework: Framework, result: ScoreResult, trend: Sequence[tuple[str, ScoreResult]] = ()
) -> ResultCharts:
    return ResultCharts(
        domains=domain_charts(framework, result),
        headlines=headline_chart(framework, result),
        ratings=rating_chart(framework, result),
        trend=trend_charts(trend),
    )
