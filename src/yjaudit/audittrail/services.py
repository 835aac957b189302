"""Write the audit trail. Every state change in yjaudit calls `record`.

Usage in a service function::

    before = snapshot(case)
    ... change and save case ...
    record(actor=user, action="case.update", target=case, before=before, after=snapshot(case))
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile

from .actors import Actor, user_of
from .context import current
from .models import AuditEvent

SYSTEM_LABEL = "system"


class _SnapshotEncoder(DjangoJSONEncoder):
    """Dates, decimals and UUIDs as DjangoJSONEncoder; files by name; anything else as text."""

    def default(self, o: Any) -> Any:
        if isinstance(o, FieldFile):
            return o.name or None
        if isinstance(o, bytes | memoryview):
            return f"<{len(o)} bytes>"
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values as plain JSON (foreign keys as `<name>_id`).

    Pass `fields` to limit the snapshot (use it to leave out secrets such as password hashes).
    """
    wanted = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if wanted is not None and field.name not in wanted and field.attname not in wanted:
            continue
        data[field.attname] = getattr(instance, field.attname)
    # Round-trip through JSON so dates, decimals and UUIDs become plain values.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=_SnapshotEncoder))
    return result


def _describe(target: models.Model | None) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    meta = target._meta
    # `audit_repr` lets a model choose a safe description (e.g. a case's reference).
    describe = getattr(target, "audit_repr", None)
    text = describe() if callable(describe) else str(target)
    return f"{meta.app_label}.{meta.model_name}", str(target.pk or ""), text[:200]


def _service_of(target: models.Model | None) -> Any:
    if target is None:
        return None
    if target._meta.label == "organisations.Service":
        return target
    service_id = getattr(target, "service_id", None)
    return service_id


def record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    service: Any = None,
) -> AuditEvent:
    """Append one audit event. `actor=None` means the system (CLI, scheduled jobs).

    `service` defaults to the target itself if it is a Service, else its `service_id`.
    """
    if not action or "." not in action:
        raise ValueError("An audit action is '<area>.<verb>', e.g. 'case.update'.")
    user = user_of(actor)
    object_type, object_id, object_repr = _describe(target)
    if service is None:
        service = _service_of(target)
    ctx = current()
    event = AuditEvent(
        actor=user,
        actor_label=user.get_username() if user is not None else SYSTEM_LABEL,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=before,
        after=after,
        request_id=ctx.request_id,
        ip_address=ctx.ip_address,
    )
    if isinstance(service, models.Model):
        event.service = service  # type: ignore[assignment]
    elif service is not None:
        event.service_id = service
    event.save()
    return event


def rewrite_erased(
    event: AuditEvent,
    *,
    object_repr: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Rewrite one row's description and snapshots: the one change the append-only trail
    allows. Only an erasure calls it, to replace the erased case's reference by its
    anonymous token; the erasure's own row says how many rows it rewrote."""
    rows = AuditEvent.objects.filter(pk=event.pk)
    # AuditEventQuerySet.update refuses every change; this is the sanctioned path past it.
    models.QuerySet.update(rows, object_repr=object_repr[:200], before=before, after=after)
