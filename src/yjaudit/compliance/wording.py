"""Compliance rules' and risk forums' words in another language, in files of their own.

A wording file sits beside the file it translates, in a folder named for the language
(`rules/cy/national-standards-local-2019.yaml`, `rules/forums/cy/risk-forums.yaml`). It
names the rule set (or forum policy) and gives, by id, only what people read: the
set's name and notes, each rule's title and description; the policy's name, each
forum's name and description. Ids, events, timescales, thresholds and sources stay the
rule file's, so a translated rule set measures exactly as the original.

Words a wording file leaves out stay in the rule file's own language (English); an id
the rule file does not have, or words for something it has no words for, is an error
naming the file, line and field.

Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field

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

from .forums import ForumPolicy
from .model import Identifier, RuleSet


class RuleText(WordingModel):
    title: Title | None = None
    description: Words | None = None


class RuleSetWording(WordingModel):
    rule_set: Identifier
    language: Language
    review: Review
    name: Title | None = None
    notes: Words | None = None
    rules: dict[str, RuleText] = Field(default_factory=dict)


class ForumText(WordingModel):
    name: Title | None = None
    description: Words | None = None


class ForumPolicyWording(WordingModel):
    forum_policy: Identifier
    language: Language
    review: Review
    name: Title | None = None
    forums: dict[str, ForumText] = Field(default_factory=dict)


Wording = RuleSetWording | ForumPolicyWording
Translated = TypeVar("Translated", RuleSet, ForumPolicy)

# What each kind of rule file holds in words: (the wording file's key naming the file,
# its top-level words, the group of items, the item's name, the item's words).
_SHAPES: dict[type[BaseModel], tuple[str, tuple[str, ...], str, str, tuple[str, ...]]] = {
    RuleSet: ("rule_set", ("name", "notes"), "rules", "rule", ("title", "description")),
    ForumPolicy: ("forum_policy", ("name",), "forums", "forum", ("name", "description")),
}
_WORDING: dict[type[BaseModel], type[BaseModel]] = {
    RuleSet: RuleSetWording,
    ForumPolicy: ForumPolicyWording,
}


def words(rules: RuleSet | ForumPolicy) -> dict[Loc, str]:
    """Every piece of a rule file's wording, by its place in a wording file."""
    _key, top, group, _item, fields = _SHAPES[type(rules)]
    out: dict[Loc, str] = {(f,): getattr(rules, f) for f in top if getattr(rules, f)}
    for item in getattr(rules, group):
        for f in fields:
            if getattr(item, f):
                out[(group, item.id, f)] = getattr(item, f)
    return out


def given(wording: Wording) -> dict[Loc, str]:
    """Every piece of wording a file gives, by its place."""
    data = wording.model_dump(exclude_none=True)
    out: dict[Loc, str] = {}
    for key, value in data.items():
        if key in ("rule_set", "forum_policy", "language", "review"):
            continue
        if isinstance(value, Mapping):
            for ident, texts in value.items():
                for f, text in texts.items():
                    out[(key, ident, f)] = text
        else:
            out[(key,)] = value
    return out


def mismatches(wording: Wording, rules: RuleSet | ForumPolicy) -> list[tuple[Loc, str]]:
    key, _top, group, item, _fields = _SHAPES[type(rules)]
    named = getattr(wording, key, None)
    if named != rules.id:
        return [((key,), f"is {named!r}; the file it translates is {rules.id!r}")]
    known = words(rules)
    ids = {i.id for i in getattr(rules, group)}
    problems: list[tuple[Loc, str]] = []
    for loc in given(wording):
        if loc in known:
            continue
        if len(loc) == 3 and loc[1] not in ids:
            problems.append((loc[:2], f"there is no {item} {loc[1]!r} to translate"))
        else:
            problems.append((loc, "there are no words here to translate"))
    return problems


def untranslated(wording: Wording | None, rules: RuleSet | ForumPolicy) -> list[tuple[Loc, str]]:
    """A rule file's words a wording file leaves out, with the words themselves."""
    have = given(wording) if wording is not None else {}
    return [(loc, text) for loc, text in words(rules).items() if loc not in have]


def parse_wording_text(text: str, filename: str, rules: RuleSet | ForumPolicy) -> Any:
    """Parse the wording file for `rules`, refusing ids and words it does not have."""
    model = _WORDING[type(rules)]
    found = parse_yaml_model(text, filename, model, what="a wording file")
    assert isinstance(found, RuleSetWording | ForumPolicyWording)
    refuse(filename, text, mismatches(found, rules))
    return found


def reworded(rules: Translated, wording: Wording) -> Translated:
    """The rule file with the wording file's words in place of its own; nothing else
    changes (model_copy keeps ids, events, timescales and thresholds as they are)."""
    _key, top, group, _item, _fields = _SHAPES[type(rules)]
    texts = given(wording)
    update: dict[str, Any] = {f: texts[(f,)] for f in top if (f,) in texts}
    items = []
    for item in getattr(rules, group):
        change = {loc[2]: text for loc, text in texts.items() if loc[:2] == (group, item.id)}
        items.append(item.model_copy(update=change) if change else item)
    update[group] = tuple(items)
    return rules.model_copy(update=update)


def in_language(rules: Translated, rule_path: str | Path, language: str) -> Translated:
    """The rule file in `language` when a wording file for it sits beside `rule_path`;
    as it is otherwise (a missing file or entry falls back to the file's own words)."""
    found = wording_file(rule_path, language)
    if found is None:
        return rules
    path, text = found
    wording = parse_wording_text(text, str(path), rules)
    check_language(path, text, wording.language, language)
    return reworded(rules, wording)
