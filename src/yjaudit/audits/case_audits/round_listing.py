"""A round's case audits as a list: searched, filtered and ordered in the database.

The view reads the choices from a form (bad values already dropped); this module only
turns them into one queryset, so the page builds rows for one page of results at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits.people import person_names
from yjaudit.audits.models import AuditRound, AuditStatus, CaseAudit
from yjaudit.organisations.models import StaffMember

# "auditor" filter value for case audits nobody is assigned to.
NOT_ASSIGNED = "none"

# "moderation" filter values.
WAITING = "waiting"  # chosen for second marking, not yet second-marked
SECOND_MARKED = "done"
NOT_CHOSEN = "not-chosen"

# Statuses sort in the order a case audit moves through them, not by their codes.
STATUS_ORDER = (
    AuditStatus.DRAFT,
    AuditStatus.RETURNED,
    AuditStatus.SUBMITTED,
    AuditStatus.MODERATED,
    AuditStatus.SIGNED_OFF,
)


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ""
    auditor: str = ""
    moderation: str = ""

    def __bool__(self) -> bool:
        return bool(self.q or self.status or self.auditor or self.moderation)


def _name_of(path: str) -> Any:
    """A person's name as pages show it (full name, else staff record, else login), for
    ordering in the database; "" for nobody, so unassigned rows sort together."""
    staff = StaffMember.objects.filter(user_id=OuterRef(f"{path}_id")).values("name")[:1]
    full = NullIf(Trim(Concat(f"{path}__first_name", Value(" "), f"{path}__last_name")), Value(""))
    return Coalesce(full, NullIf(Subquery(staff), Value("")), f"{path}__username", Value(""))


def audits_listed(
    audit_round: AuditRound, filters: Filters, order_by: Sequence[str]
) -> QuerySet[CaseAudit]:
    """The round's case audits (its active sample) matching ``filters``, in ``order_by``
    (fields of the audit or the annotations ``status_rank``, ``auditor_name`` and
    ``second_marker_name``)."""
    qs = audit_selectors.audits_in_round(audit_round).annotate(
        status_rank=Case(
            *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
            default=Value(len(STATUS_ORDER)),
            output_field=IntegerField(),
        ),
        auditor_name=_name_of("auditor"),
        second_marker_name=_name_of("second_marker"),
    )
    if filters.q:
        qs = qs.filter(case__reference__icontains=filters.q)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.auditor == NOT_ASSIGNED:
        qs = qs.filter(auditor__isnull=True)
    elif filters.auditor:
        qs = qs.filter(auditor_id=int(filters.auditor))
    if filters.moderation == WAITING:
        qs = qs.filter(moderation_selected=True, second_marking_done=False)
    elif filters.moderation == SECOND_MARKED:
        qs = qs.filter(moderation_selected=True, second_marking_done=True)
    elif filters.moderation == NOT_CHOSEN:
        qs = qs.filter(moderation_selected=False)
    return qs.order_by(*order_by)


def auditors_in(audit_round: AuditRound) -> list[tuple[str, str]]:
    """(user id, name) of everyone assigned as auditor in the round's sample, by name:
    the auditor filter's choices (two queries, however many audits)."""
    ids = audit_selectors.audits_in_round(audit_round).filter(auditor__isnull=False)
    users = list(get_user_model().objects.filter(pk__in=ids.values("auditor_id")).order_by("pk"))
    names = person_names(users)
    return sorted(((str(pk), name) for pk, name in names.items()), key=lambda c: c[1].lower())
