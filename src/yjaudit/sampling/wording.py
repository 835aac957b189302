"""A sample-size rule's words in another language, kept in a file of their own.

A wording file sits beside the rule's file, in a folder named for the language
(`rules/cy/sqs.yaml` for `rules/sqs.yaml`). It names the rule and gives only what people
read: the rule's `name` and, where the rule has them, its `notes`. Ids, kinds, sizes,
bands, subjects and sources stay the rule's, so a rule read in Welsh sizes and draws a
sample exactly as the English one.

Words a wording file leaves out stay in the rule's own language (English); a rule id
that is not the file's, or words for something the rule has no words for, is an error
naming the file, line and field.

Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from yjaudit.spec.loader import FrameworkFileError, Loc, SpecProblem, parse_yaml_model
from yjaudit.spec.wording import (
    Language,
    Review,
    Title,
    WordingModel,
    Words,
    check_language,
    refuse,
    wording_file,
    wording_path,
)

from .rules import RuleId, SampleRule

# The words a rule has for people, in the order a wording file gives them.
FIELDS = ("name", "notes")


class SampleRuleWording(WordingModel):
    sample_rule: RuleId
    language: Language
    review: Review
    # A radio button's label and a summary row's value: no longer than other titles.
    name: Title | None = None
    notes: Words | None = None


def words(rule: SampleRule) -> dict[Loc, str]:
    """Every piece of the rule's wording, by its place in a wording file."""
    return {(f,): getattr(rule, f) for f in FIELDS if getattr(rule, f)}


def given(wording: SampleRuleWording) -> dict[Loc, str]:
    """Every piece of wording a file gives, by its place."""
    return {(f,): getattr(wording, f) for f in FIELDS if getattr(wording, f) is not None}


def mismatches(wording: SampleRuleWording, rule: SampleRule) -> list[tuple[Loc, str]]:
    if wording.sample_rule != rule.id:
        return [(("sample_rule",), f"is {wording.sample_rule!r}; the rule is {rule.id!r}")]
    known = words(rule)
    missing = "the rule has no words here to translate"
    return [(loc, missing) for loc in given(wording) if loc not in known]


def parse_wording_text(
    text: str, filename: str, rule: SampleRule | None = None
) -> SampleRuleWording:
    """Parse a wording file; with `rule`, also refuse another rule's id and words the
    rule does not have (FrameworkFileError naming file, line and field)."""
    found = parse_yaml_model(text, filename, SampleRuleWording, what="a wording file")
    if rule is not None:
        refuse(filename, text, mismatches(found, rule))
    return found


def untranslated(wording: SampleRuleWording | None, rule: SampleRule) -> list[tuple[Loc, str]]:
    """The rule's words a wording file leaves out, with the words themselves."""
    have = given(wording) if wording is not None else {}
    return [(loc, text) for loc, text in words(rule).items() if loc not in have]


def reworded(rule: SampleRule, wording: SampleRuleWording) -> SampleRule:
    """The rule with the wording file's words in place of its own; nothing else changes."""
    update: dict[str, Any] = {str(loc[0]): text for loc, text in given(wording).items()}
    return rule.model_copy(update=update) if update else rule


def in_language(rule: SampleRule, rule_path: str | Path, language: str) -> SampleRule:
    """The rule in `language` when a wording file for it sits beside `rule_path`; as it
    is otherwise (a missing file or entry falls back to the rule's own words)."""
    found = wording_file(rule_path, language)
    if found is None:
        return rule
    path, text = found
    wording = parse_wording_text(text, str(path), rule)
    check_language(path, text, wording.language, language)
    return reworded(rule, wording)


def rules_in_language(
    rules: Mapping[str, SampleRule], paths: Mapping[str, Path], directory: Path, language: str
) -> dict[str, SampleRule]:
    """Each rule (by id, read from `paths[id]`) in `language`. Every wording file's
    problems are gathered into one FrameworkFileError, with a wording file in the
    language's folder that translates no rule file (its words would reach no one)."""
    problems: list[SpecProblem] = []
    out: dict[str, SampleRule] = {}
    for ident, rule in rules.items():
        try:
            out[ident] = in_language(rule, paths[ident], language)
        except FrameworkFileError as exc:
            problems.extend(exc.problems)
    # The language's folder, where wording_path would look (None for an odd code).
    any_wording = wording_path(directory / "any.yaml", language)
    if any_wording is not None:
        names = {p.name for p in paths.values()}
        for orphan in sorted(any_wording.parent.glob("*.yaml")):
            if orphan.name not in names:
                message = f"there is no rule file {orphan.name!r} in {directory.name}/ to translate"
                problems.append(SpecProblem(str(orphan), None, "", message))
    if problems:
        raise FrameworkFileError(problems)
    return out
