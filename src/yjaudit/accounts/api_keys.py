"""API token secrets: making them, hashing them, and the lifetimes settings allow.

A token is `yja_` + 43 random URL-safe characters (256 bits). Only its SHA-256 is stored:
the secret is random, so a plain fast hash is enough (no password-style stretching).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.utils.crypto import salted_hmac

KEY_PREFIX = "yja_"
SHOWN_CHARS = 12  # how much of the secret the tokens page shows ("yja_" + 8)


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def password_fingerprint(user: Any) -> str:
    """Changes whenever the user's password changes (like Django's session auth hash)."""
    return salted_hmac("yjaudit.accounts.api_token", user.password, algorithm="sha256").hexdigest()


def default_days() -> int:
    return int(settings.YJAUDIT_API_TOKEN_DAYS)


def max_days() -> int:
    return int(settings.YJAUDIT_API_TOKEN_MAX_DAYS)


def touch_interval() -> dt.timedelta:
    """Last-used time is written at most this often, so API reads stay cheap."""
    return dt.timedelta(seconds=int(settings.YJAUDIT_API_TOKEN_TOUCH_SECONDS))
