"""The national results page as it is shown: filters read from the query string (bad
values ignored, never an error), sorting, rows in words, the distribution charts with
their data tables, and the CSV export (every text cell neutralised against formulas)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yjaudit.audits.models import RoundSubject
from yjaudit.cases.exporting import neutralise
from yjaudit.charts import Bar, Chart, ChartLabels, bar_chart
from yjaudit.reports.render.html import plain_svg
from yjaudit.web.charts import chart_labels
from yjaudit.web.listing import Column, Sorting, param, read_sort, search_text
from yjaudit.web.ratings import rating_words
from yjaudit.web.reasons import why_not_rated

from .items import OVERALL
from .national import Filters, ItemDistribution, ServiceRow, edition_text

COLUMNS = (
    Column("service", gettext_lazy("Service"), ("service",)),
    Column("round", gettext_lazy("Round")),
    Column("period", gettext_lazy("Period"), ("period",)),
    Column("cases", gettext_lazy("Case audits"), ("cases",), numeric=True),
    Column("overall", gettext_lazy("Overall rating"), ("overall",)),
    Column("standards", gettext_lazy("Ratings per standard")),
)
DEFAULT_SORT = "service"


# As the audit trail's date filters take them: what people type, not a browser's picker
# (GOV.UK asks services not to rely on one).
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DATE_FILTERS = ("from", "to")


def _date(query: QueryDict, name: str) -> dt.date | None:
    text = param(query, name).strip()
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class DateBox:
    """One date filter as the page shows it: what was typed, and why it was not used."""

    name: str
    label: str
    hint: str
    typed: str
    error: str


def date_boxes(query: QueryDict) -> list[DateBox]:
    """The two period filters. A date that cannot be read is said to be wrong, and every
    service is shown, rather than the filter being quietly dropped."""
    texts = {
        "from": (_("Period ends on or after"), _("For example, 1/4/2024 or 2024-04-01")),
        "to": (_("Period starts on or before"), _("For example, 31/3/2025 or 2025-03-31")),
    }
    boxes = []
    for name in DATE_FILTERS:
        typed = param(query, name).strip()[:20]
        wrong = bool(typed) and _date(query, name) is None
        message = _("Enter a real date, for example 31/03/2025 or 2025-03-31")
        label, hint = texts[name]
        boxes.append(DateBox(name, label, hint, typed, message if wrong else ""))
    return boxes


def read_filters(query: QueryDict) -> Filters:
    edition = param(query, "edition")
    subject = param(query, "subject")
    return Filters(
        edition=int(edition) if edition.isdigit() and len(edition) < 10 else None,
        subject=subject if subject in {RoundSubject.CHILDREN, RoundSubject.VICTIMS} else "",
        period_from=_date(query, "from"),
        period_to=_date(query, "to"),
        search=search_text(query),
    )


def subjects() -> list[tuple[str, str]]:
    return [
        (RoundSubject.CHILDREN.value, str(RoundSubject.CHILDREN.label)),
        (RoundSubject.VICTIMS.value, str(RoundSubject.VICTIMS.label)),
    ]


def _overall_rank(row: ServiceRow) -> int:
    """Best first; no rating last."""
    labels = next((i.labels for i in row.items if i.id == OVERALL), ())
    return labels.index(row.overall) if row.overall in labels else len(labels) + 1


def sort_rows(found: Sequence[ServiceRow], query: QueryDict) -> tuple[list[ServiceRow], Sorting]:
    sorting = read_sort(query, COLUMNS, DEFAULT_SORT)
    keys = {
        "service": lambda r: (r.service.name.casefold(), r.service.pk),
        "period": lambda r: (r.round.period_end if r.round else dt.date.min, r.service.pk),
        "cases": lambda r: (r.summary.cases if r.summary else -1, r.service.pk),
        # Descending puts the best first, so the rank (best = 0) is negated.
        "overall": lambda r: (-_overall_rank(r), r.service.pk),
    }
    return sorted(found, key=keys[sorting.key], reverse=sorting.descending), sorting


@dataclass(frozen=True)
class Rated:
    id: str
    name: str
    rating: str  # in words: the rating, or why there is none


@dataclass(frozen=True)
class Line:
    row: ServiceRow
    edition: str
    basis: str  # which round: the latest closed one, or the latest with results
    overall: str
    standards: tuple[Rated, ...]


def _words(row: ServiceRow, item_id: str) -> str:
    if row.summary is None:
        return ""
    rating = row.summary.ratings.get(item_id, "")
    # The engine's reason in the reader's words and language, as on a round's results.
    return rating_words(rating) or why_not_rated(row.summary.notes.get(item_id)) or _("No rating")


def lines(found: Sequence[ServiceRow]) -> list[Line]:
    out = []
    for row in found:
        if row.round is not None and row.pending:
            note = _("Figures being prepared: reload the page in a minute")
            out.append(Line(row, edition_text(row.round), note, "", ()))
            continue
        if row.round is None or row.summary is None:
            out.append(Line(row, "", _("No round with results"), "", ()))
            continue
        basis = (
            _("Latest closed round")
            if row.closed
            else _("Not closed: the latest round with results")
        )
        standards = tuple(
            Rated(i.id, i.name, _words(row, i.id)) for i in row.items if i.id != OVERALL
        )
        out.append(Line(row, edition_text(row.round), basis, _words(row, OVERALL), standards))
    return out


def labels() -> ChartLabels:
    """The shared chart words (translated, so a Welsh page's charts say nothing in
    English), with the few that differ here: these charts count services, not cases."""
    return chart_labels(
        axis=_("Percentage of services shown"),
        item=_("Rating"),
        cases=_("Services"),
        cases_count=_("{n} services"),
        one_case=_("1 service"),
    )


@dataclass(frozen=True)
class ItemChart:
    distribution: ItemDistribution
    chart: Chart
    svg: SafeString


def charts(found: Sequence[ItemDistribution]) -> list[ItemChart]:
    """Bars of the share of services shown at each rating, per item with any rated."""
    out = []
    for d in found:
        if not d.total:
            continue
        bars = [Bar(rating_words(label), d.share(label) or 0.0, n=n) for label, n in d.counts]
        name = _("Overall") if d.item.id == OVERALL else f"{d.item.id} {d.item.name}"
        title = _("%(edition)s, %(item)s: services' ratings") % {
            "edition": d.edition,
            "item": name,
        }
        chart = bar_chart(bars, title=title, labels=labels())
        # The page's CSP forbids the chart's inline style; report.css sizes it instead.
        out.append(ItemChart(d, chart, mark_safe(plain_svg(chart.svg))))  # noqa: S308
    return out


def to_csv(found: Sequence[Line]) -> str:
    """One row per service and rated item (long form: editions differ in their items)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "service_code",
            "service",
            "round",
            "round_basis",
            "framework_edition",
            "period_start",
            "period_end",
            "case_audits",
            "item",
            "item_name",
            "rating",
        ]
    )
    for line in found:
        row = line.row
        r = row.round
        head = [
            row.service.code,
            row.service.name,
            r.name if r else "",
            line.basis,
            line.edition,
            r.period_start.isoformat() if r else "",
            r.period_end.isoformat() if r else "",
            row.summary.cases if row.summary else "",
        ]
        items = [("overall", _("Overall"), line.overall)] + [
            (s.id, s.name, s.rating) for s in line.standards
        ]
        if r is None or row.summary is None:
            items = [("", "", "")]
        for item_id, name, rating in items:
            writer.writerow([neutralise(v) for v in [*head, item_id, name, rating]])
    return buffer.getvalue()
