"""The one accessor for `settings.YJAUDIT_LIMITS` (bounded work per request).

    from yjaudit.config.limits import limit
    if len(note) > limit("note_chars"): ...

An unknown name is a programming error (KeyError), never a silent "no limit".
"""

from __future__ import annotations

from django.conf import settings


def limit(name: str) -> int:
    return int(settings.YJAUDIT_LIMITS[name])
