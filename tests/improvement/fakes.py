"""Round results for plan tests, scored by the real engine on synthetic answers.

Tests point settings.YJAUDIT_ROUND_RESULT at `round_result` and put a ScoreResult per
round id in RESULTS (the case-audit app supplies real ones in production).
"""

from __future__ import annotations

from typing import Any

from yjaudit.engine.scoring import score
from yjaudit.engine.types import Answer, ScoreResult
from yjaudit.spec import Framework

RESULTS: dict[int, ScoreResult] = {}


def round_result(audit_round: Any) -> ScoreResult | None:
    return RESULTS.get(audit_round.pk)


def scored(spec: Framework, cases: int, yes: int, low: dict[str, int] | None = None) -> ScoreResult:
    """`cases` cases answering "yes" in the first `yes` of them to every question that
    always applies; `low` overrides the number of yes answers for named questions."""
    low = low or {}
    answers = []
    for qid, ref in spec.questions.items():
        if ref.applies_when is not None:
            continue
        k = low.get(qid, yes)
        for c in range(cases):
            answers.append(Answer(f"c{c}", qid, "yes" if c < k else "no"))
    return score(spec, answers).result
