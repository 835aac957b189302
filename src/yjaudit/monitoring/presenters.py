"""Figures as the pages show them: values in words and numbers, charts with their tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yjaudit.cases.codes import codes
from yjaudit.charts import Chart, Series, TrendPoint, sparkline, trend_chart
from yjaudit.indicators import Figure, Indicator, Kind, Quarter
from yjaudit.indicators.schema import RECORD_SETS
from yjaudit.reports.render.html import plain_svg
from yjaudit.stats import Reason, Why
from yjaudit.stats.stages import (
    NO_DIFFERENCE,
    OVER,
    REFERENCE,
    UNDER,
    CountAboveBase,
    GroupRate,
)
from yjaudit.web.charts import chart_labels

from .selectors import Tile

BREAKDOWN_LABELS = {
    "sex": gettext_lazy("Sex"),
    "ethnicity": gettext_lazy("Ethnicity"),
    "age": gettext_lazy("Age"),
    "intervention_type": gettext_lazy("Type of intervention"),
    "looked_after": gettext_lazy("Looked after"),
    "partner": gettext_lazy("Partner"),
    "disposal": gettext_lazy("Disposal"),
}


def value_text(indicator: Indicator, value: float | None) -> str:
    if value is None:
        return ""
    if indicator.kind is Kind.PROPORTION and indicator.per == 100:
        return f"{value:.1f}%"
    if indicator.kind is Kind.RATE:
        return _("%(value)s per %(per)s") % {"value": f"{value:,.1f}", "per": f"{indicator.per:,}"}
    return f"{value:.2f}"


def interval_text(indicator: Indicator, figure: Figure | None) -> str:
    if figure is None or figure.ci_low is None or figure.ci_high is None:
        return ""
    return _("%(low)s to %(high)s") % {
        "low": value_text(indicator, figure.ci_low),
        "high": value_text(indicator, figure.ci_high),
    }


def ages_text(ages: tuple[int, int] | None) -> str:
    """An age range in words ("10 to 17"), as `selectors.AreaPopulation.ages` holds it."""
    if ages is None:
        return ""
    return _("%(low)s to %(high)s") % {"low": ages[0], "high": ages[1]}


def status_text(figure: Figure | None) -> str:
    """Why there is no value, in words (empty when there is one)."""
    if figure is None:
        return _("Not known yet: the cohort's outcome is not due")
    if figure.secondary:
        return _("Not shown, so that a smaller group cannot be worked out from the total")
    if figure.suppressed:
        return _("Too few to show (suppressed)")
    if figure.value is None and figure.denominator == 0 and figure.numerator:
        # A rate counted children but holds no population for them (a group the
        # population figures do not break out): there is nothing to divide by.
        return _("No population figures for this group")
    if figure.value is None and figure.denominator == 0:
        return _("No records in this quarter")
    if figure.value is None:
        return _("Cannot be worked out: check the records")
    return ""


_INTERVENTION_TYPES = {
    "court": gettext_lazy("Court"),
    "out-of-court": gettext_lazy("Out of court"),
    "prevention": gettext_lazy("Prevention"),
}
_YES_NO = {"1": gettext_lazy("Yes"), "0": gettext_lazy("No")}


def group_text(field: str, value: str) -> str:
    """A breakdown value in words where its codes are known (e.g. "not-known" -> "Not
    known or not stated"); other values (ages, a service's own codes) as they are."""
    if value == "":
        return str(_("Not recorded"))
    if field == "sex":
        return codes().sexes.words(value)
    if field == "ethnicity":
        return codes().ethnicities.words(value)
    if field == "intervention_type":
        return str(_INTERVENTION_TYPES.get(value, value))
    if field in RECORD_SETS["interventions"] and RECORD_SETS["interventions"][field] == "bool":
        return str(_YES_NO.get(value, value))
    return value


def group_label(by: Sequence[str], group: Sequence[str]) -> str:
    if not group:
        return str(_("Whole service"))
    return ", ".join(group_text(f, v) for f, v in zip(by, group, strict=False))


@dataclass(frozen=True)
class Row:
    label: str
    numerator: int | None  # None when suppressed: a small count is never shown
    denominator: int | None
    value: str
    interval: str
    status: str


def row(indicator: Indicator, figure: Figure, by: Sequence[str] = ()) -> Row:
    hidden = figure.suppressed
    return Row(
        group_label(by, figure.group),
        None if hidden else figure.numerator,
        None if hidden else figure.denominator,
        value_text(indicator, figure.value),
        interval_text(indicator, figure),
        status_text(figure),
    )


def tile(t: Tile) -> dict[str, Any]:
    f = t.figure
    values = [None if x is None else x.value for x in t.trend]
    first_known = next((v for v in values if v is not None), None)
    return {
        "indicator": t.indicator,
        "value": value_text(t.indicator, f.value if f else None),
        "interval": interval_text(t.indicator, f),
        "numerator": f.numerator if f and not f.suppressed else None,
        "denominator": f.denominator if f and not f.suppressed else None,
        "status": status_text(f),
        "sparkline": mark_safe(sparkline(values)),  # noqa: S308 - our own escaped SVG
        "trend_words": _("Over %(n)s quarters: from %(first)s to %(last)s")
        % {
            "n": len(values),
            "first": value_text(t.indicator, first_known),
            "last": value_text(t.indicator, values[-1]),
        }
        if first_known is not None and values[-1] is not None
        else "",
        "comparators": [
            {
                "name": name,
                "value": value_text(t.indicator, value),
                "reading": _comparison(t.indicator, differs, f, value),
            }
            for name, value, differs in t.comparators
        ],
    }


def _comparison(indicator: Indicator, differs: bool | None, f: Figure | None, other: float) -> str:
    if differs is None or f is None or f.value is None:
        return _("cannot be compared")
    if not differs:
        return _("no evidence of a difference")
    higher = f.value > other
    if indicator.higher_is_better is None:
        return _("higher, beyond chance") if higher else _("lower, beyond chance")
    better = higher == indicator.higher_is_better
    return _("better, beyond chance") if better else _("worse, beyond chance")


def trend(
    indicator: Indicator, quarters: Sequence[Quarter], figures: Sequence[Figure | None]
) -> dict[str, Any]:
    rows = [
        row(indicator, f) if f is not None else Row(q.label, 0, 0, "", "", status_text(None))
        for q, f in zip(quarters, figures, strict=True)
    ]
    labels = [q.label for q in quarters]
    chart: Chart | None = None
    if indicator.kind is Kind.PROPORTION and indicator.per == 100:
        points = tuple(
            None
            if f is None or f.value is None
            else TrendPoint(f.value, f.ci_low, f.ci_high, f.denominator)
            for f in figures
        )
        if any(p is not None for p in points):
            chart = trend_chart(
                labels,
                [Series(indicator.title, points)],
                title=_("%(title)s, by quarter") % {"title": indicator.title},
                # Every other word of the chart (intervals, "No figure", its text
                # alternative) in the reader's language too.
                labels=chart_labels(
                    axis=_("Percentage"),
                    round=_("Quarter"),
                    item=_("Indicator"),
                    cases=_("Number counted"),
                    cases_count=_("{n} counted"),
                    one_case=_("1 counted"),
                    trend_span=_("{count} quarters from {first} to {last}"),
                ),
            )
    return {
        "rows": list(zip(labels, rows, strict=True)),
        "chart": chart,
        # Sized by the reports' stylesheet: the page's CSP forbids the chart's inline style.
        "svg": SafeString(plain_svg(chart.svg)) if chart else "",
    }


def template_fields() -> list[tuple[str, list[str]]]:
    """Each record set and the column headings its files use."""
    return [(name, list(fields)) for name, fields in RECORD_SETS.items()]


@dataclass(frozen=True)
class RriRow:
    label: str
    count: str
    base: str
    rate: str
    rri: str
    interval: str
    reading: str


_READINGS = {
    OVER: gettext_lazy("Over-represented"),
    UNDER: gettext_lazy("Under-represented"),
    NO_DIFFERENCE: gettext_lazy("No evidence of a difference"),
    REFERENCE: gettext_lazy("Reference group"),
}

# The stages `selectors.disproportionality` counts, by code: the stage's heading, and
# the words for it as the base of the next ("of ..."), whole so that Welsh can mutate.
STAGE_WORDS = {
    "population": (
        gettext_lazy("Population aged 10 to 17"),
        gettext_lazy("of the population aged 10 to 17"),
    ),
    "started": (
        gettext_lazy("Children starting an intervention"),
        gettext_lazy("of children starting an intervention"),
    ),
    "court": (gettext_lazy("Court disposals"), gettext_lazy("of court disposals")),
    "custody": (gettext_lazy("Custodial sentences"), gettext_lazy("of custodial sentences")),
}


def stage_text(stage: str) -> str:
    return str(STAGE_WORDS[stage][0]) if stage in STAGE_WORDS else stage


def base_stage_text(stage: str) -> str:
    return str(STAGE_WORDS[stage][1]) if stage in STAGE_WORDS else stage


def reason_text(by: str, reason: Reason | None) -> str:
    """Why a group has no RRI (`yjaudit.stats.Reason`), in the reader's language."""
    if reason is None:
        return ""
    group = group_text(by, reason.group) if reason.group is not None else ""
    if reason.why is Why.NO_BASE:
        text = (
            _(
                "the reference group (%(group)s) had no children at the stage before, "
                "so it has no rate"
            )
            if reason.reference
            else _("%(group)s had no children at the stage before, so it has no rate")
        )
    elif reason.why is Why.ZERO_COUNT:
        text = (
            _(
                "the reference group (%(group)s) has a count of 0 at this stage, "
                "so the RRI has no value (log of 0)"
            )
            if reason.reference
            else _("%(group)s has a count of 0 at this stage, so the RRI has no value (log of 0)")
        )
    elif reason.why is Why.REFERENCE_NO_EVENTS:
        text = _("the reference group has no events")
    else:
        text = _("the group has no events: no interval")
    return capfirst(text % {"group": group})


def count_above_base_text(by: str, problem: CountAboveBase) -> str:
    """Records that count more children of a group at a stage than at the one before
    (population figures below the children the records hold). No counts: a small one
    would be shown to readers who may not see it."""
    return _(
        "%(group)s: more children at “%(stage)s” than at the stage before (“%(base)s”). "
        "Each stage counts children from the one before: check the population figures "
        "and the records."
    ) % {
        "group": group_text(by, problem.group),
        "stage": stage_text(problem.stage),
        "base": stage_text(problem.base_stage),
    }


def rri_row(by: str, g: GroupRate, shown: Any) -> RriRow:
    """One group at one stage; a count (or base) too small for the reader
    (`audits.disclosure`) is not shown, nor what it gives."""
    label = group_text(by, g.group)
    if shown.hides(g.count) or shown.hides(g.base):
        return RriRow(label, "", "", "", "", "", str(shown.note))
    return RriRow(
        label,
        f"{g.count:,}",
        f"{g.base:,}",
        "" if g.rate is None else f"{g.rate:.1%}",
        "" if g.rri is None else f"{g.rri:.2f}",
        ""
        if g.ci_low is None or g.ci_high is None
        else _("%(low)s to %(high)s") % {"low": f"{g.ci_low:.2f}", "high": f"{g.ci_high:.2f}"},
        str(_READINGS.get(g.flag or "", "")) or reason_text(by, g.reason),
    )
