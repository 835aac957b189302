"""Reads of the audit trail, always scoped through the permission module."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from yjaudit.organisations import permissions

from .models import AuditEvent


def events_for(
    user: Any,
    *,
    service_id: int | None = None,
    action: str = "",
    actor: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events the user may read, newest first, filtered.

    Events without a service (e.g. framework changes) are visible to platform administrators
    only; `permissions.scope` handles that.
    """
    qs = permissions.scope(AuditEvent.objects.select_related("service"), user, "audittrail.view")
    if service_id is not None:
        qs = qs.filter(service_id=service_id)
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if date_from is not None:
        qs = qs.filter(timestamp__date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(timestamp__date__lte=date_to)
    return qs
