"""The register's code lists (disposal types, levels, sex, ethnicity), read from data.

``data/codes.yaml`` is validated on load; nothing here names a particular code, so a
deployment can extend the lists without touching code.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

CODES_FILE = Path(__file__).resolve().parent / "data" / "codes.yaml"


def normalise(text: str) -> str:
    """Compare spellings ignoring case, spaces, hyphens, underscores and full stops."""
    return re.sub(r"[\s\-_.]+", "", text.strip().lower())


class Code(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    label: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    # Disposal types only.
    category: str | None = None
    setting: str | None = None


class CodeList(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    codes: tuple[Code, ...]

    @model_validator(mode="after")
    def _unique(self) -> CodeList:
        seen: dict[str, str] = {}
        for c in self.codes:
            for spelling in (c.code, c.label, *c.aliases):
                key = normalise(spelling)
                if seen.get(key, c.code) != c.code:
                    raise ValueError(
                        f"{self.name}: {spelling!r} means both {seen[key]!r} and {c.code!r}"
                    )
                seen[key] = c.code
        return self

    @property
    def choices(self) -> list[tuple[str, str | Promise]]:
        """(code, label) pairs whose labels are read in the reader's language (the Welsh
        of each label is in the cases catalogue; a label it lacks reads as written)."""
        return [(c.code, gettext_lazy(c.label)) for c in self.codes]

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.codes)

    def get(self, code: str) -> Code | None:
        return next((c for c in self.codes if c.code == code), None)

    def label(self, code: str) -> str:
        """The label as written in the code list (files and exports read it back)."""
        found = self.get(code)
        return found.label if found else code

    def words(self, code: str) -> str:
        """The label in the reader's language, for pages and reports."""
        found = self.get(code)
        return gettext(found.label) if found else code

    def resolve(self, raw: str) -> str | None:
        """The code a spelling means, or None. Keywords are tried after exact spellings."""
        key = normalise(raw)
        if not key:
            return None
        for c in self.codes:
            if key in {normalise(s) for s in (c.code, c.label, *c.aliases)}:
                return c.code
        # A label as a page in another language words it ("Gwryw" for "Male").
        for language in _other_languages():
            found = _translated(self, language).get(key)
            if found:
                return found
        words = " " + re.sub(r"[^a-z]+", " ", raw.lower()) + " "
        for c in self.codes:
            if any(f" {kw} " in words for kw in c.keywords):
                return c.code
        return None


def _other_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@cache
def _translated(code_list: CodeList, language: str) -> dict[str, str]:
    """{label as `language` words it, normalised: code}, for labels it words otherwise;
    a translation that is another code's English spelling is left out."""
    english = {normalise(s) for c in code_list.codes for s in (c.code, c.label, *c.aliases)}
    out: dict[str, str] = {}
    with translation.override(language):
        for c in code_list.codes:
            key = normalise(gettext(c.label))
            if key and key not in english:
                out.setdefault(key, c.code)
    return out


class Codes(BaseModel):
    model_config = ConfigDict(frozen=True)

    disposal_types: CodeList
    disposal_categories: CodeList
    settings: CodeList
    levels: CodeList
    sexes: CodeList
    ethnicities: CodeList

    @model_validator(mode="after")
    def _disposals(self) -> Codes:
        for d in self.disposal_types.codes:
            if self.disposal_categories.get(d.category or "") is None:
                raise ValueError(f"disposal type {d.code}: unknown category {d.category!r}")
            if self.settings.get(d.setting or "") is None:
                raise ValueError(f"disposal type {d.code}: unknown setting {d.setting!r}")
        return self


class CodesFileError(Exception):
    pass


def parse_codes(text: str, name: str = "codes.yaml") -> Codes:
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise CodesFileError(f"{name}: expected a mapping of code lists")
    try:
        return Codes.model_validate(
            {key: {"name": key, "codes": value} for key, value in data.items()}
        )
    except ValidationError as exc:
        raise CodesFileError(f"{name}: {exc}") from None


@cache
def codes() -> Codes:
    return parse_codes(CODES_FILE.read_text(encoding="utf-8"), CODES_FILE.name)
