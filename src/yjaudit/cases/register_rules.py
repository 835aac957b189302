"""The case register's rules, read from data: the ages a case may start at and the
settings that make a case a resettlement case (``data/register-rules.yaml``).

Validated on load with the rule files' reader (`yjaudit.spec.loader.parse_yaml_model`),
every problem named by file, line and field; each rule gives its source or
`inferred: true`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from yjaudit.spec.loader import parse_yaml_model, read_text
from yjaudit.spec.model import SpecError

from .codes import codes

RULES_FILE = Path(__file__).resolve().parent / "data" / "register-rules.yaml"


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = ""
    inferred: bool = False
    note: str = ""

    def _sourced(self) -> list[tuple[tuple[str | int, ...], str]]:
        if not self.source.strip() and not self.inferred:
            return [(("source",), "give the rule's source, or inferred: true")]
        return []


class AgeRange(_Rule):
    lowest: int = Field(ge=0, le=30)
    highest: int = Field(ge=0, le=30)

    @model_validator(mode="after")
    def _check(self) -> AgeRange:
        problems = self._sourced()
        if self.highest < self.lowest:
            problems.append((("highest",), f"must be at least lowest ({self.lowest})"))
        if problems:
            raise SpecError(problems)
        return self

    def allows(self, age: int) -> bool:
        return self.lowest <= age <= self.highest


class Resettlement(_Rule):
    settings: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Resettlement:
        problems = self._sourced()
        known = codes().settings
        for i, setting in enumerate(self.settings):
            if known.get(setting) is None:
                problems.append(
                    (("settings", i), f"unknown setting {setting!r} (one of {known.order})")
                )
        if problems:
            raise SpecError(problems)
        return self

    def implied_by(self, setting: str) -> bool:
        """Whether a case in `setting` is a resettlement case by default."""
        return setting in self.settings


class RegisterRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    age_at_start: AgeRange
    resettlement: Resettlement


def parse_register_rules(text: str, filename: str = "<text>") -> RegisterRules:
    """Parse and validate; `yjaudit.spec.FrameworkFileError` names line and field."""
    return parse_yaml_model(text, filename, RegisterRules, what="a register rules file")


@cache
def register_rules() -> RegisterRules:
    return parse_register_rules(read_text(RULES_FILE), str(RULES_FILE.name))
