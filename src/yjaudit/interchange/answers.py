"""Answers files: `case_id,question_id,answer[,note]`, further columns being case attributes.

`note` (optional) is the auditor's evidence note for the answer; it is kept with the
answer, never taken for a case attribute.

Reading checks every row against the framework before anything is scored or saved:
the question exists, the answer is one the question allows (a code such as yes /
partly / no / na in any case, an alias, or the number of points it scores), no case
answers a question twice, and a case's attributes agree from row to row. The first
problem stops the read with the file, row and column named.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TextIO

from yjaudit.engine.scoring import resolve_value
from yjaudit.engine.types import Answer, EngineInputError
from yjaudit.spec.model import Framework, QuestionRef

from .csvtable import CsvStream, CsvTable, escape_cell, read_bytes, stream_csv
from .errors import InterchangeError

CASE = "case_id"
QUESTION = "question_id"
ANSWER = "answer"
NOTE = "note"
ANSWER_COLUMNS = (CASE, QUESTION, ANSWER)
RESERVED = (*ANSWER_COLUMNS, NOTE)  # never case attributes


@dataclass(frozen=True)
class AnswerFile:
    file: str
    answers: tuple[Answer, ...]  # value = the answer type's code (aliases resolved)
    rows: tuple[int, ...]  # the spreadsheet row of each answer, same order
    case_attributes: dict[str, dict[str, str]]  # case -> attribute -> value (non-empty)
    attribute_columns: tuple[str, ...]
    cases: tuple[str, ...]  # case ids in order of first appearance
    warnings: tuple[str, ...] = field(default=())
    # Each answer's note, same order; None when the file has no note column (an import
    # then keeps the notes already stored).
    notes: tuple[str, ...] | None = None

    def row_of(self, index: int) -> int | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None


def read_answers_path(
    path: str | Path, framework: Framework, *, name: str | None = None
) -> AnswerFile:
    shown = name or str(path)
    data = read_bytes(path, shown)
    return answers_from_table(stream_csv(data, shown, required=ANSWER_COLUMNS), framework)


def read_answers(data: bytes, file: str, framework: Framework) -> AnswerFile:
    return answers_from_table(stream_csv(data, file, required=ANSWER_COLUMNS), framework)


def answers_from_table(table: CsvTable | CsvStream, framework: Framework) -> AnswerFile:
    columns = table.columns
    i_case, i_question, i_answer = (columns.index(c) for c in ANSWER_COLUMNS)
    # Headings are read lower-cased; an attribute the framework's conditions name keeps
    # the framework's spelling, so "RoSH" in a rule matches a "rosh" column.
    spelling = {a.lower(): a for a in condition_attributes(framework)}
    attribute_index = [(spelling.get(c, c), i) for i, c in enumerate(columns) if c not in RESERVED]
    i_note = columns.index(NOTE) if NOTE in columns else None
    notes: list[str] = []
    attribute_columns = tuple(name for name, _ in attribute_index)
    answers: list[Answer] = []
    rows: list[int] = []
    # Per case: question id -> the row that answered it (to name both of a duplicate).
    answered: dict[str, dict[str, int]] = {}
    case_ids: dict[str, str] = {}
    attributes: dict[str, dict[str, str]] = {}
    attribute_rows: dict[tuple[str, str], int] = {}
    # (question id, spelling) -> (the framework's question id, answer code): both repeat
    # a great deal, so each is checked once and shared by every answer that uses it.
    resolved: dict[tuple[str, str], tuple[str, str]] = {}
    for row in table.rows:
        values, number = row.values, row.number
        case_id, question_id, raw = values[i_case], values[i_question], values[i_answer]
        known_answer = resolved.get((question_id, raw))
        if known_answer is None:
            value = _checked_value(table, framework, number, case_id, question_id, raw)
            known_answer = resolved[(question_id, raw)] = (
                framework.questions[question_id].id,
                value,
            )
        elif not case_id:
            raise table.error("the case id is empty", row=number, column=CASE)
        question_id, value = known_answer
        case_answers = answered.get(case_id)
        if case_answers is None:
            case_answers = answered[case_id] = {}
            attributes[case_id] = {}
            case_ids[case_id] = case_id
        else:
            case_id = case_ids[case_id]  # one string per case, however many rows
        first = case_answers.get(question_id)
        if first is not None:
            raise table.error(
                f"case {case_id} answers {question_id} twice (first on row {first})",
                row=number,
                column=QUESTION,
            )
        case_answers[question_id] = number
        case_attrs = attributes[case_id]
        for column, index in attribute_index:
            given = values[index]
            if not given:
                continue
            known = case_attrs.get(column)
            if known is None:
                case_attrs[column] = given
                attribute_rows[(case_id, column)] = number
            elif known != given and known.casefold() != given.casefold():
                raise table.error(
                    f"case {case_id} has {column} {given!r} here but {known!r} on row "
                    f"{attribute_rows[(case_id, column)]}",
                    row=number,
                    column=column,
                )
        answers.append(Answer(case_id, question_id, value))
        rows.append(number)
        if i_note is not None:
            notes.append(values[i_note])
    return AnswerFile(
        file=table.file,
        answers=tuple(answers),
        rows=tuple(rows),
        case_attributes={c: a for c, a in attributes.items() if a},
        attribute_columns=attribute_columns,
        cases=tuple(attributes),
        notes=tuple(notes) if i_note is not None else None,
    )


def condition_attributes(framework: Framework) -> set[str]:
    """Every case attribute the framework's applicability conditions test."""
    names: set[str] = set()
    for question in framework.questions.values():
        if question.applies_when is not None:
            names.update(c.attribute for c in question.applies_when.all)
    for standard in framework.standards:
        for rule in (standard.applies_when, getattr(standard, "requires_cases", None)):
            if rule is not None:
                names.update(c.attribute for c in rule.all)
    return names


def _checked_value(
    table: CsvTable | CsvStream,
    framework: Framework,
    number: int,
    case_id: str,
    question_id: str,
    raw: str,
) -> str:
    """Check a row's ids and answer (the first time its question and spelling appear)."""
    if not case_id:
        raise table.error("the case id is empty", row=number, column=CASE)
    if not question_id:
        raise table.error("the question id is empty", row=number, column=QUESTION)
    question = framework.questions.get(question_id)
    if question is None:
        raise table.error(_unknown_question(question_id, framework), row=number, column=QUESTION)
    if not raw:
        raise table.error(
            f"no answer to {question_id} (write na if it does not apply)",
            row=number,
            column=ANSWER,
        )
    value = _resolve(question, raw)
    if value is None:
        raise table.error(_not_allowed(question, raw), row=number, column=ANSWER)
    return value


def _resolve(question: QuestionRef, raw: str) -> str | None:
    """The answer code `raw` stands for on this question, or None if it is not allowed."""
    try:
        return resolve_value(question, raw).value
    except EngineInputError:
        return None


def _unknown_question(question_id: str, framework: Framework) -> str:
    same = [q for q in framework.questions if q.casefold() == question_id.casefold()]
    close = same or difflib.get_close_matches(question_id, list(framework.questions), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"unknown question {question_id!r} in framework {framework.id}{hint}"


def _not_allowed(question: QuestionRef, raw: str) -> str:
    kind = "key question" if question.kind == "key_question" else "prompt"
    answer_type = question.answer_type
    codes = ", ".join(v.value for v in answer_type.values)
    # Only points that stand for exactly one answer can be written as a number.
    scored = [v.points for v in answer_type.values if v.points is not None]
    points = ", ".join(_number(p) for p in dict.fromkeys(scored) if scored.count(p) == 1)
    as_points = f"; or the points {points}" if points else ""
    allowed = f"{answer_type.label}: {codes}{as_points}"
    return f"{raw!r} is not an answer {kind} {question.id} allows ({allowed})"


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def write_answers(
    stream: TextIO,
    answers: Iterable[Answer],
    *,
    case_attributes: Mapping[str, Mapping[str, str]] | None = None,
    attribute_columns: Sequence[str] = (),
    notes: Mapping[tuple[str, str], str] | None = None,
) -> int:
    """Write an answers file that `read_answers` reads back; returns the rows written.

    Each row repeats its case's attributes (in `attribute_columns` order), so the file
    can be sorted or filtered in a spreadsheet without losing them. With `notes`
    ((case id, question id) -> note) a note column follows the answer.
    """
    attrs = case_attributes or {}
    writer = csv.writer(stream)
    note_column = [NOTE] if notes is not None else []
    writer.writerow([*ANSWER_COLUMNS, *note_column, *attribute_columns])
    count = 0
    for a in answers:
        case_attrs = attrs.get(a.case_id, {})
        note = [escape_cell(notes.get((a.case_id, a.question_id), ""))] if notes is not None else []
        writer.writerow(
            [
                escape_cell(a.case_id),
                escape_cell(a.question_id),
                escape_cell(a.value),
                *note,
                *(escape_cell(case_attrs.get(c, "")) for c in attribute_columns),
            ]
        )
        count += 1
    return count


__all__ = [
    "ANSWER_COLUMNS",
    "AnswerFile",
    "InterchangeError",
    "answers_from_table",
    "read_answers",
    "read_answers_path",
    "write_answers",
]
