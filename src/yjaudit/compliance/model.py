"""The compliance rule format, as typed models (documented in docs/compliance.md).

A rule set file (YAML) names the bank-holiday calendar its service works to and its
rules. Each rule says which case event meets it (an assessment, a panel, a contact...),
which cases it applies to (by disposal, intervention level or risk), and when the
event is owed: once, within a number of days or working days of the start (`first`),
and/or over and over, at least `at_least` times in every week or month (`every`).
Every rule carries its source, or `inferred: true` where it is local practice with
no published figure. Nothing about a particular rule is written in code.

Pure Python: no Django.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from yjaudit.spec.model import SpecError

from .workdays import Calendar

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64)
]
Word = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RiskLevel(IntEnum):
    """AssetPlus ratings (risk of serious harm; safety and wellbeing), in order."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    VERY_HIGH = 4

    @classmethod
    def parse(cls, text: str | RiskLevel | None) -> RiskLevel | None:
        if text is None or isinstance(text, RiskLevel):
            return text
        key = str(text).strip().lower().replace("-", " ").replace("_", " ")
        if not key:
            return None
        for level in cls:
            if level.name.lower().replace("_", " ") == key:
                return level
        raise ValueError(f"unknown risk level {text!r}; use Low, Medium, High or Very high")

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").capitalize()


def _risk(value: object) -> RiskLevel:
    level = RiskLevel.parse(value)  # type: ignore[arg-type]
    if level is None:
        raise ValueError("give a risk level: Low, Medium, High or Very high")
    return level


class Within(_Model):
    """A one-off deadline: this many working days (or calendar days) after the start."""

    working_days: int | None = Field(default=None, ge=0, le=400)
    days: int | None = Field(default=None, ge=0, le=400)

    @model_validator(mode="after")
    def _one(self) -> Within:
        if (self.working_days is None) == (self.days is None):
            raise ValueError("give working_days or days (one of them)")
        return self


class Every(_Model):
    """A recurring requirement: at least `at_least` events in every period of the case."""

    weeks: int | None = Field(default=None, ge=1, le=52)
    months: int | None = Field(default=None, ge=1, le=24)
    at_least: int = Field(default=1, ge=1, le=31)

    @model_validator(mode="after")
    def _one(self) -> Every:
        if (self.weeks is None) == (self.months is None):
            raise ValueError("give weeks or months (one of them)")
        return self


class AppliesTo(_Model):
    """Which cases a rule covers; every test given must hold (none given: every case)."""

    disposals: tuple[Word, ...] = ()
    intervention_levels: tuple[Word, ...] = ()
    # The higher of the case's RoSH and safety-and-wellbeing ratings is at least this.
    risk_at_least: RiskLevel | None = None

    @field_validator("risk_at_least", mode="before")
    @classmethod
    def _risk_word(cls, value: object) -> object:
        return _risk(value) if isinstance(value, str) else value


class Rule(_Model):
    id: Identifier
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    source: str = ""
    inferred: bool = False
    event: Word  # the event kind that meets the rule (assessment, panel, contact...)
    applies_to: AppliesTo = AppliesTo()
    first: Within | None = None
    every: Every | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if self.first is None and self.every is None:
            problems.append(((), "give first (a deadline), every (a frequency) or both"))
        if not self.source and not self.inferred:
            problems.append((("source",), "give the rule's source, or inferred: true"))
        if problems:
            raise SpecError(problems)
        return self


class RuleSet(_Model):
    id: Identifier
    name: str = Field(min_length=1, max_length=200)
    source: str = ""
    notes: str = ""
    calendar: Calendar = Calendar.ENGLAND
    # The event kinds the service's exports give; a rule's event must be one of them,
    # so that a misspelt kind is refused rather than read as "never happened".
    events: tuple[Word, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> RuleSet:
        seen: set[str] = set()
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for i, rule in enumerate(self.rules):
            if rule.id in seen:
                problems.append((("rules", i, "id"), f"rule {rule.id!r} is given twice"))
            seen.add(rule.id)
            if rule.event not in self.events:
                problems.append(
                    (
                        ("rules", i, "event"),
                        f"unknown event {rule.event!r}; events lists {', '.join(self.events)}",
                    )
                )
        if problems:
            raise SpecError(problems)
        return self

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
