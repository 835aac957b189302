"""Visibility predicates for the service navigation (site/navigation.py ITEMS).

They only decide what to show; the pages themselves check permissions again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from yjaudit.organisations import permissions


def may(action: str) -> Callable[[HttpRequest | None], bool]:
    """Show the item to users who may do `action` in at least one service."""

    def visible(request: HttpRequest | None) -> bool:
        return request is not None and permissions.can(request.user, action)

    return visible


def signed_out(request: HttpRequest | None) -> bool:
    return request is None or not request.user.is_authenticated
