"""Who may read and manage frameworks: the one hook the frameworks app asks.

Decisions themselves live in `yjaudit.organisations.permissions` ("framework.manage").
Frameworks are reference data: for now readable by anyone, signed in or not; to require
sign-in, change `reference_data_view` alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def can_manage_frameworks(user: Any) -> bool:
    """May `user` upload framework files? (Platform operators only, per permissions.)"""
    from yjaudit.organisations.permissions import can

    return bool(user is not None and can(user, "framework.manage"))


def reference_data_view(view: F) -> F:
    """Marks views of reference data (frameworks). Open to anonymous users for now."""
    return view
