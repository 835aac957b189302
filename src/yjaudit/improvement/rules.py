"""Improvement plan defaults as data (`rules.yaml`), validated on load.

A deployment may point `settings.YJAUDIT_PLAN_RULES` at its own file. Errors name the
file and the field, e.g. ``rules.yaml: rag.amber_within_days: Input should be ...``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_PATH = Path(__file__).with_name("rules.yaml")

StatusCode = Literal["not_started", "in_progress", "completed"]
EvidenceType = Literal["pdf", "docx", "xlsx", "png", "jpeg", "txt", "csv"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatusRule(_Model):
    label: str = Field(min_length=1)
    words: tuple[str, ...] = ()


class RagRule(_Model):
    amber_within_days: int = Field(ge=0, le=366)
    not_started_amber_days: int = Field(ge=0, le=366)


class EvidenceRule(_Model):
    max_bytes: int = Field(gt=0, le=100 * 1024 * 1024)
    types: tuple[EvidenceType, ...] = Field(min_length=1)


class PlanRules(_Model):
    submission_deadline_days: int = Field(ge=1, le=365)
    reminder_window_days: int = Field(ge=0, le=90)
    statuses: dict[StatusCode, StatusRule]
    unrecognised_progress_status: StatusCode
    rag: RagRule
    evidence: EvidenceRule
    import_max_bytes: int = Field(gt=0, le=50 * 1024 * 1024)
    lead_organisations: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _all_statuses(self) -> PlanRules:
        missing = {"not_started", "in_progress", "completed"} - set(self.statuses)
        if missing:
            raise ValueError(f"statuses: add {', '.join(sorted(missing))}")
        return self

    def status_from_text(self, text: str) -> tuple[StatusCode, bool]:
        """(status, recognised) for a Progress cell such as "In progress , dates set"."""
        low = " ".join(text.lower().split())
        best: tuple[int, StatusCode] | None = None
        for code, rule in self.statuses.items():
            for word in rule.words:
                w = " ".join(word.lower().split())
                if low.startswith(w) and (best is None or len(w) > best[0]):
                    best = (len(w), code)
        if best is None:
            return self.unrecognised_progress_status, False
        return best[1], True

    def split_lead(self, text: str) -> tuple[str, str]:
        """("CYOS", "Operation Managers") from "CYOS Operation Managers"; longest match.

        The person part keeps its own spacing and lines, so an export gives back the cell.
        """
        clean = text.strip()
        for org in sorted(self.lead_organisations, key=len, reverse=True):
            head, rest = clean[: len(org)], clean[len(org) :]
            if head.lower() == org.lower() and (not rest or rest[0].isspace()):
                return head, rest.strip()
        return "", clean


class PlanRulesError(ValueError):
    pass


def parse_rules(text: str, source: str = "rules.yaml") -> PlanRules:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PlanRulesError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PlanRulesError(f"{source}: expected a mapping of settings")
    try:
        return PlanRules.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(top)"
            lines.append(f"{source}: {where}: {err['msg']}")
        raise PlanRulesError("\n".join(lines)) from exc


@lru_cache(maxsize=4)
def _load(path: str) -> PlanRules:
    p = Path(path)
    return parse_rules(p.read_text(encoding="utf-8"), source=p.name)


def plan_rules() -> PlanRules:
    return _load(str(settings.YJAUDIT_PLAN_RULES))
