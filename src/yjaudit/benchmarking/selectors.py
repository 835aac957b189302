"""Reads: published inspections, their national distribution per item, and a round's
own figures beside it. Published ratings are public: anyone who may see benchmarks sees
all of them; a round's figures pass through `yjaudit.audits.disclosure` as every other
output of them does."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from yjaudit.audits.disclosure import Disclosure, disclosure_for
from yjaudit.audits.models import AuditRound
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.organisations import permissions
from yjaudit.reports import selectors as report_selectors
from yjaudit.reports.sources import round_score
from yjaudit.spec.model import Framework

from .items import OVERALL, RatedItem, rated_items
from .models import BenchmarkImport, PublishedInspection


def loaded_frameworks() -> dict[str, tuple[str, Framework]]:
    """Each loaded framework id -> (its current edition, the parsed framework)."""
    return {
        e.framework_id: (e.edition, e.spec())
        for e in FrameworkEdition.objects.filter(is_current=True)
    }


def may_view(user: Any) -> bool:
    return permissions.can(user, "benchmark.view")


def may_import(user: Any) -> bool:
    return permissions.can(user, "benchmark.import")


def inspections(framework_id: str | None = None) -> QuerySet[PublishedInspection]:
    found = PublishedInspection.objects.all()
    if framework_id:
        found = found.filter(framework_id=framework_id)
    return found.order_by("framework_id", "-inspected", "service_name")


def recent_imports(limit: int = 5) -> QuerySet[BenchmarkImport]:
    return BenchmarkImport.objects.order_by("-imported_at", "-pk")[:limit]


def rounds_for(user: Any) -> QuerySet[AuditRound]:
    """Rounds whose comparison the user may see: their aggregate reports' rule."""
    return report_selectors.rounds_for(user, "report.view")


@dataclass(frozen=True, slots=True)
class Distribution:
    """How many published inspections gave an item each rating."""

    item: RatedItem
    counts: tuple[tuple[str, int], ...]  # (label, count), best first

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.counts)

    def share(self, label: str) -> float | None:
        """Percentage of the rated inspections at `label`, one decimal; None if none."""
        total = self.total
        n = dict(self.counts).get(label, 0)
        return round(100 * n / total, 1) if total else None


def distribution(
    fw: Framework, published: Iterable[PublishedInspection]
) -> tuple[Distribution, ...]:
    """Counts of each rating per item of `fw` over `published` (of the same framework)."""
    rows = list(published)
    out = []
    for item in rated_items(fw):
        counts = dict.fromkeys(item.labels, 0)
        for p in rows:
            label = p.ratings.get(item.id)
            if label in counts:
                counts[label] += 1
        out.append(Distribution(item, tuple(counts.items())))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    distribution: Distribution
    percent: int | None  # the round's own figure (case standards), where shown
    rating: str | None  # the round's own rating, where it has one
    note: str = ""  # why the round has no figure (not rated, not shown)

    @property
    def at_or_below(self) -> int | None:
        """Published inspections rated the same as the round or lower (None: no rating)."""
        labels = [label for label, _n in self.distribution.counts]
        if self.rating not in labels:
            return None
        start = labels.index(self.rating)
        return sum(n for _label, n in self.distribution.counts[start:])


@dataclass(frozen=True, slots=True)
class Comparison:
    audit_round: AuditRound
    framework: Framework
    published: int  # inspections of this framework
    rows: tuple[ComparisonRow, ...]
    scored: bool  # the round has figures


def comparison(user: Any, audit_round: AuditRound) -> Comparison:
    """The round's own ratings beside the published ratings of its framework, as `user`
    may see the round's figures."""
    return comparison_shown(audit_round, disclosure_for(user, audit_round.service))


def comparison_shown(audit_round: AuditRound, shown: Disclosure) -> Comparison:
    """The same, for a reader `shown` describes (reports pass their own)."""
    fw = audit_round.framework_edition.spec()
    published = list(inspections(audit_round.framework_edition.framework_id))
    report = round_score(audit_round, shown=shown)
    own: dict[str, tuple[int | None, str | None, str]] = {}
    if report is not None:
        result = report.result
        for s in result.standards:
            hidden = bool(getattr(s.figure, "suppressed", False))
            percent = None if hidden or s.rated_by != "cases" else s.figure.percent
            own[s.id] = (percent, None if hidden else s.rating, s.figure.not_rated_reason or "")
        for d in result.domains:
            own[d.id] = (None, d.rating, d.not_rated_reason or "")
        own[OVERALL] = (
            result.overall.percent,
            result.overall.rating,
            result.overall.not_rated_reason or "",
        )
    rows = tuple(
        ComparisonRow(dist, *own.get(dist.item.id, (None, None, "")))
        for dist in distribution(fw, published)
    )
    return Comparison(audit_round, fw, len(published), rows, report is not None)


def framework_titles() -> dict[str, str]:
    """{framework id: its current edition's name in the reader's language}."""
    editions = FrameworkEdition.objects.filter(is_current=True).only(
        "framework_id", "name", "bundled"
    )
    return {e.framework_id: e.title for e in editions}
