"""Reads for voice: links by token, collections, and results per quarter.

Results come from the pure package (`yjaudit.questionnaires.results`): counts, shares
and 95% Wilson intervals per question; a question answered by fewer people than the
questionnaire's `suppress.below` shows no counts (for every reader). Free text is
never part of results; `free_text` returns it for the pages of those who may read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from yjaudit.indicators.periods import Quarter, quarter_containing, quarters_ending
from yjaudit.organisations.models import Service
from yjaudit.questionnaires import (
    Question,
    QuestionKind,
    Questionnaire,
    QuestionResult,
    asked,
    results,
)
from yjaudit.questionnaires import Response as Answers

from .models import Collection, Link, Response
from .rules import voice_rules
from .tokens import TOKEN_MAX_CHARS, hash_token


def find_link(token: str) -> Link | None:
    """The link a token names (None for an unknown or oversized one)."""
    if not token or len(token) > TOKEN_MAX_CHARS:
        return None
    return (
        Link.objects.select_related("collection", "collection__service")
        .filter(token_hash=hash_token(token))
        .first()
    )


def unusable_reason(link: Link, now: dt.datetime | None = None) -> str:
    """Empty when the link may be answered; else "used", "expired" or "closed"."""
    if link.used:
        return "used"
    if link.expires_at <= (now or timezone.now()):
        return "expired"
    if link.collection.closed_at is not None:
        return "closed"
    return ""


def following_route(questionnaire: Questionnaire, answers: Mapping[str, str]) -> dict[str, str]:
    """The answers to the questions the route now asks (a changed answer can skip some)."""
    kept = dict(answers)
    while True:
        shown = {q.id for q in asked(questionnaire, kept)}
        trimmed = {k: v for k, v in kept.items() if k in shown}
        if trimmed == kept:
            return kept
        kept = trimmed


def asked_route(questionnaire: Questionnaire, answers: Mapping[str, str]) -> list[Question]:
    return asked(questionnaire, answers)


def next_question(
    questionnaire: Questionnaire, answers: Mapping[str, str], after: str | None
) -> Question | None:
    """The next question the route asks after `after` (None: the first), or None at the end."""
    route = asked(questionnaire, answers)
    ids = [q.id for q in route]
    start = 0 if after is None else (ids.index(after) + 1 if after in ids else len(ids))
    return route[start] if start < len(route) else None


def previous_question(
    questionnaire: Questionnaire, answers: Mapping[str, str], before: str
) -> Question | None:
    route = asked(questionnaire, answers)
    ids = [q.id for q in route]
    if before not in ids or ids.index(before) == 0:
        return None
    return route[ids.index(before) - 1]


@dataclass(frozen=True)
class CollectionRow:
    collection: Collection
    issued: int
    used: int
    responses: int
    paper: int


def collections(service: Service) -> list[CollectionRow]:
    rows = Collection.objects.filter(service=service).annotate(
        issued=Count("links", distinct=True),
        used=Count("links", filter=Q(links__used=True), distinct=True),
    )
    answered = dict(
        Response.objects.filter(collection__service=service)
        .values("collection")
        .annotate(n=Count("pk"))
        .values_list("collection", "n")
    )
    paper = dict(
        Response.objects.filter(collection__service=service, source="paper")
        .values("collection")
        .annotate(n=Count("pk"))
        .values_list("collection", "n")
    )
    return [
        CollectionRow(c, c.issued, c.used, answered.get(c.pk, 0), paper.get(c.pk, 0)) for c in rows
    ]


def responses(service: Service, questionnaire: Questionnaire) -> list[Answers]:
    rows = Response.objects.filter(
        collection__service=service, collection__questionnaire=questionnaire.id
    ).values_list("submitted_on", "answers")
    return [Answers(day, {str(k): str(v) for k, v in answers.items()}) for day, answers in rows]


def latest_quarter(service: Service, questionnaire: Questionnaire, today: dt.date) -> Quarter:
    """The quarter of the latest response (today's quarter while there is none)."""
    last = (
        Response.objects.filter(
            collection__service=service, collection__questionnaire=questionnaire.id
        )
        .order_by("-submitted_on")
        .values_list("submitted_on", flat=True)
        .first()
    )
    return quarter_containing(last or today, questionnaire.year_starts_month)


def offered_quarters(latest: Quarter, today: dt.date) -> list[Quarter]:
    """The quarters a results page offers: from today's back, at least to `latest`."""
    current = quarter_containing(today, latest.year_starts_month)
    out = quarters_ending(max(current, latest), 12)
    if latest not in out:
        out = [latest, *out]
    return out[::-1]


@dataclass(frozen=True)
class QuestionTrend:
    question: Question
    current: QuestionResult
    trend: list[QuestionResult]  # oldest first, one per quarter


@dataclass(frozen=True)
class Results:
    questionnaire: Questionnaire
    quarter: Quarter
    quarters: list[Quarter]  # the trend's quarters, oldest first
    questions: list[QuestionTrend]
    responses: int  # in the chosen quarter
    paper: int


def service_results(service: Service, questionnaire: Questionnaire, quarter: Quarter) -> Results:
    quarters = quarters_ending(quarter, voice_rules().trend_quarters)
    found = results(questionnaire, responses(service, questionnaire), quarters)
    by_key = {(r.quarter, r.question): r for r in found}
    rows = [
        QuestionTrend(q, by_key[(quarter, q.id)], [by_key[(x, q.id)] for x in quarters])
        for q in questionnaire.questions
    ]
    in_quarter = Response.objects.filter(
        collection__service=service,
        collection__questionnaire=questionnaire.id,
        submitted_on__gte=quarter.start,
        submitted_on__lte=quarter.end,
    )
    return Results(
        questionnaire,
        quarter,
        quarters,
        rows,
        in_quarter.count(),
        in_quarter.filter(source="paper").count(),
    )


def free_text(
    service: Service, questionnaire: Questionnaire, quarter: Quarter
) -> list[tuple[Question, list[str]]]:
    """What people wrote, per free-text question, for a quarter (readers with
    `voice.free_text` only; never in reports)."""
    texts = [q for q in questionnaire.questions if q.kind is QuestionKind.TEXT]
    rows = Response.objects.filter(
        collection__service=service,
        collection__questionnaire=questionnaire.id,
        submitted_on__gte=quarter.start,
        submitted_on__lte=quarter.end,
    ).values_list("answers", flat=True)
    given = list(rows)
    return [(q, [str(a[q.id]) for a in given if str(a.get(q.id, "")).strip()]) for q in texts]
