"""What accounts does when another app's signal says so (connected in `apps.ready`)."""

from __future__ import annotations

from typing import Any

from yjaudit.notifications.selectors import chosen_language, page_language

from .models import TokenRevocation
from .services import api_tokens_revoke_all


def revoke_tokens_on_role_change(sender: Any, *, actor: Any, user: Any, **kwargs: Any) -> None:
    api_tokens_revoke_all(actor=actor, user=user, reason=TokenRevocation.ROLE_CHANGE)


# The request attribute that carries a stored language to SignInLanguageMiddleware.
SIGN_IN_LANGUAGE = "yj_sign_in_language"


def remember_language_at_sign_in(sender: Any, *, request: Any, user: Any, **kwargs: Any) -> None:
    """The language a person chose (on any device) comes back when they sign in."""
    chosen = chosen_language(user)
    if chosen and request is not None:
        setattr(request, SIGN_IN_LANGUAGE, page_language(chosen))
