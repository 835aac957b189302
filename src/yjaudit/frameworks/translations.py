"""Bundled translations of framework wording (`library/<language>/<framework id>.yaml`).

A translation is keyed by framework id, not edition: its ids are checked against the
bundled edition by the tests, and a later edition with the same ids reads the same words
(words it has that the translation lacks stay in the framework's own language).
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.utils import translation as django_translation

from yjaudit.spec.loader import BUNDLED_DIR
from yjaudit.spec.translation import Translation, bundled_translation

_LOCK = threading.Lock()
_FOUND: dict[tuple[str, str], Translation | None] = {}


def translation_path(framework_id: str, language: str, root: Path = BUNDLED_DIR) -> Path:
    return root / language / f"{framework_id}.yaml"


def reading_language(language: str | None = None) -> str:
    """The two-letter language a reader reads in: the one given, else the active one."""
    chosen = language or django_translation.get_language() or "en"
    return chosen.split("-")[0].lower()[:2]


def translation_for(framework_id: str, language: str) -> Translation | None:
    """The bundled translation of a framework into a language, if there is one (read
    once per process; a broken bundled file raises FrameworkFileError, which the tests
    and `make run`'s framework load catch before anyone reads it)."""
    key = (framework_id, language)
    if key in _FOUND:
        return _FOUND[key]
    found = bundled_translation(framework_id, language)
    with _LOCK:
        _FOUND[key] = found
    return found


def framework_title(framework_id: str, name: str, language: str | None = None) -> str:
    """A framework's name in the reader's language, from its id and its own name (for
    lists that read names without loading editions)."""
    words = translation_for(framework_id, reading_language(language))
    return words.name if words is not None else name
