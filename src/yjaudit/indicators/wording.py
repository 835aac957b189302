"""An indicator set's words in another language, kept in a file of their own.

A wording file sits beside the set's file, in a folder named for the language
(`definitions/cy/yjb-kpi-2023.yaml` for `definitions/yjb-kpi-2023.yaml`). It names the
set and gives, by indicator id, only what people read: the set's name and notes, each
indicator's title and description. Ids, records, conditions, periods, suppression and
sources stay the set's, so a translated set computes exactly as the original.

Words a wording file leaves out stay in the set's own language (English); an id the set
does not have, or words for something the set has no words for, is an error naming the
file, line and field.

Pure Python: no Django.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field

from yjaudit.spec.loader import Loc, parse_yaml_model
from yjaudit.spec.wording import (
    Language,
    Review,
    Title,
    WordingModel,
    Words,
    check_language,
    refuse,
    wording_file,
)

from .model import Identifier, IndicatorSet


class IndicatorText(WordingModel):
    # As long as the set's own titles may be (tables and headings have room for no more).
    title: Title | None = None
    description: Words | None = None


class IndicatorSetWording(WordingModel):
    indicator_set: Identifier
    language: Language
    review: Review
    name: Title | None = None
    notes: Words | None = None
    indicators: dict[str, IndicatorText] = Field(default_factory=dict)


def parse_wording_text(
    text: str, filename: str, indicator_set: IndicatorSet | None = None
) -> IndicatorSetWording:
    """Parse a wording file; with `indicator_set`, also refuse ids and words it lacks."""
    found = parse_yaml_model(text, filename, IndicatorSetWording, what="a wording file")
    if indicator_set is not None:
        refuse(filename, text, mismatches(found, indicator_set))
    return found


def words(indicator_set: IndicatorSet) -> dict[Loc, str]:
    """Every piece of the set's wording, by its place in a wording file."""
    out: dict[Loc, str] = {("name",): indicator_set.name}
    if indicator_set.notes:
        out[("notes",)] = indicator_set.notes
    for ind in indicator_set.indicators:
        out[("indicators", ind.id, "title")] = ind.title
        if ind.description:
            out[("indicators", ind.id, "description")] = ind.description
    return out


def given(wording: IndicatorSetWording) -> dict[Loc, str]:
    """Every piece of wording a file gives, by its place."""
    out: dict[Loc, str] = {}
    for field in ("name", "notes"):
        value = getattr(wording, field)
        if value is not None:
            out[(field,)] = value
    for ident, text in wording.indicators.items():
        for field, value in text.model_dump(exclude_none=True).items():
            out[("indicators", ident, field)] = value
    return out


def mismatches(wording: IndicatorSetWording, indicator_set: IndicatorSet) -> list[tuple[Loc, str]]:
    if wording.indicator_set != indicator_set.id:
        return [
            (
                ("indicator_set",),
                f"is {wording.indicator_set!r}; the indicator set is {indicator_set.id!r}",
            )
        ]
    known = words(indicator_set)
    problems: list[tuple[Loc, str]] = []
    for loc in given(wording):
        if loc in known:
            continue
        if loc[0] == "indicators" and ("indicators", loc[1], "title") not in known:
            problems.append((loc[:2], f"the indicator set has no indicator {loc[1]!r}"))
        else:
            problems.append((loc, "the indicator set has no words here to translate"))
    return problems


def untranslated(
    wording: IndicatorSetWording | None, indicator_set: IndicatorSet
) -> list[tuple[Loc, str]]:
    """The set's words a wording file leaves out, with the words themselves."""
    have = given(wording) if wording is not None else {}
    return [(loc, text) for loc, text in words(indicator_set).items() if loc not in have]


def reworded(indicator_set: IndicatorSet, wording: IndicatorSetWording) -> IndicatorSet:
    """The set with the wording file's words in place of its own; nothing else changes."""
    top: dict[str, Any] = {
        f: getattr(wording, f) for f in ("name", "notes") if getattr(wording, f) is not None
    }
    indicators = []
    for ind in indicator_set.indicators:
        text = wording.indicators.get(ind.id)
        change = text.model_dump(exclude_none=True) if text is not None else {}
        indicators.append(ind.model_copy(update=change) if change else ind)
    return indicator_set.model_copy(update={**top, "indicators": tuple(indicators)})


def in_language(indicator_set: IndicatorSet, rule_path: str | Path, language: str) -> IndicatorSet:
    """The set in `language` when a wording file for it sits beside `rule_path`; as it
    is otherwise (a missing file or entry falls back to the set's own words)."""
    found = wording_file(rule_path, language)
    if found is None:
        return indicator_set
    path, text = found
    wording = parse_wording_text(text, str(path), indicator_set)
    check_language(path, text, wording.language, language)
    return reworded(indicator_set, wording)
