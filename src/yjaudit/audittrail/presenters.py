"""Audit events as people read them: words for actions and fields, names for ids.

Used by the trail's page and its CSV export, so both say the same thing. Values are shown
only where the reader may see them (`selectors.mark_readable` decides); ids of services,
teams, staff and users are replaced by their names, looked up once per page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Field
from django.utils.translation import gettext as _

from yjaudit.organisations.models import Service, StaffMember, Team

from .actors import person_label
from .labels import FIELDS, STAFF_FIELDS, USER_FIELDS, action_label, field_label, thing_label
from .models import AuditEvent
from .services import SYSTEM_LABEL


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

    def __init__(self, events: Sequence[AuditEvent], actors: Sequence[AuditEvent] = ()) -> None:
        """Names for the ids in `events`' values, and for the people who did `actors`."""
        wanted: dict[str, set[int]] = {
            "service": set(),
            "team": set(),
            "staff": set(),
            "user": set(),
        }
        wanted["user"].update(e.actor_id for e in actors if e.actor_id is not None)
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
                u.pk: person_label(u) for u in user_model.objects.filter(pk__in=wanted["user"])
            },
        }

    def who(self, event: AuditEvent) -> str:
        """The person by name, never an e-mail address (the label kept at the time is
        used when the account has gone, without its domain)."""
        if event.actor_id is not None and event.actor_id in self.names["user"]:
            found = self.names["user"][event.actor_id]
        elif event.actor_label == SYSTEM_LABEL:
            return _("System")
        else:
            found = event.actor_label
        return found.split("@", 1)[0] if "@" in found else found

    def value(self, key: str, value: Any, model_field: Field[Any, Any] | None = None) -> str:
        if value is None or value == "":
            return "-"
        if model_field is not None and model_field.choices and isinstance(value, str | int):
            # A code the model knows the words of ("in-progress" -> "In progress").
            words = dict(model_field.flatchoices).get(value)
            if words is not None:
                return str(words)
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


def _fields(object_type: str) -> dict[str, Field[Any, Any]]:
    """The model fields of an event's object type ("audits.auditround"), by name and by
    column name ("service" and "service_id"); none for a type that is not a model."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    found: dict[str, Field[Any, Any]] = {}
    for f in model._meta.concrete_fields:
        found[f.name] = f
        found[f.attname] = f
    return found


def _field_words(name: str, model_field: Field[Any, Any] | None) -> str:
    """The field in words: the trail's own words first, then the model's (translated)
    name for it, then the code made readable."""
    if name in FIELDS or model_field is None:
        return field_label(name)
    verbose = str(model_field.verbose_name)
    return verbose[:1].upper() + verbose[1:]


def rows(events: Iterable[AuditEvent]) -> list[EventRow]:
    """Events already marked by `selectors.mark_readable`, as rows to show or export."""
    events = list(events)
    names = Names([e for e in events if not getattr(e, "values_hidden", True)], events)
    fields_of: dict[str, dict[str, Field[Any, Any]]] = {}
    out = []
    for event in events:
        hidden = bool(getattr(event, "values_hidden", True))
        if event.object_type not in fields_of:
            fields_of[event.object_type] = _fields(event.object_type)
        known = fields_of[event.object_type]
        out.append(
            EventRow(
                event=event,
                when=event.timestamp.strftime("%d %b %Y %H:%M:%S"),
                who=names.who(event),
                action=action_label(event.action),
                what=thing_label(event.object_type),
                description="" if hidden else event.object_repr,
                service=event.service.name if event.service_id and event.service else "",
                values_hidden=hidden,
                changes=[]
                if hidden
                else [
                    Change(
                        _field_words(k, known.get(k)),
                        names.value(k, old, known.get(k)),
                        names.value(k, new, known.get(k)),
                    )
                    for k, old, new in event.changes
                    if k not in ("id", "updated_at", "created_at")
                ],
            )
        )
    return out
