"""Load and validate questionnaire files, naming file, line and field of every error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from yjaudit.spec.loader import parse_yaml_model, read_text

from .model import Questionnaire

BUNDLED_DIR = Path(__file__).resolve().parent / "definitions"


def parse_questionnaire_text(text: str, filename: str = "<text>") -> Questionnaire:
    return parse_yaml_model(text, filename, Questionnaire, what="a questionnaire file")


def load_questionnaire(path: str | Path) -> Questionnaire:
    return parse_questionnaire_text(read_text(path), str(path))


def bundled_questionnaires() -> Iterator[Questionnaire]:
    for path in sorted(BUNDLED_DIR.glob("*.yaml")):
        yield load_questionnaire(path)


def find_questionnaire(id_or_path: str) -> Questionnaire:
    for candidate in sorted(BUNDLED_DIR.glob("*.yaml")):
        if candidate.stem == id_or_path:
            return load_questionnaire(candidate)
    return load_questionnaire(id_or_path)
