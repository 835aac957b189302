"""Audit events as people read them: words for actions and fields, names for ids.

Used by the trail's page and its CSV export, so both say the same thing. Values are shown
only where the reader may see them (`selectors.mark_readable` decides); ids of services,
teams, staff and users are replaced by their names, looked up once per page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from yjaudit.organisations.models import Service, StaffMember, Team

from .labels import STAFF_FIELDS, USER_FIELDS, action_label, field_label, thing_label
from .models import AuditEvent


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class EventRow:
    event: AuditEvent
    when: str
    who: str
    action: str
    what: str
    description: str
    service: str
    values_hidden: bool
    changes: list[Change] = field(default_factory=list)


class Names:
    """Names for the ids a set of events mentions, fetched in one query per kind."""

    def __init__(self, events: Sequence[AuditEvent]) -> None:
        wanted: dict[str, set[int]] = {
            "service": set(),
            "team": set(),
            "staff": set(),
            "user": set(),
        }
        for event in events:
            for values in (event.before, event.after):
                if not isinstance(values, dict):
                    continue
                for key, value in values.items():
                    kind = _kind(key)
                    if kind and isinstance(value, int):
                        wanted[kind].add(value)
        user_model = get_user_model()
        self.names: dict[str, dict[int, str]] = {
            "service": dict(
                Service.objects.filter(pk__in=wanted["service"]).values_list("pk", "name")
            ),
            "team": dict(Team.objects.filter(pk__in=wanted["team"]).values_list("pk", "name")),
            "staff": dict(
                StaffMember.objects.filter(pk__in=wanted["staff"]).values_list("pk", "name")
            ),
            "user": {
                u.pk: (u.get_full_name() or u.get_username())
                for u in user_model.objects.filter(pk__in=wanted["user"])
            },
        }

    def value(self, key: str, value: Any) -> str:
        if value is None or value == "":
            return "-"
        kind = _kind(key)
        if kind and isinstance(value, int):
            return self.names[kind].get(value, _("(no longer held)"))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, list | tuple):
            return ", ".join(self.value("", v) for v in value) or "-"
        if isinstance(value, dict):
            return ", ".join(f"{field_label(k)}: {self.value(k, v)}" for k, v in value.items())
        return str(value)


def _kind(key: str) -> str:
    if key == "service_id":
        return "service"
    if key == "team_id":
        return "team"
    if key in STAFF_FIELDS:
        return "staff"
    if key in USER_FIELDS:
        return "user"
    return ""


def rows(events: Iterable[AuditEvent]) -> list[EventRow]:
    """Events already marked by `selectors.mark_readable`, as rows to show or export."""
    events = list(events)
    names = Names([e for e in events if not getattr(e, "values_hidden", True)])
    out = []
    for event in events:
        hidden = bool(getattr(event, "values_hidden", True))
        out.append(
            EventRow(
                event=event,
                when=event.timestamp.strftime("%d %b %Y %H:%M:%S"),
                who=event.actor_label,
                action=action_label(event.action),
                what=thing_label(event.object_type),
                description="" if hidden else event.object_repr,
                service=event.service.name if event.service_id and event.service else "",
                values_hidden=hidden,
                changes=[]
                if hidden
                else [
                    Change(field_label(k), names.value(k, old), names.value(k, new))
                    for k, old, new in event.changes
                    if k not in ("id", "updated_at", "created_at")
                ],
            )
        )
    return out
