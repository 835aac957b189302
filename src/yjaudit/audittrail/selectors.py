"""Reads of the audit trail, always scoped through the permission module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from yjaudit.organisations import permissions
from yjaudit.organisations.models import StaffMember, Team

from .models import AuditEvent
from .search import matching

# Reading an event's values (before, after, the object's description) is reading the case
# data the change was about, so it needs the right to see that service's cases. Who holds
# it is decided by the permission module, like every other right.
VALUES_ACTION = "case.view"
NAME_MATCHES = 200  # ids per kind of name and searched word: bounds the query


def events_for(
    user: Any,
    *,
    service_id: int | None = None,
    action: str = "",
    actor: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str = "",
) -> QuerySet[AuditEvent]:
    """Events the user may read, newest first, filtered.

    `search` keeps the events matching each of its words in what the reader sees of them
    (see `search.matching`): it narrows the scoped events, never widens them.

    Events without a service (e.g. framework changes) are visible to platform administrators
    only; `permissions.scope` handles that. Whether the user may also read each event's
    values is a separate question: see `value_services` and `readable_values`.
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
    if search:
        readable = value_services(user)
        qs = matching(
            qs,
            search,
            value_services=readable,
            ids_named=lambda word: ids_named(word, readable),
        )
    return qs


def ids_named(word: str, services: frozenset[int]) -> dict[str, list[int]]:
    """Ids of staff, teams and people whose name (shown on the trail in place of the id)
    contains `word`. Staff and teams only of `services`, those whose events' values the
    reader may see: only those events' changes are searched."""
    ordered = sorted(services)
    staff = StaffMember.objects.filter(service_id__in=ordered, name__icontains=word)
    teams = Team.objects.filter(service_id__in=ordered, name__icontains=word)
    people = get_user_model().objects.filter(
        Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
    )
    return {
        "staff": list(staff.order_by("pk").values_list("pk", flat=True)[:NAME_MATCHES]),
        "team": list(teams.order_by("pk").values_list("pk", flat=True)[:NAME_MATCHES]),
        "user": list(people.order_by("pk").values_list("pk", flat=True)[:NAME_MATCHES]),
    }


def actions_seen(user: Any) -> list[str]:
    """The action codes among the events the user may read (for the filter's choices)."""
    qs = permissions.scope(AuditEvent.objects.all(), user, "audittrail.view")
    return list(qs.order_by().values_list("action", flat=True).distinct())


def value_services(user: Any) -> frozenset[int]:
    """Services whose events' values the user may read: those where the permission module
    lets them see every case (own-only access is not enough: an event may be about any case)."""
    full, _own = permissions.service_ids_for(user, VALUES_ACTION)
    return frozenset(full)


def readable_values(event: AuditEvent, services: frozenset[int]) -> bool:
    """May a reader with `value_services` == `services` read this event's values?

    Events outside any service (framework editions, platform changes) hold no service's
    case data; the reader already passed `events_for` to see them at all.
    """
    return event.service_id is None or event.service_id in services


def mark_readable(events: Iterable[AuditEvent], user: Any) -> list[AuditEvent]:
    """The events, each with `values_hidden` set for display (pages and exports)."""
    services = value_services(user)
    out = []
    for event in events:
        event.values_hidden = not readable_values(event, services)  # type: ignore[attr-defined]
        out.append(event)
    return out
