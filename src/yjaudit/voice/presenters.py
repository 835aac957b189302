"""Results shaped for pages and reports: percentages with their Wilson intervals,
suppressed questions without counts, the trend per quarter. Free text never."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from yjaudit.questionnaires import QuestionKind, QuestionResult

from .selectors import Results


@dataclass(frozen=True)
class OptionRow:
    label: str
    count: int
    percent: str  # "45%"
    interval: str  # "30% to 61%"


@dataclass(frozen=True)
class TrendCell:
    quarter: str
    text: str  # "62% (n=13)", or "suppressed", or "no answers"


@dataclass(frozen=True)
class ResultRow:
    id: str
    text: str
    free_text: bool
    asked: int
    answered: int
    suppressed: bool
    options: tuple[OptionRow, ...]
    positive: OptionRow | None
    trend: tuple[TrendCell, ...]


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def interval(low_high: tuple[float, float]) -> str:
    low, high = low_high
    return _("%(low)s to %(high)s") % {"low": percent(low), "high": percent(high)}


def trend_text(result: QuestionResult, suppressed_text: str, none_text: str) -> str:
    if result.answered == 0:
        return none_text
    if result.suppressed:
        return suppressed_text
    if result.positive is None:
        return f"n={result.answered}"
    return f"{percent(result.positive.share)} (n={result.answered})"


def result_rows(
    results: Results, language: str, suppressed_text: str = "", none_text: str = ""
) -> list[ResultRow]:
    suppressed_text = suppressed_text or _("too few to show")
    none_text = none_text or _("no answers")
    out = []
    for item in results.questions:
        q, current = item.question, item.current
        scale = results.questionnaire.scale_of(q)
        labels = {o.value: o.text.get(language) for o in scale.options} if scale else {}
        options = tuple(
            OptionRow(labels.get(o.value, o.value), o.count, percent(o.share), interval(o.interval))
            for o in current.options
        )
        positive = None
        if current.positive is not None:
            names = " / ".join(labels.get(v, v) for v in q.positive)
            p = current.positive
            positive = OptionRow(names, p.count, percent(p.share), interval(p.interval))
        out.append(
            ResultRow(
                q.id,
                q.text.get(language),
                q.kind is QuestionKind.TEXT,
                current.asked,
                current.answered,
                current.suppressed,
                options,
                positive,
                tuple(
                    TrendCell(r.quarter.label, trend_text(r, suppressed_text, none_text))
                    for r in item.trend
                ),
            )
        )
    return out


def results_json(results: Results, service_code: str) -> dict[str, object]:
    """Results as the API and CLI give them: suppressed questions without counts, free
    text questions with how many answered only (never what was written)."""
    questions = []
    for item in results.questions:
        q, current = item.question, item.current
        hidden = current.suppressed
        questions.append(
            {
                "id": q.id,
                "kind": str(q.kind),
                "text": q.text.en,
                "asked": None if hidden else current.asked,
                "answered": None if hidden else current.answered,
                "suppressed": hidden,
                "options": [
                    {
                        "value": o.value,
                        "count": o.count,
                        "share": round(o.share, 4),
                        "ci_low": round(o.interval[0], 4),
                        "ci_high": round(o.interval[1], 4),
                    }
                    for o in current.options
                ],
                "positive": None
                if current.positive is None
                else {
                    "values": list(q.positive),
                    "count": current.positive.count,
                    "share": round(current.positive.share, 4),
                    "ci_low": round(current.positive.interval[0], 4),
                    "ci_high": round(current.positive.interval[1], 4),
                },
                "trend": [
                    {
                        "quarter": r.quarter.label,
                        "answered": None if r.suppressed else r.answered,
                        "suppressed": r.suppressed,
                        "positive_share": None
                        if r.positive is None
                        else round(r.positive.share, 4),
                    }
                    for r in item.trend
                ],
            }
        )
    return {
        "service": service_code,
        "questionnaire": results.questionnaire.id,
        "quarter": results.quarter.label,
        "suppress_below": results.questionnaire.suppress.below,
        "responses": results.responses,
        "paper": results.paper,
        "questions": questions,
    }
