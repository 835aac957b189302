"""`{% staff_link_notice %}`: tells a practitioner with no linked staff record why their
lists of cases and audits are empty, and whom to ask (any page may show it)."""

from __future__ import annotations

from typing import Any

from django import template

from yjaudit.site import worklist

register = template.Library()


@register.inclusion_tag("site/includes/staff_link_notice.html", takes_context=True)
def staff_link_notice(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    missing = context.get("missing_links")
    if missing is None:
        missing = worklist.missing_links(user) if user is not None else []
    return {"missing_links": missing}
