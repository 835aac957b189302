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


def person_label(user: Any) -> str:
    """A person as pages name them when no staff record is at hand: their full name,
    else their login without any e-mail domain; "" for nobody. Never an e-mail address."""
    if user is None:
        return ""
    full = str(user.get_full_name() or "").strip()
    if full:
        return full
    login = str(user.get_username())
    return login.split("@", 1)[0]
