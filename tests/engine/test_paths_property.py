"""The NumPy path gives exactly the plain path's figures, on random frameworks and answers."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yjaudit.engine import Answer, AnswerArrays, Judgement, Override, score, score_arrays
from yjaudit.spec.model import Framework

POINTS = [Fraction(0), Fraction(1, 3), Fraction(1, 2), Fraction(1), Fraction(2), Fraction(5, 4)]
SETTINGS = ["custody", "community"]
ROSH = ["low", "medium", "high"]
CONDITIONS: list[dict[str, Any] | None] = [
    None,
    None,
    {"all": [{"attribute": "setting", "equals": "custody"}]},
    {"all": [{"attribute": "rosh", "at_least": "medium", "order": ROSH}]},
    {
        "all": [
            {"attribute": "setting", "in": ["community"]},
            {"attribute": "rosh", "not_in": ["high"]},
        ]
    },
]


@st.composite
def answer_types(draw: st.DrawFn, ident: str) -> dict[str, Any]:
    n = draw(st.integers(2, 4))
    values = []
    for i in range(n):
        pts = draw(st.one_of(st.none(), st.sampled_from(POINTS)))
        values.append(
            {"value": f"v{i}", "label": f"V{i}", "points": None if pts is None else str(pts)}
        )
    if all(v["points"] is None for v in values):
        values[0]["points"] = "1"
    return {"id": ident, "label": ident, "values": values}


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    types = [draw(answer_types(f"t{i}")) for i in range(draw(st.integers(1, 3)))]
    lowers = sorted(draw(st.sets(st.integers(1, 99), min_size=1, max_size=3)), reverse=True)
    bands = [
        {"lower": lo, "label": f"B{lo}", "points": i}
        for i, lo in enumerate(reversed(lowers), start=1)
    ][::-1]
    bands.append({"lower": 0, "label": "B0", "points": 0})
    basis = draw(st.sampled_from(["rounded-percent", "exact-percent"]))
    schemes = [
        {"id": "s", "basis": basis, "bands": bands},
        {
            "id": "o",
            "basis": "points",
            "bands": [
                {"lower": 3, "label": "High", "points": 1},
                {"lower": 0, "label": "Low", "points": 0},
            ],
        },
    ]
    tags_used: set[str] = set()
    domains = []
    std_ids = []
    for d in range(draw(st.integers(1, 2))):
        standards = []
        for s in range(draw(st.integers(1, 3))):
            sid = f"{d}.{s}"
            std_ids.append(sid)
            if draw(st.integers(0, 4)) == 0:
                standards.append(
                    {
                        "id": sid,
                        "name": sid,
                        "rated_by": "judgement",
                        "counted": draw(st.booleans()),
                    }
                )
                continue
            kqs = []
            for k in range(draw(st.integers(1, 3))):
                tags = draw(st.lists(st.sampled_from(["x", "y"]), max_size=1))
                tags_used.update(tags)
                prompts = [
                    {
                        "id": f"{sid}.{k}.{p}",
                        "text": "p",
                        "answer_type": draw(st.sampled_from([t["id"] for t in types])),
                        "applies_when": draw(st.sampled_from(CONDITIONS)),
                    }
                    for p in range(draw(st.integers(0, 2)))
                ]
                kqs.append(
                    {
                        "id": f"{sid}.{k}",
                        "text": "k",
                        "tags": tags,
                        "answer_type": draw(st.sampled_from([t["id"] for t in types])),
                        "applies_when": draw(st.sampled_from(CONDITIONS)),
                        "prompts": prompts,
                    }
                )
            standards.append(
                {
                    "id": sid,
                    "name": sid,
                    "rated_by": "cases",
                    "key_questions": kqs,
                    "counted": draw(st.booleans()),
                    "aggregation": draw(
                        st.sampled_from(
                            ["lowest-key-question", "points-over-maximum", "mean", "counts-only"]
                        )
                    ),
                    "minimum_cases": draw(st.one_of(st.none(), st.integers(0, 3))),
                }
            )
        rating = draw(
            st.sampled_from(
                [
                    None,
                    {"method": "sum-of-standard-points", "rating_scheme": "o"},
                    {"method": "lowest-standard"},
                ]
            )
        )
        domains.append({"id": f"D{d}", "name": "d", "rating": rating, "standards": standards})
    overall = draw(
        st.sampled_from(
            [
                {"method": "none"},
                {"method": "points-over-maximum", "rating_scheme": "s"},
                {"method": "sum-of-standard-points", "rating_scheme": "o"},
                {"method": "sum-of-domain-points", "rating_scheme": "o"},
            ]
        )
    )
    if overall["method"] == "sum-of-domain-points" and all(d["rating"] is None for d in domains):
        domains[0]["rating"] = {"method": "lowest-standard"}
    data = {
        "id": "prop",
        "name": "prop",
        "edition": "1",
        "publisher": "p",
        "answer_types": types,
        "default_answer_type": types[0]["id"],
        "rating_schemes": schemes,
        "default_rating_scheme": "s",
        "minimum_cases": draw(st.integers(0, 3)),
        "points_items": draw(
            st.sampled_from([["key_question"], ["prompt"], ["key_question", "prompt"]])
        ),
        "domains": domains,
        "sections": [{"id": "sec", "name": "sec", "standards": std_ids[: len(std_ids) // 2 + 1]}],
        "headlines": [
            {"id": f"h{t}", "name": t, "tags": [t], "include_prompts": draw(st.booleans())}
            for t in sorted(tags_used)
        ],
        "overall": overall,
    }
    return Framework.model_validate(data)


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[Framework, list[Answer], dict[str, dict[str, str]], list[Judgement], list[Override]]:
    fw = draw(frameworks())
    questions = list(fw.questions.values())
    cases = [f"c{i}" for i in range(draw(st.integers(0, 8)))]
    answers = []
    if questions and cases:
        cells = draw(
            st.sets(
                st.tuples(st.sampled_from(cases), st.sampled_from(questions).map(lambda q: q.id)),
                max_size=60,
            )
        )
        for case, qid in sorted(cells):
            values = fw.questions[qid].answer_type.values
            answers.append(Answer(case, qid, draw(st.sampled_from(values)).value))
        answers = draw(st.permutations(answers))
    attrs: dict[str, dict[str, str]] = {}
    for c in cases:
        row = {}
        if draw(st.booleans()):
            row["setting"] = draw(st.sampled_from(SETTINGS))
        if draw(st.booleans()):
            row["rosh"] = draw(st.sampled_from(ROSH))
        attrs[c] = row
    labels = [b.label for b in fw.rating_scheme("s").bands]  # type: ignore[union-attr]
    judgements = [
        Judgement(s.id, draw(st.sampled_from(labels)))
        for s in fw.standards
        if s.rated_by.value == "judgement" and draw(st.booleans())
    ]
    overrides = [
        Override(s.id, draw(st.sampled_from(labels)), "reason")
        for s in fw.standards
        if draw(st.integers(0, 4)) == 0
    ]
    return fw, answers, attrs, judgements, overrides


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_vectorised_equals_plain(
    scenario: tuple[
        Framework, list[Answer], dict[str, dict[str, str]], list[Judgement], list[Override]
    ],
) -> None:
    fw, answers, attrs, judgements, overrides = scenario
    kw: dict[str, Any] = {
        "case_attributes": attrs,
        "judgements": judgements,
        "overrides": overrides,
        "by": ["setting", "rosh"],
    }
    plain = score(fw, answers, method="plain", **kw)
    vectorised = score(fw, answers, method="vectorised", **kw)
    assert vectorised == plain
    # Integer-coded input with narrow dtypes and cases coded in another order.
    codes = {q: i for i, q in enumerate(fw.questions)}
    cases = sorted({a.case_id for a in answers}, reverse=True)
    arrays = AnswerArrays(
        case_ids=cases,
        case=np.array([cases.index(a.case_id) for a in answers], dtype=np.int32),
        question=np.array([codes[a.question_id] for a in answers], dtype=np.int16),
        value=np.array(
            [
                [v.value for v in fw.questions[a.question_id].answer_type.values].index(a.value)
                for a in answers
            ],
            dtype=np.int8,
        ),
    )
    assert score_arrays(fw, arrays, **kw) == plain


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_question_figures_match_a_direct_count(
    scenario: tuple[
        Framework, list[Answer], dict[str, dict[str, str]], list[Judgement], list[Override]
    ],
) -> None:
    """An independent oracle for the per-question counts (what both paths start from)."""
    fw, answers, attrs, _, _ = scenario
    result = score(fw, answers, case_attributes=attrs, method="vectorised").result
    for s in result.standards:
        for kq in s.key_questions:
            for qid, fig in [(kq.id, kq.figure), *((p.id, p.figure) for p in kq.prompts)]:
                q = fw.questions[qid]
                pts = []
                for a in answers:
                    if a.question_id != qid:
                        continue
                    value = q.answer_type.lookup(a.value)
                    assert value is not None
                    applies = (
                        q.applies_when.holds(attrs.get(a.case_id, {})) if q.applies_when else True
                    )
                    if value.points is not None and applies is not False:
                        pts.append(value.points)
                assert fig.numerator == sum(pts, Fraction(0))
                assert fig.denominator == len(pts) * q.answer_type.max_points
                assert fig.answers == fig.cases == len(pts)
