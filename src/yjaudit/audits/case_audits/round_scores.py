"""A round's figures: the engine's `score` over the round's answers, judgements and overrides.

    report = round_score(audit_round, by=["setting"])
    report.result.standard("2.1").rating

The answers are read in one query, the cases (their attributes) in one query; the
report is cached per process by the round's fingerprint: its answers version (bumped
by every answer, judgement, override or workflow change, see `bump`) plus the state of
its sample and the cases' last change. So a page never recomputes needlessly, and
every change shows on the next request.

Only submitted work counts (`COUNTED_STATUSES`, `counts`): the answers of case audits
in draft or returned for changes are work in progress, shown apart as a count
(`progress`), never in a figure. Every page, report, the API and `yjaudit answers
export` read the round through `round_inputs`, so they all count the same audits.

Cases are named by their reference, as in `yjaudit answers export`, so scoring the
exported file with `yjaudit score` gives the same figures.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q

from yjaudit.audits.case_audits.subjects import restrict
from yjaudit.audits.models import (
    AuditRound,
    AuditStatus,
    CaseAnswer,
    CaseAudit,
    JudgementRating,
    RatingOverride,
    RoundAnswersVersion,
    SampledCase,
    SampleStatus,
)
from yjaudit.cases.models import Case
from yjaudit.engine import Answer, Judgement, Override, ScoreReport, score
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.frameworks.translations import reading_language
from yjaudit.spec.model import Framework

# Attributes a round's results can be split by (besides those of Case.case_attributes).
EXTRA_ATTRIBUTES = ("team", "case_manager", "manager")
# The splits the results page shows, in order.
RESULT_SPLITS = ("setting", "disposal_category", "team", "case_manager", "sex", "ethnicity")

# The case-audit statuses whose answers count in a round's figures: submitted and later.
# A draft, or an audit returned to its auditor for changes, is work in progress: its
# answers may still change, so it is counted apart ("in progress") and never scored.
COUNTED_STATUSES: frozenset[str] = frozenset(
    {AuditStatus.SUBMITTED.value, AuditStatus.MODERATED.value, AuditStatus.SIGNED_OFF.value}
)


def counts(status: str) -> bool:
    """Do the answers of a case audit in this status count in the round's figures?"""
    return status in COUNTED_STATUSES


@dataclass(frozen=True)
class Progress:
    """How many of the round's sampled cases count in its figures, and how many do not yet."""

    sample: int  # active sampled cases
    counted: int  # case audits submitted or later
    in_progress: int  # case audits in draft or returned with comments

    @property
    def not_started(self) -> int:
        return self.sample - self.counted - self.in_progress


def progress(audit_round: AuditRound) -> Progress:
    """The round's sampled cases by whether they count (one query)."""
    found = SampledCase.objects.filter(
        round_id=audit_round.pk, status=SampleStatus.ACTIVE
    ).aggregate(
        sample=Count("pk"),
        counted=Count("case_audit", filter=Q(case_audit__status__in=COUNTED_STATUSES)),
        audits=Count("case_audit"),
    )
    return Progress(
        sample=found["sample"],
        counted=found["counted"],
        in_progress=found["audits"] - found["counted"],
    )


_CACHE_SIZE = 64
_cache: OrderedDict[tuple[Any, ...], ScoreReport] = OrderedDict()
_lock = threading.Lock()


_frameworks: dict[tuple[int, str, str], Framework] = {}

# The round's audits (id -> case reference) and case attributes, per round and state of
# its sample and cases (the fingerprint without the answers version): an answer saved
# does not change them, so a recompute after a save skips that query.
_Sample = tuple[dict[int, str], dict[str, dict[str, str]]]
_samples: OrderedDict[tuple[Any, ...], _Sample] = OrderedDict()


def round_framework(audit_round: AuditRound) -> Framework:
    """The round's framework, parsed once per process per edition content, without
    loading the edition's YAML text on every request (one tiny query for its hash;
    kept on the round object for the rest of the request)."""
    language = reading_language()
    kept: tuple[str, Framework] | None = getattr(audit_round, "_yjaudit_framework", None)
    if kept is not None and kept[0] == language:
        return kept[1]
    found: Framework | None
    if "framework_edition" in audit_round._state.fields_cache:
        found = audit_round.framework_edition.spec(language)
    else:
        edition_id = audit_round.framework_edition_id
        sha = (
            FrameworkEdition.objects.filter(pk=edition_id).values_list("sha256", flat=True).first()
        )
        key = (edition_id, sha or "", language)
        found = _frameworks.get(key)
        if found is None:
            found = FrameworkEdition.objects.get(pk=edition_id).spec(language)
            _frameworks[key] = found
    # Kept with its language: a report job can read one round in two languages.
    audit_round._yjaudit_framework = (language, found)  # type: ignore[attr-defined]
    return found


def case_attributes(case: Case, subject: str | None = None) -> dict[str, str]:
    """The attributes the engine sees for a case: the register's, plus team, case manager,
    the manager overseeing it (the case manager's line manager) and `subject`, whose
    records the case is audited as (the round's subject; by default the case's register),
    which decides the standards it is audited on."""
    attrs = case.case_attributes()
    attrs["team"] = case.team.name if case.team is not None else ""
    manager = case.case_manager
    attrs["case_manager"] = manager.name if manager is not None else ""
    line = manager.line_manager if manager is not None else None
    attrs["manager"] = line.name if line is not None else ""
    attrs["subject"] = subject or case.kind
    return attrs


def audit_attributes(audit: CaseAudit) -> dict[str, str]:
    """A case audit's case attributes, as audited in its round."""
    return case_attributes(audit.case, audit.round.subject)


def bump(round_id: int) -> None:
    """Record that something moving the round's figures changed (call inside the write)."""
    updated = RoundAnswersVersion.objects.filter(round_id=round_id).update(version=F("version") + 1)
    if not updated:
        try:
            with transaction.atomic():
                RoundAnswersVersion.objects.create(round_id=round_id, version=1)
        except IntegrityError:  # created meanwhile by a concurrent write
            RoundAnswersVersion.objects.filter(round_id=round_id).update(version=F("version") + 1)


def fingerprint(audit_round: AuditRound) -> tuple[Any, ...]:
    """What the round's figures depend on, cheaply: two small queries (the answers
    version; the active sample, its last swap, its cases' last change and how many of
    its cases have a case audit)."""
    version = (
        RoundAnswersVersion.objects.filter(round_id=audit_round.pk)
        .values_list("version", flat=True)
        .first()
    ) or 0
    sample = SampledCase.objects.filter(round_id=audit_round.pk).aggregate(
        active=Count("pk", filter=Q(status=SampleStatus.ACTIVE)),
        swapped=Max("swapped_at"),
        cases=Max("case__updated_at"),
        audits=Count("case_audit", filter=Q(status=SampleStatus.ACTIVE)),
        # A workflow change moves an audit in or out of the figures (see `counts`).
        counted=Count(
            "case_audit",
            filter=Q(status=SampleStatus.ACTIVE, case_audit__status__in=COUNTED_STATUSES),
        ),
    )
    return (
        version,
        sample["active"],
        sample["swapped"],
        sample["cases"],
        sample["audits"],
        sample["counted"],
    )


def _round_sample(audit_round: AuditRound, *, in_progress: bool = False) -> _Sample:
    audits = CaseAudit.objects.filter(
        round_id=audit_round.pk, sampled_case__status=SampleStatus.ACTIVE
    )
    if not in_progress:
        audits = audits.filter(status__in=COUNTED_STATUSES)
    audits = audits.select_related(
        "case", "case__team", "case__case_manager__line_manager", "case__victim"
    ).order_by("sampled_case__position")
    reference: dict[int, str] = {}
    attributes: dict[str, dict[str, str]] = {}
    for audit in audits:
        reference[audit.pk] = audit.case.reference
        attributes[audit.case.reference] = case_attributes(audit.case, audit_round.subject)
    return reference, attributes


def round_inputs(
    audit_round: AuditRound,
    *,
    sample_key: tuple[Any, ...] | None = None,
    in_progress: bool = False,
) -> tuple[list[Answer], dict[str, dict[str, str]], list[Judgement], list[Override]]:
    """The engine's inputs for a round: answers of its active sample's submitted (and
    later) case audits, their case attributes (by case reference), judgements and
    overrides. `in_progress=True` adds audits in draft or returned (to move work in
    progress between rounds or systems, never to score). With `sample_key` (the round's
    fingerprint less its answers version, read just before) the audits and case
    attributes may come from the per-process cache."""
    found: _Sample | None = None
    if in_progress:
        sample_key = None
    if sample_key is not None:
        with _lock:
            found = _samples.get(sample_key)
    if found is None:
        found = _round_sample(audit_round, in_progress=in_progress)
        if sample_key is not None:
            with _lock:
                _samples[sample_key] = found
                while len(_samples) > _CACHE_SIZE:
                    _samples.popitem(last=False)
    reference, cached_attributes = found
    # A copy per call: callers (the CLI, the engine) get dicts of their own.
    attributes = {ref: dict(attrs) for ref, attrs in cached_attributes.items()}
    # No joins: the answers of the round's audits, in the order of the unique index.
    rows = (
        CaseAnswer.objects.filter(audit__round_id=audit_round.pk)
        .order_by("audit_id", "question_id")
        .values_list("audit_id", "question_id", "value")
    )
    answers = [
        Answer(reference[audit_id], qid, value)
        for audit_id, qid, value in rows
        # A swapped-out case's answers, and a draft's, do not count.
        if audit_id in reference
    ]
    judgements = [
        Judgement(j.standard_id, j.rating, j.reasons)
        for j in JudgementRating.objects.filter(round_id=audit_round.pk)
    ]
    overrides = [
        Override(o.standard_id, o.rating, o.reason)
        for o in RatingOverride.objects.filter(round_id=audit_round.pk)
    ]
    return answers, attributes, judgements, overrides


def round_score(audit_round: AuditRound, *, by: Sequence[str] = ()) -> ScoreReport:
    """The engine's figures for the round (whole sample, and per value of each `by`)."""
    split = tuple(dict.fromkeys(by))
    fp = fingerprint(audit_round)
    # The report carries the framework's words, so it is kept per reading language.
    key = (audit_round.pk, audit_round.framework_edition_id, fp, split, reading_language())
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    answers, attributes, judgements, overrides = round_inputs(
        audit_round, sample_key=(audit_round.pk, *fp[1:])
    )
    framework = round_framework(audit_round)
    report = score(
        framework,
        answers,
        case_attributes=attributes,
        judgements=judgements,
        overrides=overrides,
        by=split,
    )
    # Only the standards of what the round audits (children's, victims' or managers').
    report = restrict(report, audit_round.subject)
    with _lock:
        _cache[key] = report
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return report


def clear_cache() -> None:
    with _lock:
        _cache.clear()
        _samples.clear()


__all__ = [
    "COUNTED_STATUSES",
    "EXTRA_ATTRIBUTES",
    "RESULT_SPLITS",
    "Progress",
    "audit_attributes",
    "bump",
    "case_attributes",
    "clear_cache",
    "counts",
    "fingerprint",
    "progress",
    "round_framework",
    "round_inputs",
    "round_score",
]
