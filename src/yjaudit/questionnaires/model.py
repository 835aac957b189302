"""The questionnaire definition format, as typed models (docs/compliance.md).

A questionnaire file (YAML) holds answer scales, questions in order (a choice from a
scale, or free text) with English and Welsh text, routing (`show_if`: a question is
asked only when an earlier question got one of the listed answers) and the smallest
number of answers for which a question's results are shown. Welsh text carries its
review status: machine-assisted text must be read by a Welsh speaker before use.

Pure Python: no Django.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from yjaudit.spec.model import SpecError

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Problems = list[tuple[tuple[str | int, ...], str]]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """The same words in English and in Welsh (both required)."""

    en: str = Field(min_length=1, max_length=1000)
    cy: str = Field(min_length=1, max_length=1000)

    def get(self, language: str) -> str:
        return self.cy if language == "cy" else self.en


class WelshStatus(StrEnum):
    MACHINE_ASSISTED = "machine-assisted"  # to be reviewed by a Welsh speaker
    REVIEWED = "reviewed"


class Welsh(_Model):
    status: WelshStatus
    note: str = ""
    reviewed_by: str = ""  # a role, never a person's name in a shared file


class Option(_Model):
    value: Identifier
    text: Text


class Scale(_Model):
    id: Identifier
    options: tuple[Option, ...] = Field(min_length=2)


class QuestionKind(StrEnum):
    CHOICE = "choice"
    TEXT = "text"


class ShowIf(_Model):
    question: Identifier
    is_in: tuple[Identifier, ...] = Field(alias="in", min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Question(_Model):
    id: Identifier
    kind: QuestionKind = QuestionKind.CHOICE
    text: Text
    hint: Text | None = None
    scale: Identifier | None = None
    required: bool = False
    show_if: ShowIf | None = None
    max_length: int = Field(default=2000, ge=1, le=10000)  # free text only
    # Answers that count as positive in a headline figure (e.g. "yes"); optional.
    positive: tuple[Identifier, ...] = ()


class Suppression(_Model):
    """A question's results are hidden when fewer people than `below` answered it."""

    below: int = Field(ge=1, le=100)
    source: str = ""
    inferred: bool = False


class Questionnaire(_Model):
    id: Identifier
    title: Text
    audience: Identifier  # children, victims...
    description: Text | None = None
    welsh: Welsh
    # The first month of a reporting year: 4 (April) for the YJB's financial-year quarters.
    year_starts_month: int = Field(default=4, ge=1, le=12)
    suppress: Suppression
    scales: tuple[Scale, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Questionnaire:
        problems: Problems = []
        scales: dict[str, Scale] = {}
        for i, scale in enumerate(self.scales):
            if scale.id in scales:
                problems.append((("scales", i, "id"), f"scale {scale.id!r} is given twice"))
            scales[scale.id] = scale
            values = [o.value for o in scale.options]
            if len(set(values)) != len(values):
                problems.append((("scales", i, "options"), "an answer value is given twice"))
        earlier: dict[str, Question] = {}
        for i, q in enumerate(self.questions):
            found = self._check(q, scales) + self._check_route(q, earlier, scales)
            problems += [(("questions", i, *path), msg) for path, msg in found]
            if q.id in earlier:
                problems.append((("questions", i, "id"), f"question {q.id!r} is given twice"))
            earlier[q.id] = q
        if problems:
            raise SpecError(problems)
        return self

    @staticmethod
    def _check(q: Question, scales: dict[str, Scale]) -> Problems:
        if q.kind is QuestionKind.TEXT:
            if q.scale or q.positive:
                return [(("scale",), "a free-text question has no scale or positive answers")]
            return []
        if q.scale is None:
            return [(("scale",), "a choice question needs a scale")]
        scale = scales.get(q.scale)
        if scale is None:
            return [(("scale",), f"unknown scale {q.scale!r}; have {', '.join(scales)}")]
        values = {o.value for o in scale.options}
        return [
            (("positive", j), f"{v!r} is not an answer of scale {q.scale!r}")
            for j, v in enumerate(q.positive)
            if v not in values
        ]

    @staticmethod
    def _check_route(
        q: Question, earlier: dict[str, Question], scales: dict[str, Scale]
    ) -> Problems:
        if q.show_if is None:
            return []
        target = earlier.get(q.show_if.question)
        if target is None:
            return [
                (
                    ("show_if", "question"),
                    f"{q.show_if.question!r} is not an earlier question "
                    "(routing only looks back, so it cannot loop)",
                )
            ]
        if target.kind is not QuestionKind.CHOICE or target.scale not in scales:
            return [(("show_if", "question"), "routing follows a choice question")]
        values = {o.value for o in scales[target.scale].options}
        return [
            (("show_if", "in", j), f"{v!r} is not an answer to {target.id!r}")
            for j, v in enumerate(q.show_if.is_in)
            if v not in values
        ]

    def scale_of(self, question: Question) -> Scale | None:
        return next((s for s in self.scales if s.id == question.scale), None)

    @property
    def needs_welsh_review(self) -> bool:
        return self.welsh.status is WelshStatus.MACHINE_ASSISTED
