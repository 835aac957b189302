"""Who a service function acts for: the one `Actor` type every service takes.

A signed-in person (`request.user`), an anonymous visitor, or None for the system
(the CLI, a scheduled job). The audit trail stores the person, or no one.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

Actor = AbstractBaseUser | AnonymousUser | None


def user_of(actor: Any) -> Any:
    """The actor as a stored user, or None for the system (CLI) or anonymous."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
