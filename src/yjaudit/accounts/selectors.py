"""Account reads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from . import api_keys
from .models import ApiToken


def live_api_tokens(user: Any) -> QuerySet[ApiToken]:
    """The user's tokens that still work (not revoked, not expired, same password)."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.live().filter(
        user=user, password_fingerprint=api_keys.password_fingerprint(user)
    )


def account_exists(email: str) -> bool:
    return get_user_model().objects.filter(username=email.strip().lower()).exists()
