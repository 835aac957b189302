"""Load and validate indicator set files, naming the file, line and field of every error.

The YAML rules are the framework files' (YAML 1.2 booleans, duplicate keys refused,
bounded expansion): the same reader, `yjaudit.spec.loader.parse_yaml_model`.

`language` asks for the set's words in that language: a wording file beside the set's
file (`definitions/cy/<name>.yaml`, see `wording`) gives them; English otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from yjaudit.spec.loader import parse_yaml_model, read_text
from yjaudit.spec.wording import SOURCE_LANGUAGE

from .model import IndicatorSet
from .wording import in_language

BUNDLED_DIR = Path(__file__).resolve().parent / "definitions"


def parse_indicator_set_text(text: str, filename: str = "<text>") -> IndicatorSet:
    """Parse and validate; raise `yjaudit.spec.FrameworkFileError` naming line and field."""
    return parse_yaml_model(text, filename, IndicatorSet, what="an indicator set file")


def load_indicator_set(path: str | Path, language: str = SOURCE_LANGUAGE) -> IndicatorSet:
    found = parse_indicator_set_text(read_text(path), str(path))
    return in_language(found, path, language)


def bundled_indicator_sets(language: str = SOURCE_LANGUAGE) -> Iterator[IndicatorSet]:
    for path in sorted(BUNDLED_DIR.glob("*.yaml")):
        yield load_indicator_set(path, language)


def find_indicator_set(id_or_path: str, language: str = SOURCE_LANGUAGE) -> IndicatorSet:
    for candidate in sorted(BUNDLED_DIR.glob("*.yaml")):
        if candidate.stem == id_or_path:
            return load_indicator_set(candidate, language)
    return load_indicator_set(id_or_path, language)
