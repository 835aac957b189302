"""Turn answers into validated integer-coded arrays, the input of both scoring paths.

Every check on the answers happens here, once: unknown question, a value the
question does not allow, a blank case id, a case answering a question twice. Errors
carry the position of the offending answer (`EngineInputError.index`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from yjaudit.spec.model import AnswerValue, QuestionRef

from .plan import Plan
from .types import Answer, EngineInputError

IntArray = npt.NDArray[np.intp]

# Above this many case x question cells the duplicate check sorts instead of using a
# dense bitmap (one byte per cell).
DENSE_CELLS_LIMIT = 600_000_000


@dataclass(frozen=True)
class AnswerArrays:
    """Answers as parallel integer arrays (one element per answer, input order).

    case: index into case_ids; question: the question's code, its position in
    `framework.questions` (see `question_codes`); value: index of the answer into the
    question's answer type `values`.
    """

    case_ids: Sequence[str]
    case: npt.NDArray[np.integer]
    question: npt.NDArray[np.integer]
    value: npt.NDArray[np.integer]

    def __len__(self) -> int:
        return int(self.case.shape[0])


def _allowed(question: QuestionRef) -> str:
    return ", ".join(v.value for v in question.answer_type.values)


def _parse_number(raw: str) -> Fraction | None:
    text = raw.strip()
    if not text or text.lower() in {"nan", "inf", "-inf", "infinity", "-infinity"}:
        return None
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def resolve_value(question: QuestionRef, raw: str) -> AnswerValue:
    """The answer value `raw` stands for on `question`.

    Accepts a value code or alias in any case, or a number of points when exactly
    one of the answer type's values scores that many points ("0.5" -> partly).
    """
    atype = question.answer_type
    found = atype.lookup(raw)
    if found is not None:
        return found
    number = _parse_number(raw)
    if number is not None:
        matches = [v for v in atype.values if v.points is not None and v.points == number]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise EngineInputError(
                f"question {question.id!r}: {raw.strip()!r} points could mean "
                f"{' or '.join(v.value for v in matches)}; give the answer itself",
                field="value",
            )
    raise EngineInputError(
        f"question {question.id!r} does not allow {raw.strip()!r} (allowed: {_allowed(question)})",
        field="value",
    )


def question_codes(plan: Plan) -> dict[str, int]:
    return dict(plan.code)


def encode_answers(plan: Plan, answers: Iterable[Answer]) -> tuple[AnswerArrays, Cells]:
    """Validate and code answers given as objects (the path `score()` takes)."""
    case_code: dict[str, int] = {}
    case_ids: list[str] = []
    cases: list[int] = []
    questions: list[int] = []
    values: list[int] = []
    # (answer type id, raw spelling) -> value index: spellings repeat a lot.
    cache: dict[tuple[str, str], int] = {}
    value_pos = {
        id(q.answer_type): {id(v): i for i, v in enumerate(q.answer_type.values)}
        for q in plan.questions
    }
    fw = plan.framework.id
    for i, a in enumerate(answers):
        q = plan.code.get(a.question_id)
        if q is None:
            q = plan.code.get(a.question_id.strip())
            if q is None:
                raise EngineInputError(
                    f"unknown question {a.question_id.strip()!r} (not in framework {fw})",
                    index=i,
                    field="question_id",
                )
        question = plan.questions[q]
        key = (question.answer_type.id, a.value)
        v = cache.get(key)
        if v is None:
            try:
                av = resolve_value(question, a.value)
            except EngineInputError as e:
                raise EngineInputError(str(e), index=i, field="value") from None
            v = value_pos[id(question.answer_type)][id(av)]
            cache[key] = v
        c = case_code.get(a.case_id)
        if c is None:
            if not a.case_id.strip():
                raise EngineInputError("blank case id", index=i, field="case_id")
            c = case_code[a.case_id] = len(case_ids)
            case_ids.append(a.case_id)
        cases.append(c)
        questions.append(q)
        values.append(v)
    arrays = AnswerArrays(
        case_ids=tuple(case_ids),
        case=np.array(cases, dtype=np.intp),
        question=np.array(questions, dtype=np.intp),
        value=np.array(values, dtype=np.intp),
    )
    return arrays, check_duplicates(plan, arrays)


def check_arrays(plan: Plan, arrays: AnswerArrays) -> tuple[AnswerArrays, Cells]:
    """Validate integer-coded answers given directly (the path `score_arrays()` takes).

    Any integer dtypes are accepted and kept (int32 or int8 codes save memory).
    """
    parts = []
    for name in ("case", "question", "value"):
        arr = np.asarray(getattr(arrays, name))
        if arr.ndim != 1 or not np.issubdtype(arr.dtype, np.integer):
            raise EngineInputError(f"{name} must be a one-dimensional integer array", field=name)
        parts.append(arr)
    case, question, value = parts
    n = case.shape[0]
    if question.shape[0] != n or value.shape[0] != n:
        raise EngineInputError("case, question and value arrays differ in length")

    def first_bad(mask: npt.NDArray[np.bool_]) -> int:
        return int(np.flatnonzero(mask)[0])

    if n:
        bad = (case < 0) | (case >= len(arrays.case_ids))
        if bad.any():
            raise EngineInputError("case code out of range", index=first_bad(bad), field="case_id")
        bad = (question < 0) | (question >= len(plan.questions))
        if bad.any():
            raise EngineInputError(
                "unknown question code", index=first_bad(bad), field="question_id"
            )
        nvalues = np.array([len(p) for p in plan.points], dtype=np.int16)
        bad = (value < 0) | (value >= nvalues[question])
        if bad.any():
            i = first_bad(bad)
            q = plan.questions[int(question[i])]
            raise EngineInputError(
                f"question {q.id!r}: value code {int(value[i])} is not one of its "
                f"values ({_allowed(q)})",
                index=i,
                field="value",
            )
    out = AnswerArrays(arrays.case_ids, case, question, value)
    return out, check_duplicates(plan, out)


@dataclass(frozen=True)
class Cells:
    """Each answer's (case, question) cell, case * questions + question, and the dense
    bitmap of answered cells (None above DENSE_CELLS_LIMIT). The NumPy path reuses both."""

    keys: npt.NDArray[np.int64]
    answered: npt.NDArray[np.bool_] | None


def check_duplicates(plan: Plan, arrays: AnswerArrays) -> Cells:
    """Refuse a case answering the same question twice (index: the later answer)."""
    n = len(arrays)
    nq = len(plan.questions)
    keys = np.asarray(arrays.case).astype(np.int64) * nq
    keys += np.asarray(arrays.question)
    n_cells = len(arrays.case_ids) * nq
    if n_cells <= DENSE_CELLS_LIMIT:
        seen = np.zeros(n_cells, dtype=np.bool_)
        seen[keys] = True
        if int(np.count_nonzero(seen)) == n:
            return Cells(keys, seen)
    elif np.unique(keys).shape[0] == n:
        return Cells(keys, None)
    # Error path: find the earliest answer repeating an earlier (case, question).
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    repeat = np.flatnonzero(sk[1:] == sk[:-1]) + 1
    later = order[repeat]
    j = int(np.argmin(later))
    index = int(later[j])
    # The first answer of that group: walk back to the group's start in sorted order.
    pos = int(repeat[j])
    while pos > 0 and sk[pos - 1] == sk[pos]:
        pos -= 1
    first = int(order[pos])
    case_id = arrays.case_ids[int(arrays.case[index])]
    qid = plan.questions[int(arrays.question[index])].id
    raise EngineInputError(
        f"case {case_id!r} answers question {qid!r} more than once",
        index=index,
        field="question_id",
        other_index=first,
    )
