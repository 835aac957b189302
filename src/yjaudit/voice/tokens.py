"""One-use link tokens: random, unguessable, stored only as their SHA-256."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 24  # 192 random bits, 32 URL-safe characters
TOKEN_MAX_CHARS = 64  # longer input is refused before hashing


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
