"""`{{ thing|archived_by_name }}`: who archived it, as a name (never an e-mail address)."""

from __future__ import annotations

from typing import Any

from django import template

from yjaudit.web.archiving import person

register = template.Library()


@register.filter
def archived_by_name(target: Any) -> str:
    return person(getattr(target, "archived_by", None))
