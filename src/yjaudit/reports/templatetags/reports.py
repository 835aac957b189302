"""`{% report_links round %}`: links from a round's page to its reports, for those allowed."""

from __future__ import annotations

from typing import Any

from django import template

from yjaudit.organisations import permissions

from .. import selectors

register = template.Library()


@register.inclusion_tag("reports/includes/round_links.html", takes_context=True)
def report_links(context: dict[str, Any], audit_round: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "round": audit_round,
        "can_view": permissions.can(user, "report.view", audit_round.service),
        "can_export": permissions.can(user, "report.export", audit_round.service),
        "practitioners": selectors.sampled_practitioners(user, audit_round) if user else [],
        "formats": ("html", "pdf", "docx", "xlsx"),
        "csrf_token": context.get("csrf_token"),  # the file request form posts
    }
