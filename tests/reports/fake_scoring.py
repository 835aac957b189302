"""A stand-in for `yjaudit.audits.results.round_score` while the case audit is built.

It answers every question of every sampled case from a seeded generator (the round's
`quality` in QUALITY, default 0.75, is the chance of "yes"), then scores with the
real engine, exactly as the audit app will: the engine's `ScoreReport` is what reports
read. PLANT, when set, is written into every free-text field the engine carries
(judgement and override reasons), so the planted-name test can look for it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from yjaudit.audits.models import AuditRound
from yjaudit.audits.round_selectors import active_sample
from yjaudit.engine import Answer, Judgement, Override, ScoreReport, score

QUALITY: dict[int, float] = {}
PLANT: list[str] = []
CALLS: list[int] = []


def answers_for(audit_round: AuditRound) -> tuple[list[Answer], dict[str, dict[str, str]]]:
    fw = audit_round.framework_edition.spec()
    rng = random.Random(audit_round.pk * 7919 + (audit_round.seed or 0))
    quality = QUALITY.get(audit_round.pk, 0.75)
    answers: list[Answer] = []
    attrs: dict[str, dict[str, str]] = {}
    for sampled in active_sample(audit_round):
        case = sampled.case
        cid = case.reference
        attrs[cid] = {**case.case_attributes(), "case_manager": str(case.case_manager_id or "")}
        for q in fw.questions.values():
            values = [v for v in q.answer_type.values if v.points is not None]
            best = max(values, key=lambda v: v.points or 0)
            worst = min(values, key=lambda v: v.points or 0)
            na = [v for v in q.answer_type.values if v.points is None]
            roll = rng.random()
            if na and roll < 0.05:
                value = na[0].value
            elif rng.random() < quality:
                value = best.value
            elif len(values) > 2 and rng.random() < 0.3:
                value = values[1].value
            else:
                value = worst.value
            answers.append(Answer(cid, q.id, value))
    return answers, attrs


def round_score(audit_round: AuditRound, *, by: Sequence[str] = ()) -> ScoreReport:
    CALLS.append(audit_round.pk)
    fw = audit_round.framework_edition.spec()
    answers, attrs = answers_for(audit_round)
    reason = f"discussed with {PLANT[0]}" if PLANT else "moderation panel"
    judgements = []
    overrides = []
    for s in fw.standards:
        scheme = fw.rating_scheme(s.rating_scheme)
        if s.rated_by == "judgement" and scheme is not None:
            band = sorted(scheme.bands, key=lambda b: b.lower)[-2]
            judgements.append(Judgement(s.id, band.label, reason))
    if PLANT:
        case_std = next(s for s in fw.standards if s.rated_by == "cases")
        scheme = fw.rating_scheme(case_std.rating_scheme)
        if scheme is not None:
            overrides.append(Override(case_std.id, scheme.bands[0].label, reason))
    return score(
        fw,
        answers,
        case_attributes=attrs,
        judgements=judgements,
        overrides=overrides,
        by=list(by),
    )
