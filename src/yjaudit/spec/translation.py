"""A framework's words in another language, kept in a file of their own.

A translation file names the framework and gives, by id, the wording people read: the
framework's name and description, each domain's and standard's name and description,
each key question's and prompt's text and guidance, section and headline names, answer
type labels and answer labels. Nothing else: ids, answer codes, points, bands and rules
stay the framework's, so a translated framework scores exactly as the original. Rating
band labels are not translated here, because judgements and overrides store them and the
engine finds a band by its label.

Words missing from a translation stay in the framework's own language; an id the
framework does not have is an error (file, line and field) when the file is checked
against the framework it was written for.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import Field

from .loader import (
    BUNDLED_DIR,
    Loc,
    parse_framework_text,
    parse_yaml_model,
)
from .model import Framework, Identifier
from .wording import Language, Review, WordingModel, Words, check_language, refuse, wording_file


class NameText(WordingModel):
    name: Words


class NamedText(WordingModel):
    name: Words
    description: Words | None = None


class QuestionText(WordingModel):
    text: Words
    guidance: Words | None = None


class AnswerTypeText(WordingModel):
    label: Words | None = None
    # Answer code -> label.
    values: dict[str, Words] = Field(default_factory=dict)


class Translation(WordingModel):
    framework: Identifier
    language: Language
    review: Review
    name: Words
    description: Words | None = None
    answer_types: dict[str, AnswerTypeText] = Field(default_factory=dict)
    domains: dict[str, NamedText] = Field(default_factory=dict)
    standards: dict[str, NamedText] = Field(default_factory=dict)
    # Key questions and prompts, by id (ids are unique across a framework).
    questions: dict[str, QuestionText] = Field(default_factory=dict)
    sections: dict[str, NameText] = Field(default_factory=dict)
    headlines: dict[str, NameText] = Field(default_factory=dict)


def parse_translation_text(
    text: str, filename: str, framework: Framework | None = None
) -> Translation:
    """Parse a translation file; with `framework`, also refuse ids and words it lacks."""
    found = parse_yaml_model(text, filename, Translation, what="a translation file")
    if framework is not None:
        refuse(filename, text, mismatches(found, framework))
    return found


# -- what a framework holds in words ---------------------------------------------------


def _words(framework: Framework) -> Iterator[tuple[Loc, str]]:
    """Every piece of wording a translation can give, at its place in a translation
    file, with the framework's own words."""
    yield ("name",), framework.name
    if framework.description:
        yield ("description",), framework.description
    for atype in framework.answer_types:
        yield ("answer_types", atype.id, "label"), atype.label
        for value in atype.values:
            yield ("answer_types", atype.id, "values", value.value), value.label
    for domain in framework.domains:
        yield ("domains", domain.id, "name"), domain.name
        if domain.description:
            yield ("domains", domain.id, "description"), domain.description
        for standard in domain.standards:
            yield ("standards", standard.id, "name"), standard.name
            if standard.description:
                yield ("standards", standard.id, "description"), standard.description
            for kq in standard.key_questions:
                yield ("questions", kq.id, "text"), kq.text
                if kq.guidance:
                    yield ("questions", kq.id, "guidance"), kq.guidance
                for prompt in kq.prompts:
                    yield ("questions", prompt.id, "text"), prompt.text
                    if prompt.guidance:
                        yield ("questions", prompt.id, "guidance"), prompt.guidance
    for section in framework.sections:
        yield ("sections", section.id, "name"), section.name
    for headline in framework.headlines:
        yield ("headlines", headline.id, "name"), headline.name


def _given(translation: Translation) -> dict[Loc, str]:
    data = translation.model_dump(exclude_none=True)
    out: dict[Loc, str] = {("name",): data["name"]}
    if "description" in data:
        out[("description",)] = data["description"]
    for group in ("domains", "standards", "questions", "sections", "headlines"):
        for ident, fields in data[group].items():
            for field, words in fields.items():
                out[(group, ident, field)] = words
    for ident, atype in data["answer_types"].items():
        if "label" in atype:
            out[("answer_types", ident, "label")] = atype["label"]
        for code, words in atype["values"].items():
            out[("answer_types", ident, "values", code)] = words
    return out


def mismatches(translation: Translation, framework: Framework) -> list[tuple[Loc, str]]:
    """Where a translation does not fit the framework: another framework's id, or words
    for something the framework does not have (or has no words for)."""
    if translation.framework != framework.id:
        return [
            (("framework",), f"is {translation.framework!r}; the framework is {framework.id!r}")
        ]
    known = {loc for loc, _ in _words(framework)}
    return [
        (loc, "the framework has nothing here to translate (check the id)")
        for loc in _given(translation)
        if loc not in known
    ]


def untranslated(translation: Translation | None, framework: Framework) -> list[tuple[Loc, str]]:
    """The framework's words a translation leaves out, with the words themselves."""
    given = _given(translation) if translation is not None else {}
    return [(loc, words) for loc, words in _words(framework) if loc not in given]


def words_of(translation: Translation) -> dict[Loc, str]:
    """Every translated piece of wording by its place (for checks and tools)."""
    return _given(translation)


# -- putting the words in --------------------------------------------------------------


def reworder(translation: Translation) -> Any:
    """A function that puts the translation's words into a framework's parsed YAML data
    (for `parse_framework_text(reword=...)`). Ids the data lacks are skipped: a
    translation written for one edition can serve a later one with the same ids."""
    given = _given(translation)

    def put(target: dict[str, Any], field: str, loc: Loc) -> None:
        words = given.get(loc)
        if words is not None and isinstance(target, dict):
            target[field] = words

    def reword(data: dict[str, Any]) -> None:
        # Anchors can share one mapping between places; a copy keeps each place its own.
        fresh = copy.deepcopy(data)
        data.clear()
        data.update(fresh)
        # The words are now the translation's: pages mark them with its language.
        data["language"] = translation.language
        put(data, "name", ("name",))
        put(data, "description", ("description",))
        for atype in _items(data.get("answer_types")):
            ident = str(atype.get("id"))
            put(atype, "label", ("answer_types", ident, "label"))
            for value in _items(atype.get("values")):
                put(value, "label", ("answer_types", ident, "values", str(value.get("value"))))
        for domain in _items(data.get("domains")):
            for field in ("name", "description"):
                put(domain, field, ("domains", str(domain.get("id")), field))
            for standard in _items(domain.get("standards")):
                for field in ("name", "description"):
                    put(standard, field, ("standards", str(standard.get("id")), field))
                for kq in _items(standard.get("key_questions")):
                    for field in ("text", "guidance"):
                        put(kq, field, ("questions", str(kq.get("id")), field))
                    for prompt in _items(kq.get("prompts")):
                        for field in ("text", "guidance"):
                            put(prompt, field, ("questions", str(prompt.get("id")), field))
        for group in ("sections", "headlines"):
            for item in _items(data.get(group)):
                put(item, "name", (group, str(item.get("id")), "name"))

    return reword


def _items(value: object) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


# -- a file to start from -------------------------------------------------------------


def skeleton(framework: Framework, language: str, known: Mapping[str, str] | None = None) -> str:
    """A translation file holding the framework's own words, to be replaced in place:
    one double-quoted line per piece of wording (JSON escapes are YAML's too). `known`
    gives words already translated (English -> translation), e.g. from an edition with
    the same wording."""
    out = [
        f"# {framework.name} ({framework.id}): its words in language {language!r}.",
        '# Format: docs/frameworks.md, "Translations". Machine-assisted wording is marked',
        "# `review: machine-assisted` until a speaker of the language has checked it.",
        f"framework: {json.dumps(framework.id)}",
        f"language: {json.dumps(language)}",
        "review: machine-assisted",
    ]
    tree: dict[str, Any] = {}
    for loc, words in _words(framework):
        node = tree
        for step in loc[:-1]:
            node = node.setdefault(str(step), {})
        node[str(loc[-1])] = (known or {}).get(words, words)

    def emit(node: dict[str, Any], depth: int) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                out.append(f"{'  ' * depth}{json.dumps(key)}:")
                emit(value, depth + 1)
            else:
                out.append(
                    f"{'  ' * depth}{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                )

    emit(tree, 0)
    return "\n".join(out) + "\n"


# -- the bundled translations ----------------------------------------------------------


def bundled_translation(
    framework_id: str, language: str, root: Path = BUNDLED_DIR
) -> Translation | None:
    """The translation shipped beside the bundled frameworks (`<root>/<language>/<id>.yaml`),
    or None when there is none."""
    found = wording_file(root / f"{framework_id}.yaml", language)
    if found is None:
        return None
    path, text = found
    words = parse_translation_text(text, str(path))
    check_language(path, text, words.language, language)
    return words


def in_language(source: str, filename: str, framework: Framework, language: str) -> Framework:
    """The framework read in `language` from its bundled translation (the framework as
    given when that is its own language or there is no translation)."""
    if language == framework.language:
        return framework
    words = bundled_translation(framework.id, language)
    if words is None:
        return framework
    return parse_framework_text(source, filename, reword=reworder(words))
