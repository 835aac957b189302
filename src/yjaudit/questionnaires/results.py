"""Checking a set of answers against its questionnaire, and results per quarter.

Routing: a question with `show_if` is asked only when the earlier question it names
was answered with one of the listed values; an answer to a question that was not asked
is refused, so stored answers always follow the route a person saw.

Results, per quarter (of the questionnaire's reporting year) and question: how many
people were asked it, how many answered, and for a choice question each answer's count,
share of those who answered and its 95% Wilson interval. A question answered by fewer
people than the questionnaire's `suppress.below` shows no counts at all (suppressed).
Free text is never part of the results: only how many wrote something.

Pure Python: no Django.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from yjaudit.indicators.periods import Quarter, quarter_containing
from yjaudit.stats.intervals import wilson

from .model import Question, QuestionKind, Questionnaire


@dataclass(frozen=True, slots=True)
class AnswerProblem:
    question: str
    message: str

    def __str__(self) -> str:
        return f"{self.question}: {self.message}"


@dataclass(frozen=True, slots=True)
class Response:
    """One person's answers (question id to answer value or text), and when given."""

    submitted: dt.date
    answers: Mapping[str, str]


def asked(questionnaire: Questionnaire, answers: Mapping[str, str]) -> list[Question]:
    """The questions this person was asked, in order, following the routing."""
    out = []
    for q in questionnaire.questions:
        route = q.show_if
        if route is None or answers.get(route.question) in route.is_in:
            out.append(q)
    return out


def check_answers(questionnaire: Questionnaire, answers: Mapping[str, str]) -> list[AnswerProblem]:
    """Every problem with one set of answers; an empty list means it may be stored."""
    known = {q.id: q for q in questionnaire.questions}
    problems = [
        AnswerProblem(qid, "no such question in this questionnaire")
        for qid in answers
        if qid not in known
    ]
    shown = {q.id for q in asked(questionnaire, answers)}
    for q in questionnaire.questions:
        value = answers.get(q.id)
        blank = value is None or not str(value).strip()
        if q.id not in shown:
            if not blank:
                problems.append(AnswerProblem(q.id, "answered, but the routing skips it"))
            continue
        if blank:
            if q.required:
                problems.append(AnswerProblem(q.id, "an answer is required"))
            continue
        assert value is not None
        if q.kind is QuestionKind.CHOICE:
            scale = questionnaire.scale_of(q)
            values = [o.value for o in scale.options] if scale else []
            if value not in values:
                problems.append(
                    AnswerProblem(q.id, f"{value!r} is not an answer; use {', '.join(values)}")
                )
        elif len(value) > q.max_length:
            problems.append(AnswerProblem(q.id, f"longer than {q.max_length} characters"))
    return problems


@dataclass(frozen=True, slots=True)
class OptionResult:
    value: str
    count: int
    share: float  # of those who answered the question
    interval: tuple[float, float]


@dataclass(frozen=True, slots=True)
class QuestionResult:
    quarter: Quarter
    question: str
    asked: int  # people the routing showed it to
    answered: int
    suppressed: bool  # fewer answers than the minimum: no counts shown
    options: tuple[OptionResult, ...]  # empty when suppressed or free text
    positive: OptionResult | None = None  # the positive answers together, if defined

    @property
    def label(self) -> str:
        return self.quarter.label


class ResponsesError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _option(value: str, count: int, answered: int) -> OptionResult:
    interval = wilson(count, answered)
    assert interval is not None
    return OptionResult(value, count, count / answered, interval)


def results(
    questionnaire: Questionnaire,
    responses: Iterable[Response],
    quarters: Sequence[Quarter] | None = None,
) -> list[QuestionResult]:
    """Results per quarter and question; every response is checked first (all or none).

    `quarters` lists the quarters to report (each gets a row per question, zeros
    included); by default, the quarters that have responses.
    """
    responses = list(responses)
    problems = [
        f"response {i}: {p}"
        for i, r in enumerate(responses, start=1)
        for p in check_answers(questionnaire, r.answers)
    ]
    if problems:
        raise ResponsesError(problems)
    start = questionnaire.year_starts_month
    by_quarter: dict[Quarter, list[Response]] = defaultdict(list)
    for r in responses:
        by_quarter[quarter_containing(r.submitted, start)].append(r)
    chosen = sorted(by_quarter) if quarters is None else list(quarters)
    minimum = questionnaire.suppress.below
    out = []
    for quarter in chosen:
        group = by_quarter.get(quarter, [])
        routes = [(r, {x.id for x in asked(questionnaire, r.answers)}) for r in group]
        for q in questionnaire.questions:
            shown = [r for r, ids in routes if q.id in ids]
            given = [r.answers[q.id] for r in shown if str(r.answers.get(q.id, "")).strip()]
            answered = len(given)
            suppressed = answered < minimum
            options: tuple[OptionResult, ...] = ()
            positive = None
            scale = questionnaire.scale_of(q)
            if not suppressed and q.kind is QuestionKind.CHOICE and scale is not None:
                options = tuple(
                    _option(o.value, given.count(o.value), answered) for o in scale.options
                )
                if q.positive:
                    hits = sum(given.count(v) for v in q.positive)
                    positive = _option("+".join(q.positive), hits, answered)
            out.append(
                QuestionResult(quarter, q.id, len(shown), answered, suppressed, options, positive)
            )
    return out
