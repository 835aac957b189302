"""Limits for questionnaire links and answering pages as data (`rules.yaml`).

A deployment may point `settings.YJAUDIT_VOICE_RULES` at its own file. Errors name the
file, line and field (`yjaudit.spec.parse_yaml_model`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, model_validator

from yjaudit.spec.loader import parse_yaml_model, read_text

DEFAULT_PATH = Path(__file__).with_name("rules.yaml")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RateLimit(_Model):
    window_seconds: int = Field(ge=1, le=86_400)
    posts_per_link: int = Field(ge=1, le=100_000)
    posts_per_address: int = Field(ge=1, le=1_000_000)


class VoiceRules(_Model):
    source: str = ""
    inferred: bool = False
    link_days: int = Field(ge=1, le=366)
    max_links_per_batch: int = Field(ge=1, le=5000)
    rate_limit: RateLimit
    max_post_bytes: int = Field(ge=1000, le=1_000_000)
    trend_quarters: int = Field(ge=1, le=20)

    @model_validator(mode="after")
    def _sourced(self) -> VoiceRules:
        if not self.source and not self.inferred:
            raise ValueError("give a source, or say inferred: true")
        return self


def parse_rules(text: str, filename: str = "<text>") -> VoiceRules:
    return parse_yaml_model(text, filename, VoiceRules, what="a voice rules file")


@lru_cache(maxsize=4)
def _load(path: str) -> VoiceRules:
    return parse_rules(read_text(path), path)


def voice_rules() -> VoiceRules:
    return _load(str(settings.YJAUDIT_VOICE_RULES or DEFAULT_PATH))
