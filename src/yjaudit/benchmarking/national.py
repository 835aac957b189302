"""Reads for the national results page: per service the user may see, its latest closed
round (else its latest round with counted work) and that round's ratings in words.

Speed at national scale (155 services x 8 rounds): the page never scores rounds it has
scored before. Each round's summary (ratings per standard, area and overall, and its
number of case audits) is kept in Django's cache (Redis across nodes in production,
`YJAUDIT_CACHE_URL`), keyed by what moves the figures: the round's answers version (bumped
by every answer, judgement, override and workflow change, `round_scores.bump`), how many
of its case audits count, its edition, and what the reader may see. A change gives a new
key, so a stale summary is never read; old keys simply age out. A page then costs a fixed
handful of queries (roles, rounds with their counts, versions) and one cache read,
whatever the number of services; a round not yet summarised is scored once, on first
read, by whoever asks first.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet

from yjaudit.audits.case_audits.round_scores import COUNTED_STATUSES, round_framework
from yjaudit.audits.disclosure import Disclosure, disclosure_for, suppressed
from yjaudit.audits.models import AuditRound, RoundAnswersVersion, RoundStatus
from yjaudit.frameworks.translations import framework_title
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Service
from yjaudit.reports.sources import round_score

from .items import OVERALL, RatedItem, rated_items

ACTION = "results.national"
_KEY = "yjaudit:national:v1"


def may_view(user: Any) -> bool:
    return permissions.can(user, ACTION)


def services_shown(user: Any) -> QuerySet[Service]:
    """Services whose results the user may compare, by `permissions`."""
    return permissions.scope(Service.objects.filter(active=True), user, ACTION, service_field="")


@dataclass(frozen=True)
class Filters:
    edition: int | None = None  # a framework edition's pk
    subject: str = ""  # RoundSubject value
    period_from: dt.date | None = None  # rounds whose period ends on or after
    period_to: dt.date | None = None  # rounds whose period starts on or before
    search: str = ""  # part of a service's name


@dataclass(frozen=True)
class Summary:
    """A round's ratings as a reader may see them (plain data: it is cached)."""

    cases: int  # case audits counted in the figures
    ratings: dict[str, str]  # item id -> rating label ("" when none)
    notes: dict[str, str]  # item id -> why there is no rating (not rated, not shown)


@dataclass(frozen=True)
class ServiceRow:
    service: Service
    round: AuditRound | None
    closed: bool  # the round is closed (False: the latest round with results instead)
    summary: Summary | None
    items: tuple[RatedItem, ...] = field(default=())
    pending: bool = False  # has results not summarised yet (scoring time ran out)

    @property
    def overall(self) -> str:
        return self.summary.ratings.get(OVERALL, "") if self.summary else ""


def _rounds(service_ids: Iterable[int], f: Filters) -> list[AuditRound]:
    """The candidate rounds of the services, with their counted case audits, newest
    first (one query)."""
    found = AuditRound.objects.filter(service_id__in=list(service_ids))
    if f.edition:
        found = found.filter(framework_edition_id=f.edition)
    if f.subject:
        found = found.filter(subject=f.subject)
    if f.period_from:
        found = found.filter(period_end__gte=f.period_from)
    if f.period_to:
        found = found.filter(period_start__lte=f.period_to)
    return list(
        # Not the edition itself: its YAML text is large; its name is enough here.
        found.annotate(
            edition_name=F("framework_edition__name"),
            edition_framework=F("framework_edition__framework_id"),
            edition_label=F("framework_edition__edition"),
            counted=Count(
                "samples__case_audit",
                filter=Q(
                    samples__status="active",
                    samples__case_audit__status__in=COUNTED_STATUSES,
                ),
            ),
        ).order_by("service_id", "-period_end", "-pk")
    )


def edition_text(r: AuditRound) -> str:
    """A round's framework edition in words, e.g. "HMIP youth justice (2021)"."""
    name = framework_title(getattr(r, "edition_framework", ""), getattr(r, "edition_name", ""))
    return f"{name} ({getattr(r, 'edition_label', '')})"


def latest(rounds: Sequence[AuditRound]) -> dict[int, tuple[AuditRound, bool]]:
    """Per service: its latest closed round with results, else its latest round with
    results, and whether it is closed."""
    closed: dict[int, AuditRound] = {}
    any_: dict[int, AuditRound] = {}
    for r in rounds:  # newest first per service
        if not getattr(r, "counted", 0):
            continue
        any_.setdefault(r.service_id, r)
        if r.status == RoundStatus.CLOSED:
            closed.setdefault(r.service_id, r)
    out = {sid: (r, True) for sid, r in closed.items()}
    for sid, r in any_.items():
        out.setdefault(sid, (r, False))
    return out


def _key(r: AuditRound, version: int, shown: Disclosure, lang: str) -> str:
    # The language too: a "not rated" reason is kept in the reader's words.
    seen = "full" if shown.case_detail else f"min{shown.minimum}"
    return (
        f"{_KEY}:{r.pk}:{r.framework_edition_id}:{version}:{getattr(r, 'counted', 0)}:{seen}:{lang}"
    )


def summarise(r: AuditRound, shown: Disclosure) -> Summary | None:
    """Score the round (or take its cached figures) and keep only its ratings."""
    report = round_score(r, shown=shown)
    if report is None:
        return None
    result = report.result
    ratings: dict[str, str] = {}
    notes: dict[str, str] = {}
    for s in result.standards:
        hidden = suppressed(s.figure)
        ratings[s.id] = "" if hidden else (s.rating or "")
        notes[s.id] = s.figure.not_rated_reason or "" if hidden or not s.rating else ""
    for d in result.domains:
        ratings[d.id] = d.rating or ""
        notes[d.id] = d.not_rated_reason or ""
    ratings[OVERALL] = result.overall.rating or ""
    notes[OVERALL] = result.overall.not_rated_reason or ""
    return Summary(result.cases, ratings, notes)


def summaries(
    chosen: dict[int, tuple[AuditRound, bool]], shown: dict[int, Disclosure], lang: str
) -> tuple[dict[int, Summary | None], set[int]]:
    """Each chosen round's summary by round pk: one query for the versions, one cache
    read for all; a round missing from the cache is summarised and stored, within the
    time allowed; the rounds left for a later request are returned apart."""
    rounds = [r for r, _closed in chosen.values()]
    versions = dict(
        RoundAnswersVersion.objects.filter(round_id__in=[r.pk for r in rounds]).values_list(
            "round_id", "version"
        )
    )
    keys = {r.pk: _key(r, versions.get(r.pk, 0), shown[r.service_id], lang) for r in rounds}
    found: dict[str, Any] = cache.get_many(list(keys.values())) if keys else {}
    out: dict[int, Summary | None] = {}
    pending: set[int] = set()
    scored = 0
    # Scoring is bounded per request (a cold national page would otherwise score every
    # service's round at once, past the server's timeout): rounds left over show as
    # pending and the next request goes on where this one stopped.
    deadline = time.monotonic() + float(settings.YJAUDIT_NATIONAL_SCORING_SECONDS)
    for r in rounds:
        key = keys[r.pk]
        if key in found:
            out[r.pk] = found[key]
            continue
        # At least one per request, so every reload moves on.
        if scored and time.monotonic() > deadline:
            pending.add(r.pk)
            continue
        scored += 1
        summary = summarise(r, shown[r.service_id])
        out[r.pk] = summary
        # Stored at once, and without expiry: a key names one state of the round (the
        # cache evicts old ones), and work done survives a request cut short.
        cache.set(key, summary, timeout=None)
    return out, pending


def rows(user: Any, f: Filters, lang: str) -> list[ServiceRow]:
    """One row per service shown (with or without results), by service name."""
    services = services_shown(user)
    if f.search:
        services = services.filter(name__icontains=f.search)
    service_list = list(services.order_by("name", "pk"))
    chosen = latest(_rounds([s.pk for s in service_list], f))
    shown = {s.pk: disclosure_for(user, s) for s in service_list}
    found, pending = summaries(chosen, shown, lang)
    # Each edition's rated items, parsed once per process (`round_framework`).
    items_of: dict[int, tuple[RatedItem, ...]] = {}
    for candidate, _closed in chosen.values():
        if candidate.framework_edition_id not in items_of:
            items_of[candidate.framework_edition_id] = rated_items(round_framework(candidate))
    out = []
    for s in service_list:
        if s.pk not in chosen:
            out.append(ServiceRow(s, None, False, None))
            continue
        r, closed = chosen[s.pk]
        out.append(
            ServiceRow(
                s,
                r,
                closed,
                found.get(r.pk),
                items_of[r.framework_edition_id],
                pending=r.pk in pending,
            )
        )
    return out


@dataclass(frozen=True)
class ItemDistribution:
    """How many of the services shown have each rating on one item of one edition."""

    edition: str
    item: RatedItem
    counts: tuple[tuple[str, int], ...]  # (label, count), best first

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.counts)

    def share(self, label: str) -> float | None:
        n = dict(self.counts).get(label, 0)
        return round(100 * n / self.total, 1) if self.total else None


def distributions(found: Sequence[ServiceRow]) -> list[ItemDistribution]:
    """Per edition among the rows (in order of first appearance), per rated item."""
    by_edition: dict[int, list[ServiceRow]] = {}
    for row in found:
        if row.round is not None and row.summary is not None:
            by_edition.setdefault(row.round.framework_edition_id, []).append(row)
    out = []
    for group in by_edition.values():
        first = group[0]
        assert first.round is not None
        name = edition_text(first.round)
        for item in first.items:
            counts = dict.fromkeys(item.labels, 0)
            for row in group:
                label = row.summary.ratings.get(item.id, "") if row.summary else ""
                if label in counts:
                    counts[label] += 1
            out.append(ItemDistribution(name, item, tuple(counts.items())))
    return out


def editions_in(user: Any) -> list[tuple[int, str]]:
    """The framework editions of rounds in the services shown (for the filter)."""
    found = (
        AuditRound.objects.filter(service__in=services_shown(user))
        .values_list(
            "framework_edition_id", "framework_edition__framework_id", "framework_edition__name"
        )
        .distinct()
    )
    named = [(pk, framework_title(fid, name)) for pk, fid, name in found]
    return sorted(named, key=lambda e: e[1])
