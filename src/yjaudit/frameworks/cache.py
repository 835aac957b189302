"""Parsed frameworks by content hash: a file's text never changes for a given sha256."""

from __future__ import annotations

import threading

from yjaudit.spec import Framework, parse_framework_text

_LOCK = threading.Lock()
_CACHE: dict[str, Framework] = {}
_MAX = 64


def parse_cached(sha256: str, source: str, filename: str) -> Framework:
    found = _CACHE.get(sha256)
    if found is not None:
        return found
    framework = parse_framework_text(source, filename)
    with _LOCK:
        if len(_CACHE) >= _MAX:
            _CACHE.clear()
        _CACHE[sha256] = framework
    return framework
