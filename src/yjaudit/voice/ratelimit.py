"""A fixed-window request counter in the cache, for the public answering pages.

Limits come from `rules.yaml` (rate_limit); a key is counted per window, so a burst
beyond the limit is refused until the window ends.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from .rules import voice_rules


def allow(kind: str, key: str) -> bool:
    """Count one request for `key`; False once the window's limit is passed."""
    rules = voice_rules().rate_limit
    limit = rules.posts_per_link if kind == "link" else rules.posts_per_address
    window = int(time.time()) // rules.window_seconds
    name = f"yjaudit-voice-rate:{kind}:{key}:{window}"
    cache.add(name, 0, timeout=rules.window_seconds)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=rules.window_seconds)
        count = 1
    return count <= limit
