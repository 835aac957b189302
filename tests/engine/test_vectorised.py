"""score_arrays (integer-coded input), its validation, and the switch between paths."""

from __future__ import annotations

import numpy as np
import pytest

from yjaudit.engine import (
    Answer,
    AnswerArrays,
    EngineInputError,
    encode,
    score,
    score_arrays,
    scoring,
    vectorised,
)
from yjaudit.spec.model import Framework

from .conftest import build, hmip_like


def coded(fw: Framework, answers: list[Answer]) -> AnswerArrays:
    codes = {q: i for i, q in enumerate(fw.questions)}
    cases = sorted({a.case_id for a in answers})
    return AnswerArrays(
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


def random_answers(fw: Framework, n_cases: int, seed: int) -> list[Answer]:
    rng = np.random.default_rng(seed)
    out = []
    for c in range(n_cases):
        for qid, q in fw.questions.items():
            if rng.random() < 0.8:
                values = q.answer_type.values
                out.append(Answer(f"case-{c}", qid, values[rng.integers(len(values))].value))
    return out


def test_score_arrays_matches_score(hmip: Framework) -> None:
    answers = random_answers(hmip, 40, 1)
    attrs = {f"case-{c}": {"setting": "custody" if c % 3 else "community"} for c in range(40)}
    expected = score(hmip, answers, case_attributes=attrs, by=["setting"], method="plain")
    got = score_arrays(hmip, coded(hmip, answers), case_attributes=attrs, by=["setting"])
    assert got == expected


def test_large_input_uses_numpy_automatically(
    hmip: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = random_answers(hmip, 400, 2)
    assert len(answers) >= scoring.VECTORISE_FROM
    calls: list[int] = []
    real = vectorised.tally_numpy

    def spy(*args: object, **kw: object) -> object:
        calls.append(1)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(scoring, "tally_numpy", spy)
    auto = score(hmip, answers)
    assert calls == [1]
    assert auto == score(hmip, answers, method="plain")
    score(hmip, answers[:10])
    assert calls == [1]  # small inputs take the plain path


def test_falls_back_to_plain_above_dense_limit(
    hmip: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = random_answers(hmip, 30, 3)
    expected = score(hmip, answers, method="plain")
    monkeypatch.setattr(encode, "DENSE_CELLS_LIMIT", 10)
    monkeypatch.setattr(vectorised, "DENSE_CELLS_LIMIT", 10)
    assert score(hmip, answers, method="vectorised") == expected
    # The duplicate check still works without the dense bitmap.
    with pytest.raises(EngineInputError, match="more than once") as e:
        score(hmip, [*answers, answers[5]], method="vectorised")
    assert (e.value.index, e.value.other_index) == (len(answers), 5)


def test_exactness_with_thirds() -> None:
    data = hmip_like()
    data["answer_types"][1]["values"][1]["points"] = "1/3"
    data["default_answer_type"] = "yes-partly-no"
    fw = build(data)
    answers = [Answer(f"c{i}", "2.1.1", "partly") for i in range(3000)]
    fig = score(fw, answers, method="vectorised").result.standard("2.1").key_questions[0].figure
    assert fig.numerator == 1000 and fig.denominator == 3000 and fig.percent == 33


@pytest.mark.parametrize(
    ("change", "field", "index"),
    [
        ({"case": [0, 5]}, "case_id", 1),
        ({"question": [0, 999]}, "question_id", 1),
        ({"value": [0, 7]}, "value", 1),
        ({"question": [0, 0]}, "question_id", 1),  # duplicate (case, question)
    ],
)
def test_score_arrays_validates(
    hmip: Framework, change: dict[str, list[int]], field: str, index: int
) -> None:
    arrays = {"case": [0, 0], "question": [0, 1], "value": [0, 1]}
    arrays.update(change)
    with pytest.raises(EngineInputError) as e:
        score_arrays(
            hmip,
            AnswerArrays(["a"], *(np.array(arrays[k]) for k in ("case", "question", "value"))),
        )
    assert (e.value.field, e.value.index) == (field, index)


def test_score_arrays_refuses_bad_shapes(hmip: Framework) -> None:
    with pytest.raises(EngineInputError, match="differ in length"):
        score_arrays(hmip, AnswerArrays(["a"], np.array([0]), np.array([0, 1]), np.array([0])))
    with pytest.raises(EngineInputError, match="integer array"):
        score_arrays(hmip, AnswerArrays(["a"], np.array([0.0]), np.array([0]), np.array([0])))


def test_unused_case_ids_are_not_counted(hmip: Framework) -> None:
    arrays = AnswerArrays(["a", "b", "c"], np.array([2]), np.array([0]), np.array([0]))
    assert score_arrays(hmip, arrays).result.cases == 1
