"""Whether the service navigation shows "Results across services": to people who may
compare results in more than one service (the page itself checks again)."""

from __future__ import annotations

from django.http import HttpRequest

from yjaudit.organisations import permissions

from .national import ACTION


def visible(request: HttpRequest | None) -> bool:
    if request is None:
        return False
    full, own = permissions.service_ids_for(request.user, ACTION)
    return len(full | own) > 1
