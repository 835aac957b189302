"""Points at prompt level: Derby's out-of-court tables rebuilt from their real case counts.

"Derby YOS, progress against HMIP areas for improvement, 9 September 2019" scores
out-of-court standards on whole multiples of 19, 14, 11 and 8 items per case: five
cases at the baseline (3.1 44/95, 3.2 28/70, 3.3 30/55, 3.4 33/40) and eight after
(3.1 102.5/152, 3.2 74/112, 3.3 68/88, 3.4 52/64). The bundled hmip-style-item-audit
scores every answered key question and prompt (points_items: [key_question, prompt]),
so each row comes from that many real cases, each answering every item of the standard.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from yjaudit.engine import Answer, score
from yjaudit.spec.loader import find_framework, parse_framework_text
from yjaudit.spec.model import Framework

FRAMEWORK = "hmip-style-item-audit"

# (standard, cases, points, maximum, percent, rating) as printed by Derby.
DERBY_OUT_OF_COURT = [
    ("3.1", 5, "44", 95, 46, "Inadequate"),
    ("3.2", 5, "28", 70, 40, "Inadequate"),
    ("3.3", 5, "30", 55, 55, "Requires improvement"),
    ("3.4", 5, "33", 40, 83, "Outstanding"),
    ("3.1", 8, "102.5", 152, 67, "Good"),
    ("3.2", 8, "74", 112, 66, "Good"),
    ("3.3", 8, "68", 88, 77, "Good"),
    ("3.4", 8, "52", 64, 81, "Outstanding"),
]


def library(framework_id: str) -> Framework:
    return find_framework(framework_id).framework


def items_of(fw: Framework, standard_id: str) -> list[str]:
    return [
        q
        for kq in fw.standard(standard_id).key_questions
        for q in (kq.id, *(p.id for p in kq.prompts))
    ]


def case_answers(
    fw: Framework, standard_id: str, cases: int, points: Fraction, seed: int
) -> list[Answer]:
    """`cases` cases each answering every item of the standard (no NA), the values
    (yes 1, partly 0.5, no 0) shuffled over cases and items so they total `points`."""
    items = items_of(fw, standard_id)
    slots = cases * len(items)
    partly = int(points * 2) % 2 + 2  # an odd half needs one partly; two more for variety
    yes = int(points - Fraction(partly, 2))
    values = ["yes"] * yes + ["partly"] * partly + ["no"] * (slots - yes - partly)
    assert len(values) == slots and yes >= 0
    random.Random(seed).shuffle(values)
    cells = [(f"{standard_id}-case{c}", q) for c in range(cases) for q in items]
    return [Answer(case, q, v) for (case, q), v in zip(cells, values, strict=True)]


@pytest.mark.parametrize(
    ("standard_id", "cases", "points", "maximum", "percent", "rating"), DERBY_OUT_OF_COURT
)
def test_derby_row_from_its_real_case_count(standard_id, cases, points, maximum, percent, rating):
    fw = library(FRAMEWORK)
    assert len(items_of(fw, standard_id)) * cases == maximum  # 19, 14, 11, 8 items a case
    answers = case_answers(fw, standard_id, cases, Fraction(points), seed=cases)
    result = score(fw, answers).result.standard(standard_id)
    f = result.figure
    assert (f.numerator, f.denominator) == (Fraction(points), maximum)
    assert f.cases == cases
    assert (f.percent, result.rating) == (percent, rating)


def test_derby_out_of_court_overall_pools_every_item():
    # Every baseline row together: 135 of 260 = 52% (Requires improvement).
    fw = library(FRAMEWORK)
    answers = []
    for sid, cases, points, *_ in DERBY_OUT_OF_COURT[:4]:
        answers += case_answers(fw, sid, cases, Fraction(points), seed=1)
    result = score(fw, answers).result
    assert (result.overall.numerator, result.overall.denominator) == (135, 260)
    assert result.domain("3").figure.denominator == 260


FRAMEWORK_TEXT = """
id: items
name: Items
edition: "1"
publisher: Test
answer_types:
  - id: ypn
    label: Yes / partly / no
    values:
      - {value: "yes", label: "Yes", points: 1}
      - {value: partly, label: Partly, points: 0.5}
      - {value: "no", label: "No", points: 0}
      - {value: na, label: Not applicable}
default_answer_type: ypn
rating_schemes:
  - id: b
    bands:
      - {lower: 80, label: Outstanding, points: 3}
      - {lower: 0, label: Other, points: 0}
default_rating_scheme: b
default_aggregation: points-over-maximum
POINTS_ITEMS
domains:
  - id: d
    name: D
    standards:
      - id: s
        name: S
        rated_by: cases
        key_questions:
          - id: k
            text: K?
            prompts:
              - {id: p1, text: P1?}
              - {id: p2, text: P2?}
overall: {method: points-over-maximum, rating_scheme: b}
"""


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("", (1, 1)),  # the default: key questions only, as before
        ("points_items: [key_question]", (1, 1)),
        ("points_items: [prompt]", (Fraction(1, 2), 2)),
        ("points_items: [key_question, prompt]", (Fraction(3, 2), 3)),
    ],
)
def test_points_items_chooses_what_scores(setting, expected):
    fw = parse_framework_text(FRAMEWORK_TEXT.replace("POINTS_ITEMS", setting))
    answers = [Answer("c1", "k", "yes"), Answer("c1", "p1", "partly"), Answer("c1", "p2", "no")]
    result = score(fw, answers).result
    f = result.standard("s").figure
    assert (f.numerator, f.denominator) == expected
    assert (result.overall.numerator, result.overall.denominator) == expected


@pytest.mark.parametrize("framework_id", [FRAMEWORK, "hmip-youth-2025-children-victims"])
def test_both_counting_paths_agree_on_items_and_areas(framework_id):
    # Prompt-level points and rated areas are built from the same tally on both paths.
    fw = library(framework_id)
    rng = random.Random(7)
    values = ["yes", "partly", "no", "na"] if framework_id == FRAMEWORK else ["yes", "no", "na"]
    answers = [Answer(f"case{c}", q, rng.choice(values)) for c in range(40) for q in fw.questions]
    plain = score(fw, answers, method="plain")
    assert score(fw, answers, method="vectorised") == plain
    if framework_id == FRAMEWORK:
        f = plain.result.standard("3.1").figure
        assert f.answers > 40 * 3  # prompts are counted, not only the three key questions
