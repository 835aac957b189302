"""Parsed frameworks by content hash and reading language: a file's text never changes
for a given sha256, and its words in a language come from one bundled translation."""

from __future__ import annotations

import threading

from yjaudit.spec import Framework, parse_framework_text
from yjaudit.spec.translation import reworder

from .translations import translation_for

_LOCK = threading.Lock()
_CACHE: dict[tuple[str, str], Framework] = {}
_MAX = 64


def parse_cached(sha256: str, source: str, filename: str, language: str = "") -> Framework:
    """The framework parsed once per process per content and language. `language` empty,
    or the framework's own language, or one without a translation: the file's own words."""
    key = (sha256, language)
    found = _CACHE.get(key)
    if found is not None:
        return found
    framework = _CACHE.get((sha256, "")) or parse_framework_text(source, filename)
    if language and language != framework.language:
        words = translation_for(framework.id, language)
        if words is not None:
            framework = parse_framework_text(source, filename, reword=reworder(words))
    with _LOCK:
        if len(_CACHE) >= _MAX:
            _CACHE.clear()
        _CACHE[key] = framework
    return framework
