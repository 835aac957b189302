"""A person's work in the audits app, for their home page and the navigation's counts.

Each read is scoped by `organisations.permissions` to the action the work needs, so a
list never holds what its reader may not open.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yjaudit.audits.case_audits.selectors import practitioner_audits, scoped_audits
from yjaudit.audits.models import (
    AuditRound,
    AuditStatus,
    CaseAudit,
    RoundStatus,
    SampleStatus,
)
from yjaudit.organisations import permissions

# A case audit the auditor still has to answer: new, or returned with comments.
TO_DO = (AuditStatus.DRAFT, AuditStatus.RETURNED)
IN_PROGRESS = (RoundStatus.SAMPLED, RoundStatus.IN_PROGRESS)


def _active(qs: QuerySet[CaseAudit]) -> QuerySet[CaseAudit]:
    # An archived round is read-only: none of its audits is anyone's work.
    return qs.filter(
        sampled_case__status=SampleStatus.ACTIVE, round__archived_at__isnull=True
    ).order_by("round__period_end", "round_id", "sampled_case__position")


def audits_to_do(user: Any) -> QuerySet[CaseAudit]:
    """Case audits assigned to the user as auditor, not yet submitted (returned first)."""
    qs = scoped_audits(user, "audit.answer").filter(auditor=user, status__in=TO_DO)
    return _active(qs)


def second_marking_to_do(user: Any) -> QuerySet[CaseAudit]:
    """Case audits chosen for moderation whose blind second marking the user owes."""
    qs = scoped_audits(user, "audit.second_mark").filter(
        second_marker=user,
        moderation_selected=True,
        second_marking_done=False,
        status=AuditStatus.SUBMITTED,
    )
    return _active(qs)


def differences_to_resolve(user: Any) -> QuerySet[CaseAudit]:
    """Second-marked case audits waiting for the QA lead's moderation."""
    qs = scoped_audits(user, "audit.moderate").filter(
        status=AuditStatus.SUBMITTED, moderation_selected=True, second_marking_done=True
    )
    return _active(qs)


def audits_to_sign_off(user: Any) -> QuerySet[CaseAudit]:
    """Moderated case audits waiting for sign-off."""
    qs = scoped_audits(user, "audit.signoff").filter(status=AuditStatus.MODERATED)
    return _active(qs)


def own_case_audits(user: Any) -> QuerySet[CaseAudit]:
    """Audits of the user's own cases (as case manager) they may read: "My case audits"."""
    return practitioner_audits(user)


def rounds_in_progress(user: Any) -> QuerySet[AuditRound]:
    qs = permissions.scope(AuditRound.objects.select_related("service"), user, "round.view")
    return qs.filter(status__in=IN_PROGRESS, archived_at__isnull=True).order_by(
        "service__name", "period_end", "pk"
    )


def recent_reports(user: Any, limit: int = 5) -> QuerySet[AuditRound]:
    """Closed rounds (every case audit signed off) whose aggregate reports the user may read."""
    qs = permissions.scope(AuditRound.objects.select_related("service"), user, "report.view")
    return qs.filter(status=RoundStatus.CLOSED).order_by("-period_end", "-pk")[:limit]
