"""Answer a round's sampled cases the way auditors would, straight into the database.

Every applicable question of every sampled case gets an answer from a seeded generator
(`quality` is the chance of the best answer), with an evidence note; judgement
standards get a rating with evidence and reasons. The reports then read the round
through the case-audit app's own `round_score`, exactly as in production.
"""

from __future__ import annotations

import random

from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.round_scores import clear_cache
from yjaudit.audits.models import AuditRound, AuditStatus, CaseAnswer, CaseAudit, JudgementRating
from yjaudit.spec.model import Scope


def _applies(scope: Scope, attrs: dict[str, str]) -> bool:
    if scope is Scope.COURT:
        return attrs["disposal_category"] == "court"
    if scope is Scope.OUT_OF_COURT:
        return attrs["disposal_category"] == "out-of-court"
    if scope is Scope.RESETTLEMENT:
        return attrs["resettlement"] == "yes"
    return scope is Scope.ALL


def answer_round(
    audit_round: AuditRound,
    *,
    quality: float = 0.75,
    note: str = "",
    submit: bool = True,
    seed: int | None = None,
) -> None:
    """`submit`: mark every case audit submitted (only submitted work counts in figures).
    `seed`: the same answers whatever the round's id (by default the id seeds them)."""
    fw = audit_round.framework_edition.spec()
    if seed is None:
        seed = audit_round.pk * 7919 + (audit_round.seed or 0)
    rng = random.Random(seed)
    audit_services.ensure_audits(actor=None, audit_round=audit_round)
    rows = []
    # Answers the audit app already stored by rule (not applicable to the case).
    done = set(
        CaseAnswer.objects.filter(audit__round=audit_round).values_list("audit_id", "question_id")
    )
    audits = CaseAudit.objects.filter(round=audit_round).select_related("case")
    for audit in audits:
        attrs = audit.case.case_attributes()
        for standard in fw.standards:
            if standard.rated_by != "cases" or not _applies(standard.scope, attrs):
                continue
            for kq in standard.key_questions:
                for qid in (kq.id, *(p.id for p in kq.prompts)):
                    if (audit.pk, qid) in done:
                        continue
                    q = fw.questions[qid]
                    values = [v for v in q.answer_type.values if v.points is not None]
                    best = max(values, key=lambda v: v.points or 0)
                    worst = min(values, key=lambda v: v.points or 0)
                    na = [v for v in q.answer_type.values if v.points is None]
                    if na and rng.random() < 0.05:
                        value = na[0].value
                    elif rng.random() < quality:
                        value = best.value
                    elif len(values) > 2 and rng.random() < 0.4:
                        value = values[1].value
                    else:
                        value = worst.value
                    rows.append(CaseAnswer(audit=audit, question_id=qid, value=value, note=note))
    CaseAnswer.objects.bulk_create(rows)
    if submit:
        audits.update(status=AuditStatus.SUBMITTED)
    for standard in fw.standards:
        scheme = fw.rating_scheme(standard.rating_scheme)
        if standard.rated_by == "judgement" and scheme is not None:
            band = sorted(scheme.bands, key=lambda b: b.lower)[-2]
            JudgementRating.objects.create(
                round=audit_round,
                standard_id=standard.id,
                rating=band.label,
                evidence=note,
                reasons=note or "board minutes",
            )
    clear_cache()
