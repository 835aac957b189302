"""Questionnaires: bundled definitions, routing checks, results with suppression."""

from __future__ import annotations

import datetime as dt

import pytest

from yjaudit.indicators.periods import quarter_containing
from yjaudit.questionnaires import (
    Response,
    ResponsesError,
    asked,
    bundled_questionnaires,
    check_answers,
    find_questionnaire,
    parse_questionnaire_text,
    results,
)
from yjaudit.spec import FrameworkFileError
from yjaudit.stats.intervals import wilson

D = dt.date
CHILDREN = find_questionnaire("children")
VICTIMS = find_questionnaire("victims")

SMALL = """id: small
audience: children
title: {en: Small, cy: Bach}
welsh: {status: machine-assisted}
suppress: {below: 4, inferred: true}
scales:
  - id: yn
    options:
      - {value: "yes", text: {en: "Yes", cy: "Ie"}}
      - {value: "no", text: {en: "No", cy: "Na"}}
questions:
  - id: safe
    text: {en: "Safe?", cy: "Diogel?"}
    scale: yn
    positive: ["yes"]
  - id: why
    kind: text
    show_if: {question: safe, in: ["no"]}
    text: {en: "Why?", cy: "Pam?"}
"""


def test_bundled_questionnaires_have_welsh_marked_for_review() -> None:
    found = {q.id: q for q in bundled_questionnaires()}
    assert set(found) == {"children", "victims"}
    for q in found.values():
        assert q.needs_welsh_review
        for question in q.questions:
            assert question.text.en and question.text.cy
    themes = " ".join(q.text.en.lower() for q in CHILDREN.questions)
    for word in ("fairly", "order", "help", "safe"):
        assert word in themes
    themes = " ".join(q.text.en.lower() for q in VICTIMS.questions)
    for word in ("informed", "safety", "restorative justice"):
        assert word in themes


def test_routing_skips_and_follows() -> None:
    ids = [q.id for q in asked(VICTIMS, {"contacted": "no", "rj-offered": "yes"})]
    assert "kept-informed" not in ids and "rj-took-part" in ids and "rj-satisfied" not in ids
    assert check_answers(VICTIMS, {"contacted": "yes", "kept-informed": "partly"}) == []


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"contacted": "no", "kept-informed": "yes"}, "kept-informed: answered, but the routing"),
        ({"rj-offered": "no", "rj-took-part": "yes"}, "rj-took-part: answered, but the routing"),
        ({"contacted": "maybe"}, "contacted: 'maybe' is not an answer"),
        ({"mood": "good"}, "mood: no such question"),
        ({"anything-else": "x" * 2001}, "anything-else: longer than 2000"),
    ],
)
def test_bad_answers_are_named(answers: dict[str, str], expected: str) -> None:
    problems = [str(p) for p in check_answers(VICTIMS, answers)]
    assert any(p.startswith(expected) for p in problems), problems


def test_required_question() -> None:
    text = SMALL.replace('    positive: ["yes"]\n', '    positive: ["yes"]\n    required: true\n')
    q = parse_questionnaire_text(text, "small.yaml")
    assert [str(p) for p in check_answers(q, {})] == ["safe: an answer is required"]


def test_results_per_quarter_with_wilson_and_suppression() -> None:
    q = parse_questionnaire_text(SMALL, "small.yaml")
    q1 = [  # April to June 2026: 4 answers, 3 yes
        Response(D(2026, 4, 2), {"safe": "yes"}),
        Response(D(2026, 5, 2), {"safe": "yes"}),
        Response(D(2026, 6, 30), {"safe": "yes"}),
        Response(D(2026, 6, 1), {"safe": "no", "why": "a reason never shown"}),
        Response(D(2026, 6, 2), {}),  # skipped everything
    ]
    q2 = [Response(D(2026, 7, 1), {"safe": "no"}), Response(D(2026, 8, 1), {"safe": "yes"})]
    got = results(q, q1 + q2)
    by = {(r.label, r.question): r for r in got}
    safe = by["2026-27 Q1", "safe"]  # 4 answers: at the minimum, shown
    assert (safe.asked, safe.answered, safe.suppressed) == (5, 4, False)
    yes, no = safe.options
    assert (yes.value, yes.count, yes.share, yes.interval) == ("yes", 3, 0.75, wilson(3, 4))
    assert (no.count, no.share) == (1, 0.25)
    assert safe.positive is not None and safe.positive.count == 3
    why = by["2026-27 Q1", "why"]  # free text: only how many wrote something
    assert (why.asked, why.answered, why.options) == (1, 1, ())
    assert "a reason never shown" not in repr(got)
    later = by["2026-27 Q2", "safe"]  # 2 answers, below the minimum of 4
    assert (later.answered, later.suppressed, later.options, later.positive) == (2, True, (), None)


def test_results_for_chosen_quarters_include_empty_ones() -> None:
    q = parse_questionnaire_text(SMALL, "small.yaml")
    empty = quarter_containing(D(2025, 5, 1))
    (first, _) = results(q, [], quarters=[empty])
    assert (first.label, first.answered, first.suppressed) == ("2025-26 Q1", 0, True)


def test_results_refuse_any_bad_response() -> None:
    q = parse_questionnaire_text(SMALL, "small.yaml")
    with pytest.raises(ResponsesError, match="response 2: why: answered, but the routing"):
        results(q, [Response(D(2026, 4, 1), {"safe": "no"}), Response(D(2026, 4, 1), {"why": "x"})])


@pytest.mark.parametrize(
    ("change", "line", "field", "message"),
    [
        (('in: ["no"]', 'in: ["maybe"]'), 18, "questions[why].show_if.in[1]", "not an answer"),
        (
            ("question: safe, in", "question: later, in"),
            18,
            "questions[why].show_if.question",
            "not an earlier question",
        ),
        (("    scale: yn\n", "    scale: agree\n"), 14, "questions[safe].scale", "unknown scale"),
        (('{en: "Why?", cy: "Pam?"}', '{en: "Why?"}'), 19, "questions[why].text.cy", "required"),
        (("welsh: {status: machine-assisted}", "welsh: {status: done}"), 4, "welsh.status", ""),
    ],
)
def test_definition_mistakes_name_file_line_and_field(
    change: tuple[str, str], line: int, field: str, message: str
) -> None:
    with pytest.raises(FrameworkFileError) as caught:
        parse_questionnaire_text(SMALL.replace(*change), "small.yaml")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field) == ("small.yaml", line, field), problem
    assert message in problem.message, problem
