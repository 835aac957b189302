"""Filters that turn codes and fixed engine phrases into words for a page."""

from __future__ import annotations

from django import template

from yjaudit.web.archiving import person as _person
from yjaudit.web.ratings import rating_words as _rating_words
from yjaudit.web.reasons import why_not_rated as _why

register = template.Library()


@register.filter
def why_not_rated(reason: str | None) -> str:
    return _why(reason)


@register.filter
def rating_words(label: str | None) -> str:
    """A band label in the page's language ("" for none, so `|default:` still works)."""
    return _rating_words(label)


@register.filter
def person(user: object) -> str:
    """A person by name, never by e-mail address ("" for nobody)."""
    return _person(user)
