"""Figures as the pages show them: rows of numbers and words, the trend chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from yjaudit.audits.disclosure import Disclosure
from yjaudit.charts import Chart, Series, TrendPoint, trend_chart
from yjaudit.compliance import Figure, Month, RiskLevel, RuleSet, Scope
from yjaudit.reports.render.html import plain_svg
from yjaudit.web.charts import chart_labels

from .models import Threshold
from .selectors import Names


@dataclass(frozen=True)
class Row:
    label: str
    rule: str
    due: str
    met: str
    missed: str
    not_yet_due: str
    rate: str
    interval: str
    note: str
    missed_cases: tuple[str, ...]


def risk_text(level: RiskLevel) -> str:
    """A risk level in the reader's language ("Uchel iawn"), as the settings page offers it."""
    return str(Threshold(level.name.lower().replace("_", "-")).label)


def interval_text(interval: tuple[float, float] | None) -> str:
    if interval is None:
        return ""
    return _("%(low)s to %(high)s") % {"low": f"{interval[0]:.0%}", "high": f"{interval[1]:.0%}"}


def row(label: str, f: Figure, shown: Disclosure) -> Row:
    if shown.hides(f.due):
        return Row(label, f.rule, "", "", "", "", "", "", str(shown.note), ())
    return Row(
        label,
        f.rule,
        str(f.due),
        str(f.met),
        str(f.missed),
        str(f.not_yet_due),
        "" if f.rate is None else f"{f.rate:.0%}",
        interval_text(f.interval),
        "" if f.due else _("None due"),
        f.missed_cases if shown.case_detail else (),
    )


def rule_rows(rules: RuleSet, figures: Sequence[Figure], shown: Disclosure) -> list[Row]:
    titles = {r.id: r.title for r in rules.rules}
    return [row(titles.get(f.rule, f.rule), f, shown) for f in figures]


def group_tables(
    rules: RuleSet, figures: Sequence[Figure], scope: Scope, names: Names, shown: Disclosure
) -> list[tuple[str, list[Row]]]:
    """One table per team (or case manager), groups in name order."""
    groups = sorted(
        {f.group for f in figures if f.scope is scope}, key=lambda g: names.of(scope, g)
    )
    return [
        (
            names.of(scope, g) or _("Not recorded"),
            rule_rows(rules, [f for f in figures if f.scope is scope and f.group == g], shown),
        )
        for g in groups
    ]


def by_group(figures: Sequence[Figure], scope: Scope, names: Names, shown: Disclosure) -> list[Row]:
    """One rule's figures, a row per team (or case manager)."""
    rows = [
        row(names.of(scope, f.group) or _("Not recorded"), f, shown)
        for f in figures
        if f.scope is scope
    ]
    return sorted(rows, key=lambda r: r.label)


def trend(
    title: str, months: Sequence[Month], figures: Sequence[Figure], shown: Disclosure
) -> dict[str, Any]:
    labels = [m.label for m in months]
    by_month = {f.month: f for f in figures}
    rows = [
        row(m.label, by_month[m], shown)
        if m in by_month
        else Row(m.label, "", "", "", "", "", "", "", _("No figure"), ())
        for m in months
    ]
    points = tuple(
        None
        if (f := by_month.get(m)) is None or f.rate is None or shown.hides(f.due)
        else TrendPoint(
            f.rate * 100,
            None if f.interval is None else f.interval[0] * 100,
            None if f.interval is None else f.interval[1] * 100,
            f.decided,
        )
        for m in months
    )
    chart: Chart | None = None
    if any(p is not None for p in points):
        chart = trend_chart(
            labels,
            [Series(title, points)],
            title=_("%(title)s: met, by month") % {"title": title},
            # Every other word of the chart (intervals, "No figure", its text alternative)
            # in the reader's language too.
            labels=chart_labels(
                axis=_("Percentage met"),
                round=_("Month"),
                item=_("Standard"),
                cases=_("Occasions decided"),
                cases_count=_("{n} decided"),
                one_case=_("1 decided"),
                trend_span=_("{count} months from {first} to {last}"),
            ),
        )
    return {
        "table_rows": rows,
        "chart": chart,
        "svg": SafeString(plain_svg(chart.svg)) if chart else "",
    }
