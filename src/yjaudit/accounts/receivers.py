"""What accounts does when another app's signal says so (connected in `apps.ready`)."""

from __future__ import annotations

from typing import Any

from .models import TokenRevocation
from .services import api_tokens_revoke_all


def revoke_tokens_on_role_change(sender: Any, *, actor: Any, user: Any, **kwargs: Any) -> None:
    api_tokens_revoke_all(actor=actor, user=user, reason=TokenRevocation.ROLE_CHANGE)
