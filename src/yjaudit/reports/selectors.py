"""Who may read which report. Every decision is `yjaudit.organisations.permissions`'s."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yjaudit.audits.models import AuditRound
from yjaudit.organisations import permissions
from yjaudit.organisations.models import StaffMember

OWN = "report.practitioner"  # QA leads; practitioners their own
MANAGED = "report.practitioner_managed"  # QA leads; managers the staff they line-manage


def rounds_for(user: Any, action: str = "report.view") -> QuerySet[AuditRound]:
    return permissions.scope(
        AuditRound.objects.select_related("service", "framework_edition", "created_by"),
        user,
        action,
    )


def practitioner_rounds(user: Any) -> QuerySet[AuditRound]:
    """Rounds in services where the user may read some practitioner's feedback."""
    services = permissions.services_for(user, OWN) | permissions.services_for(user, MANAGED)
    return AuditRound.objects.filter(service__in=services).select_related(
        "service", "framework_edition", "created_by"
    )


def practitioners_for(user: Any, audit_round: AuditRound) -> QuerySet[StaffMember]:
    """Staff of the round's service whose feedback the user may read."""
    base = StaffMember.objects.filter(service=audit_round.service)
    own = permissions.scope(base, user, OWN, staff_field="pk")
    managed = permissions.scope(base, user, MANAGED, staff_field="line_manager")
    return base.filter(Q(pk__in=own.values("pk")) | Q(pk__in=managed.values("pk")))


def sampled_practitioners(user: Any, audit_round: AuditRound) -> QuerySet[StaffMember]:
    """Of those, the case managers with a case in the round's sample."""
    return (
        practitioners_for(user, audit_round)
        .filter(cases__samplings__round=audit_round, cases__samplings__status="active")
        .distinct()
        .order_by("name")
    )
