"""Filters that turn codes and fixed engine phrases into words for a page."""

from __future__ import annotations

from django import template

from yjaudit.web.reasons import why_not_rated as _why

register = template.Library()


@register.filter
def why_not_rated(reason: str | None) -> str:
    return _why(reason)
