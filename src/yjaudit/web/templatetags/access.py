"""`{% may "round.view" round.service as open_round %}`: offer a link only to who may open it.

The decision stays in the permissions module; templates only ask it, so a page never shows
a link that answers 404 or 403 for its reader.
"""

from __future__ import annotations

from typing import Any

from django import template

from yjaudit.organisations import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: template.Context, action: str, service: Any = None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and permissions.can(user, action, service)
