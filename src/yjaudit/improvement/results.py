"""Round results for plans: findings to start a plan from, and impact across rounds.

`round_result(audit_round)` is the ONE place plans read a round's scores: by default
the case-audit app's `yjaudit.audits.case_audits.round_scores.round_score` (the
engine over the round's answers). A deployment or a test can point
``settings.YJAUDIT_ROUND_RESULT`` at any
``callable(round) -> ScoreResult | ScoreReport | None``. A round with nothing scored
yet gives None, so plans show no figures for it rather than zeros.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from yjaudit.audits.models import AuditRound
from yjaudit.config.plugins import plugin
from yjaudit.engine.types import (
    DomainResult,
    Figure,
    GroupResult,
    KeyQuestionResult,
    PromptResult,
    ScoreResult,
)
from yjaudit.narrative import Finding, ResultItem, select_findings


def _provider() -> Callable[[AuditRound], Any]:
    return plugin("YJAUDIT_ROUND_RESULT")  # a typo fails loudly (and at start-up)


def round_result(audit_round: AuditRound) -> ScoreResult | None:
    result = _provider()(audit_round)
    # The audit app returns a ScoreReport (result + splits): take the whole-sample result.
    inner = getattr(result, "result", None)
    if isinstance(inner, ScoreResult):
        result = inner
    if not isinstance(result, ScoreResult) or result.cases == 0:
        return None
    return result


def figures_by_id(result: ScoreResult) -> dict[str, Figure]:
    """Every figure in a result by id: standards, key questions, prompts, headlines."""
    out: dict[str, Figure] = {}
    for s in result.standards:
        out[s.id] = s.figure
        for kq in s.key_questions:
            out[kq.id] = kq.figure
            for p in kq.prompts:
                out[p.id] = p.figure
    groups: list[GroupResult | DomainResult] = [*result.headlines, *result.sections]
    groups += list(result.domains)
    for g in groups:
        out.setdefault(g.id, g.figure)
    return out


@dataclass(frozen=True)
class PulledFinding:
    kind: str  # "strength" or "improvement" (models.FindingKind values)
    text: str
    source_id: str


def findings_from_result(result: ScoreResult) -> list[PulledFinding]:
    """Key strengths and areas for improvement worded by the narrative package.

    Prompts and key questions whose points are whole cases are worded "in 13 of the 15
    relevant cases, ..."; part points ("partly") are counted by applicable answers.
    """
    items: list[ResultItem] = []
    for s in result.standards:
        for kq in s.key_questions:
            questions: list[KeyQuestionResult | PromptResult] = [kq, *kq.prompts]
            for q in questions:
                f = q.figure
                if not f.answers or f.percent is None:
                    continue
                whole = f.denominator == f.answers and f.numerator.denominator == 1
                k = int(f.numerator) if whole else round(f.percent * f.answers / 100)
                items.append(ResultItem(q.id, q.text, k, f.answers, f.percent))
    texts = {i.id: i.finding for i in items}
    selection = select_findings(items)

    def numbered(f: Finding) -> str:
        # The question's number leads, as the framework's own lists show it (issue 16:
        # findings were added without question numbers).
        return f"{f.id} {_sentence(f, texts[f.id])}"

    out = [PulledFinding("strength", numbered(f), f.id) for f in selection.strengths]
    out += [PulledFinding("improvement", numbered(f), f.id) for f in selection.improvements]
    return out


def _sentence(finding: Finding, text: str) -> str:
    """Frameworks word questions as questions: quote them after the phrase rather than
    bend them into the narrative's "In 13 of the 15 relevant cases, <finding>." form."""
    if not text.rstrip().endswith("?"):
        return finding.sentence
    return _("%(phrase)s: %(question)s") % {
        "phrase": finding.phrase.sentence_case,
        "question": text.strip(),
    }


def round_findings(audit_round: AuditRound) -> list[PulledFinding]:
    """Findings to start a plan from; empty while the round has no results."""
    result = round_result(audit_round)
    return findings_from_result(result) if result is not None else []


@dataclass(frozen=True)
class ImpactPoint:
    round_id: int
    round_name: str
    period_end: Any
    baseline: bool
    percent: int | None
    ci_low: float | None
    ci_high: float | None
    n: int | None
    hidden_note: str = ""  # why the figure is not shown (too few cases for this reader)


def impact_series(
    rounds: list[AuditRound],
    ids: list[str],
    baseline_id: int | None,
    disclosure: Any = None,
) -> dict[str, list[ImpactPoint]]:
    """{question or standard id: one point per round (baseline first) that measured it}.

    `disclosure` (`yjaudit.audits.disclosure.Disclosure`, the one aggregate-only rule)
    hides a figure of too few cases from a reader without case access."""
    out: dict[str, list[ImpactPoint]] = {i: [] for i in ids}
    for r in rounds:
        result = round_result(r)
        if result is None:
            continue
        figures = figures_by_id(result)
        for i in ids:
            f = figures.get(i)
            if f is None:
                continue
            if disclosure is not None and disclosure.hides(f.cases):
                out[i].append(
                    ImpactPoint(
                        r.pk,
                        r.name,
                        r.period_end,
                        r.pk == baseline_id,
                        None,
                        None,
                        None,
                        None,
                        disclosure.note,
                    )
                )
                continue
            out[i].append(
                ImpactPoint(
                    r.pk,
                    r.name,
                    r.period_end,
                    r.pk == baseline_id,
                    f.percent,
                    f.ci_low,
                    f.ci_high,
                    f.cases,
                )
            )
    return out
