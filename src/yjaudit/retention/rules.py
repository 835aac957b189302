"""Retention rules as data (`rules/retention.yaml`), validated on load.

Read with the rule files' reader (`yjaudit.spec.loader.parse_yaml_model`), so every
problem is named by file, line and field. A deployment may point
`settings.YJAUDIT_RETENTION_RULES` at its own file (its local retention schedule).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from yjaudit.spec.loader import parse_yaml_model, read_text
from yjaudit.spec.model import SpecError

DEFAULT_FILE = Path(__file__).resolve().parent / "rules" / "retention.yaml"

Kind = Literal[
    "closed_cases",
    "case_audits",
    "evidence_files",
    "monitoring_records",
    "import_files",
    "audit_trail",
    "sessions_tokens",
    "job_files",
]
KINDS: tuple[Kind, ...] = (
    "closed_cases",
    "case_audits",
    "evidence_files",
    "monitoring_records",
    "import_files",
    "audit_trail",
    "sessions_tokens",
    "job_files",
)
Action = Literal["remove", "anonymise"]

# What each kind can do, and from which date it counts (the code knows how, the file when).
ALLOWED: dict[str, tuple[set[str], str]] = {
    "closed_cases": ({"anonymise"}, "case_closed"),
    "case_audits": ({"anonymise"}, "round_closed"),
    "evidence_files": ({"remove"}, "uploaded"),
    "monitoring_records": ({"remove", "anonymise"}, "record_date"),
    "import_files": ({"anonymise"}, "imported"),
    "audit_trail": ({"remove"}, "event"),
    "sessions_tokens": ({"remove"}, "expired"),
    "job_files": ({"remove"}, "finished"),
}


class RetentionRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    years: int = Field(default=0, ge=0, le=100)
    days: int = Field(default=0, ge=0, le=36500)
    after: str
    action: Action
    source: str = ""
    inferred: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _check(self) -> RetentionRule:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if not self.source.strip() and not self.inferred:
            problems.append((("source",), "give the rule's source, or inferred: true"))
        if self.years == 0 and self.days == 0:
            problems.append((("years",), "give a period: years and/or days, more than 0"))
        if problems:
            raise SpecError(problems)
        return self

    def cutoff(self, today: dt.date) -> dt.date:
        """Records dated before this day are past retention."""
        year = today.year - self.years
        day = today.day
        if today.month == 2 and day == 29:
            day = 28  # 29 February of a year that may have none
        return today.replace(year=year, day=day) - dt.timedelta(days=self.days)


class RetentionRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: dict[Kind, RetentionRule]

    @model_validator(mode="after")
    def _check(self) -> RetentionRules:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for kind in KINDS:
            if kind not in self.rules:
                problems.append((("rules", kind), "missing: every record kind needs a rule"))
        for kind, rule in self.rules.items():
            actions, after = ALLOWED[kind]
            if rule.action not in actions:
                problems.append(
                    (("rules", kind, "action"), f"must be one of {sorted(actions)} for {kind}")
                )
            if rule.after != after:
                problems.append((("rules", kind, "after"), f"must be {after!r} for {kind}"))
        if problems:
            raise SpecError(problems)
        return self

    def rule(self, kind: str) -> RetentionRule:
        return self.rules[kind]  # type: ignore[index]


def parse_retention_rules(text: str, filename: str = "<text>") -> RetentionRules:
    """Parse and validate; `yjaudit.spec.FrameworkFileError` names line and field."""
    return parse_yaml_model(text, filename, RetentionRules, what="a retention rules file")


@cache
def load_rules(path: str = "") -> RetentionRules:
    file = Path(path) if path else DEFAULT_FILE
    return parse_retention_rules(read_text(file), file.name)
