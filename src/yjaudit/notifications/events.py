"""The events that send e-mail, called from the apps where they happen.

Each takes plain values (ids, counts, dates, names of roles and services) so this
platform app imports no domain app, and builds the link from `YJAUDIT_BASE_URL`.
No case reference, child's name or text typed about a case goes into an e-mail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse

from yjaudit.audittrail.actors import Actor

from .kinds import Kind
from .selectors import user_by_email, users_with_role
from .services import notify


def absolute(path: str) -> str:
    return str(settings.YJAUDIT_BASE_URL).rstrip("/") + path


def audits_assigned(*, actor: Actor, service: Any, round_id: int, audit_ids: list[int]) -> int:
    """New case audits in a round: each auditor of the service is told how many, once
    per batch. Returns the number of e-mails queued."""
    if not audit_ids:
        return 0
    batch = f"{min(audit_ids)}-{max(audit_ids)}"
    link = absolute(reverse("audits:round", kwargs={"round_pk": round_id}))
    queued = 0
    for user in users_with_role(service.pk, "auditor"):
        done = notify(
            actor=actor,
            key=f"audit_assigned:{round_id}:{batch}:{user.pk}",
            kind=Kind.AUDIT_ASSIGNED,
            email=user.email,
            recipient=user,
            values={"link": link, "count": len(audit_ids), "service": service.name},
            service=service,
        )
        queued += done is not None
    return queued


def audits_assigned_to(
    *, actor: Actor, service: Any, round_id: int, user: Any, audit_ids: list[int], version: int
) -> bool:
    """A QA lead assigned case audits (to first- or second-mark) to one person: they are
    told how many, with the round's link (reuses the "case audits assigned" e-mail)."""
    if not audit_ids or user is None or not user.is_active or not user.email:
        return False
    batch = f"{min(audit_ids)}-{max(audit_ids)}:{len(audit_ids)}:v{version}"
    done = notify(
        actor=actor,
        key=f"audit_assigned_to:{round_id}:{user.pk}:{batch}",
        kind=Kind.AUDIT_ASSIGNED,
        email=user.email,
        recipient=user,
        values={
            "link": absolute(reverse("audits:round", kwargs={"round_pk": round_id})),
            "count": len(audit_ids),
            "service": service.name,
        },
        service=service,
    )
    return done is not None


def _audit_step(
    *, kind: str, actor: Actor, audit_id: int, version: int, auditor: Any, service: Any
) -> None:
    if auditor is None or not auditor.is_active or not auditor.email:
        return
    notify(
        actor=actor,
        key=f"{kind}:{audit_id}:v{version}:{auditor.pk}",
        kind=kind,
        email=auditor.email,
        recipient=auditor,
        values={
            "link": absolute(reverse("audits:detail", kwargs={"pk": audit_id})),
            "service": service.name,
        },
        service=service,
    )


def audit_returned(
    *, actor: Actor, audit_id: int, version: int, auditor: Any, service: Any
) -> None:
    """The auditor is told a case audit came back with comments (the comments stay in
    yjaudit: they are about the case)."""
    _audit_step(
        kind=Kind.AUDIT_RETURNED,
        actor=actor,
        audit_id=audit_id,
        version=version,
        auditor=auditor,
        service=service,
    )


def audit_signed_off(
    *, actor: Actor, audit_id: int, version: int, auditor: Any, service: Any
) -> None:
    _audit_step(
        kind=Kind.AUDIT_SIGNED_OFF,
        actor=actor,
        audit_id=audit_id,
        version=version,
        auditor=auditor,
        service=service,
    )


def action_reminder(
    *,
    overdue: bool,
    action_id: Any,
    action_label: str,
    deadline: dt.date,
    email: str,
    service_id: int,
) -> None:
    """An action of an improvement plan is due soon or overdue (one per deadline)."""
    kind = Kind.ACTION_OVERDUE if overdue else Kind.ACTION_DUE
    notify(
        actor=None,
        key=f"{kind}:{action_id}:{deadline.isoformat()}:{email.lower()}",
        kind=kind,
        email=email,
        recipient=user_by_email(email),
        values={
            "link": absolute(reverse("plans:action", kwargs={"pk": action_id})),
            "action": action_label,
            "due": deadline,
        },
        service=service_id,
    )


def plan_submission_due(*, plan_id: Any, deadline: dt.date, email: str, service: Any) -> bool:
    """An improvement plan is due to be sent to the inspectorate (one per deadline).
    Returns whether it was queued now (False: sent before)."""
    done = notify(
        actor=None,
        key=f"{Kind.PLAN_SUBMISSION_DUE}:{plan_id}:{deadline.isoformat()}:{email.lower()}",
        kind=Kind.PLAN_SUBMISSION_DUE,
        email=email,
        recipient=user_by_email(email),
        values={
            "link": absolute(reverse("plans:detail", kwargs={"pk": plan_id})),
            "due": deadline,
            "service": service.name,
        },
        service=service,
    )
    return done is not None


def invitation(
    *,
    actor: Actor,
    invitation_id: int,
    email: str,
    existing_account: bool,
    link: str,
    service: Any,
    role: str,
    days: int,
    language: str,
) -> None:
    """An invitation link (a credential: it is removed from the outbox once sent)."""
    kind = Kind.INVITATION_EXISTING if existing_account else Kind.INVITATION
    notify(
        actor=actor,
        key=f"invitation:{invitation_id}",
        kind=kind,
        email=email,
        recipient=user_by_email(email) if existing_account else None,
        language=None if existing_account else language,
        values={"link": link, "service": service.name, "role": role, "days": days},
        service=service,
    )
