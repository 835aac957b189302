"""What every wording file shares: a rule file's words in another language, kept in a
file of their own beside it (`<folder>/<language>/<file name>`), holding only words.

Frameworks (spec.translation), indicator sets and compliance rules each say which of
their words a wording file may give; this module holds what they do alike: the folder,
the limits on words, and refusing a file with its file, line and field.

Pure Python: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from .loader import FrameworkFileError, Loc, SpecProblem, read_text, yaml_lines

# The language the bundled rule files are written in; it needs no wording file.
SOURCE_LANGUAGE = "en"
LANGUAGE = re.compile(r"^[a-z]{2}$")

Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Words = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Language = Annotated[str, StringConstraints(pattern=LANGUAGE.pattern)]
# Who has checked the words: machine-assisted wording waits for a speaker's review.
Review = Literal["machine-assisted", "reviewed"]


class WordingModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def wording_path(rule_path: str | Path, language: str) -> Path | None:
    """Where a rule file's words in `language` would be (None for the source language
    or a code that is not two lower-case letters, so no path is built from odd input)."""
    if language == SOURCE_LANGUAGE or not LANGUAGE.match(language):
        return None
    path = Path(rule_path)
    return path.parent / language / path.name


def wording_file(rule_path: str | Path, language: str) -> tuple[Path, str] | None:
    """The wording file for a rule file in `language` and its text, if there is one."""
    path = wording_path(rule_path, language)
    if path is None or not path.is_file():
        return None
    return path, read_text(path)


def line_of(loc: Loc, lines: dict[Loc, int]) -> int | None:
    """The line of a place in a YAML file, or of the nearest place above it."""
    path = tuple(loc)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def refuse(filename: str, text: str, problems: Sequence[tuple[Loc, str]]) -> None:
    """Raise FrameworkFileError naming each problem's file, line and field (no problems:
    return)."""
    if not problems:
        return
    lines = yaml_lines(text)
    raise FrameworkFileError(
        [
            SpecProblem(filename, line_of(loc, lines), ".".join(str(s) for s in loc), message)
            for loc, message in problems
        ]
    )


def check_language(path: Path, text: str, given: str, language: str) -> None:
    """Refuse a wording file whose `language` is not the folder it sits in."""
    if given != language:
        message = f"is {given!r}, but the file is in the {language!r} folder"
        refuse(str(path), text, [(("language",), message)])
