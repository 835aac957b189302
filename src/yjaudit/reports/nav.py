"""Whether the service navigation shows "Reports" (the page itself checks again)."""

from __future__ import annotations

from django.http import HttpRequest

from yjaudit.organisations import permissions

from .selectors import MANAGED, OWN


def visible(request: HttpRequest | None) -> bool:
    if request is None:
        return False
    return any(permissions.can(request.user, a) for a in ("report.view", OWN, MANAGED))
