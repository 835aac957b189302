"""A round's figures restricted to the standards of what it audits (its subject).

A framework may hold standards read from children's cases, from victims' cases and from
managers' oversight (HMIP 2025: V1.1 from victims' case files). A round samples one
register, so its results, reports and plans show the case standards of its subject, and
the judgement standards of the areas (domains) those belong to; a children's round also
keeps the judgement standards of areas with no case standards (organisational delivery).
"""

from __future__ import annotations

from dataclasses import replace

from yjaudit.engine.types import ScoreReport, ScoreResult, StandardResult

CASES = "cases"


def _kept(result: ScoreResult, subject: str) -> set[str]:
    mine = {s.domain_id for s in result.standards if s.rated_by == CASES and s.subject == subject}
    with_cases = {s.domain_id for s in result.standards if s.rated_by == CASES}
    keep: set[str] = set()
    for s in result.standards:
        if s.rated_by == CASES:
            if s.subject == subject:
                keep.add(s.id)
        elif s.domain_id in mine or (subject == "children" and s.domain_id not in with_cases):
            keep.add(s.id)
    return keep


def shows(standard: StandardResult, kept: set[str]) -> bool:
    return standard.id in kept


def restrict_result(result: ScoreResult, subject: str) -> ScoreResult:
    kept = _kept(result, subject)
    if len(kept) == len(result.standards):
        return result
    standards = tuple(s for s in result.standards if s.id in kept)
    domains = {s.domain_id for s in standards}
    return replace(
        result,
        standards=standards,
        domains=tuple(d for d in result.domains if d.id in domains),
    )


def restrict(report: ScoreReport, subject: str) -> ScoreReport:
    """The report with only the standards (and domains) a round of `subject` shows."""
    result = restrict_result(report.result, subject)
    if result is report.result:
        return report
    splits = {
        attribute: {value: restrict_result(r, subject) for value, r in by_value.items()}
        for attribute, by_value in report.splits.items()
    }
    return replace(report, result=result, splits=splits)
