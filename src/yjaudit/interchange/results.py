"""Engine results and frameworks as plain JSON-ready dicts (the CLI's `--json` contract).

Exact fractions become JSON numbers: whole numbers as integers (86), others as floats
(68.5), never strings. Field names are part of a contract other tools rely on
(issue 2, item 5): add fields freely, never rename or remove one.

`yjaudit score --json` prints one object:

    framework   {id, name, edition}
    cases       the number of cases answered
    standards   [{id, name, domain, rated_by ("cases" | "judgement"), counted,
                  numerator, denominator, percent, rating, points, ci_low, ci_high,
                  cases, answers, not_rated_reason, suppressed, computed_rating,
                  judgement_reason,
                  override_reason, deciding_key_question,
                  key_questions: [{id, text, theme, <the same figures>,
                                   prompts: [{id, text, <the same figures>}]}]}]
    domains     [{id, name, <figures>, area}]   `area` is the domain's own rating where the
                framework rates it (HMIP 2025 areas): {rating, points, max_points,
                not_rated_reason}; null where the framework does not rate the domain
    sections    [{id, name, <figures>}]        only where the framework has sections
    headlines   [{id, name, <figures>}]        only where the framework has headlines
    overall     {method, rating, not_rated_reason, standards_counted, and either
                 points + max_points (sum of standard points) or percent + numerator +
                 denominator + ci_low + ci_high (points over maximum)}
    warnings    [text, ...]
    splits      {attribute: {value: {cases, standards, domains, [sections],
                 [headlines], overall, warnings}}}   only with --by

A standard's `rating` and `points` are the rating that stands (override, else
judgement, else computed); `computed_rating` is what the answers alone give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from yjaudit.engine.types import (
    DomainResult,
    Figure,
    GroupResult,
    KeyQuestionResult,
    OverallResult,
    PromptResult,
    ScoreReport,
    ScoreResult,
    StandardResult,
)
from yjaudit.spec.model import Framework

JSON = dict[str, Any]


def number(value: Fraction | int | None) -> int | float | None:
    """A JSON number for an exact value: 86 stays 86, 137/2 becomes 68.5."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return value.numerator if value.denominator == 1 else float(value)


def figure_dict(figure: Figure) -> JSON:
    """A figure's numbers. A figure left out for a small count (see
    yjaudit.audits.disclosure: it says so with a `suppressed` attribute) has every
    number null, `suppressed` true and the reason in `not_rated_reason`."""
    if getattr(figure, "suppressed", False):
        return {
            **dict.fromkeys(
                ("numerator", "denominator", "percent", "rating", "points", "ci_low", "ci_high")
            ),
            **dict.fromkeys(("cases", "answers")),
            "not_rated_reason": figure.not_rated_reason,
            "suppressed": True,
        }
    return {
        "numerator": number(figure.numerator),
        "denominator": number(figure.denominator),
        "percent": figure.percent,
        "rating": figure.rating,
        "points": figure.points,
        "ci_low": figure.ci_low,
        "ci_high": figure.ci_high,
        "cases": figure.cases,
        "answers": figure.answers,
        "not_rated_reason": figure.not_rated_reason,
        "suppressed": False,
    }


def prompt_dict(p: PromptResult) -> JSON:
    return {"id": p.id, "text": p.text, **figure_dict(p.figure)}


def key_question_dict(kq: KeyQuestionResult) -> JSON:
    return {
        "id": kq.id,
        "text": kq.text,
        "theme": kq.theme,
        **figure_dict(kq.figure),
        "prompts": [prompt_dict(p) for p in kq.prompts],
    }


def standard_dict(s: StandardResult) -> JSON:
    out: JSON = {
        "id": s.id,
        "name": s.name,
        "domain": s.domain_id,
        "rated_by": s.rated_by,
        "counted": s.counted,
        **figure_dict(s.figure),
    }
    # The rating that stands (override > judgement > computed) and its band points.
    out["rating"] = s.rating
    out["points"] = s.points
    out.update(
        computed_rating=s.computed_rating,
        judgement_reason=s.judgement_reason,
        override_reason=s.override_reason,
        deciding_key_question=s.deciding_key_question,
        key_questions=[key_question_dict(kq) for kq in s.key_questions],
    )
    return out


def group_dict(g: GroupResult | DomainResult) -> JSON:
    return {"id": g.id, "name": g.name, **figure_dict(g.figure)}


def area_dict(d: DomainResult) -> JSON:
    """A rated domain's (an area's) rating as the engine gives it."""
    return {
        "rating": d.rating,
        "points": d.points,
        "max_points": d.max_points,
        "not_rated_reason": d.not_rated_reason,
    }


def domain_dict(d: DomainResult, framework: Framework) -> JSON:
    """A domain's pooled figures, and its area rating where the framework rates it."""
    rated = any(fd.id == d.id and fd.rating is not None for fd in framework.domains)
    return {**group_dict(d), "area": area_dict(d) if rated else None}


def overall_dict(o: OverallResult) -> JSON:
    out: JSON = {"method": o.method, "rating": o.rating}
    if o.points is not None or o.max_points is not None:
        out.update(points=o.points, max_points=o.max_points)
    if o.percent is not None or o.numerator is not None:
        out.update(
            percent=o.percent,
            numerator=number(o.numerator),
            denominator=number(o.denominator),
            ci_low=o.ci_low,
            ci_high=o.ci_high,
        )
    out.update(not_rated_reason=o.not_rated_reason, standards_counted=list(o.standards_counted))
    return out


def result_dict(result: ScoreResult, framework: Framework) -> JSON:
    out: JSON = {
        "cases": result.cases,
        "standards": [standard_dict(s) for s in result.standards],
        "domains": [domain_dict(d, framework) for d in result.domains],
    }
    if framework.sections:
        out["sections"] = [group_dict(g) for g in result.sections]
    if framework.headlines:
        out["headlines"] = [group_dict(g) for g in result.headlines]
    out["overall"] = overall_dict(result.overall)
    out["warnings"] = list(result.warnings)
    return out


def report_dict(
    report: ScoreReport, framework: Framework, *, extra_warnings: tuple[str, ...] = ()
) -> JSON:
    """The whole `yjaudit score --json` object."""
    out: JSON = {"framework": framework_summary(framework)}
    out.update(result_dict(report.result, framework))
    out["warnings"] = [*extra_warnings, *out["warnings"]]
    if report.splits:
        out["splits"] = splits_dict(report.splits, framework)
    return out


def splits_dict(
    splits: Mapping[str, Mapping[str, ScoreResult]], framework: Framework
) -> dict[str, dict[str, JSON]]:
    return {
        attribute: {value: result_dict(r, framework) for value, r in by_value.items()}
        for attribute, by_value in splits.items()
    }


# -- frameworks ------------------------------------------------------------------------


def framework_summary(framework: Framework) -> JSON:
    return {"id": framework.id, "name": framework.name, "edition": framework.edition}


def _framework_about(framework: Framework) -> JSON:
    return {
        **framework_summary(framework),
        "publisher": framework.publisher,
        "effective_from": _date(framework.effective_from),
        "effective_to": _date(framework.effective_to),
        "language": framework.language,
    }


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def framework_list_item(framework: Framework, path: str) -> JSON:
    """One entry of `yjaudit frameworks list --json`."""
    return {**_framework_about(framework), "standards": len(framework.standards), "path": path}


def framework_dict(framework: Framework) -> JSON:
    """The `yjaudit frameworks show --json` object."""
    out = _framework_about(framework)
    out["minimum_cases"] = framework.minimum_cases
    out["sources"] = list(framework.sources)
    out["domains"] = [{"id": d.id, "name": d.name} for d in framework.domains]
    out["standards"] = [
        {
            "id": s.id,
            "name": s.name,
            "domain": framework.domain_of(s.id).id,
            "rated_by": s.rated_by.value,
            "counted": s.counted,
            "scope": s.scope.value,
            "aggregation": framework.aggregation_of(s).value,
            "key_questions": [
                {
                    "id": kq.id,
                    "text": kq.text,
                    "theme": kq.theme.value,
                    "answer_type": framework.answer_type(kq.answer_type).id,
                    "tags": list(kq.tags),
                    "prompts": [
                        {
                            "id": p.id,
                            "text": p.text,
                            "answer_type": framework.answer_type(
                                p.answer_type or kq.answer_type
                            ).id,
                        }
                        for p in kq.prompts
                    ],
                }
                for kq in s.key_questions
            ],
        }
        for s in framework.standards
    ]
    out["headlines"] = [
        {"id": h.id, "name": h.name, "tags": list(h.tags)} for h in framework.headlines
    ]
    out["overall"] = {
        "method": framework.overall.method.value,
        "rating_scheme": framework.overall.rating_scheme,
    }
    out["answer_types"] = [
        {
            "id": a.id,
            "label": a.label,
            "values": [
                {"value": v.value, "label": v.label, "points": number(v.points)} for v in a.values
            ],
        }
        for a in framework.answer_types
    ]
    out["rating_schemes"] = [
        {
            "id": r.id,
            "basis": r.basis.value,
            "bands": [
                {"lower": number(b.lower), "label": b.label, "points": b.points} for b in r.bands
            ],
        }
        for r in framework.rating_schemes
    ]
    return out
