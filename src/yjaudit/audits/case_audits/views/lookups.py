"""Finding the round or case audit a request may see, and refusing the rest."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yjaudit.audits.models import AuditRound, CaseAudit
from yjaudit.organisations import permissions
from yjaudit.organisations.views_support import get_scoped_object_or_404

NOT_SAVED_BUSY = gettext_lazy(
    "Not saved: the database was busy. What you entered is below: save again."
)


def _round(request: HttpRequest, pk: int, action: str = "round.view") -> AuditRound:
    return get_scoped_object_or_404(
        AuditRound.objects.select_related("service", "framework_edition"),
        request.user,
        action,
        pk=pk,
    )


def _audit(
    request: HttpRequest, pk: int, action: str = "audit.review", *, light: bool = False
) -> CaseAudit:
    related = ["round", "case", "case__team", "case__case_manager"]
    if not light:  # pages show these; the JSON save does not need them
        related += ["round__service", "auditor", "second_marker"]
    audit = get_scoped_object_or_404(
        CaseAudit.objects.select_related(*related),
        request.user,
        action,
        service_field="case__service",
        staff_field="case__case_manager",
        pk=pk,
    )
    return audit


def _blind(request: HttpRequest, audit: CaseAudit) -> None:
    """A second marker at work may not see the first marks."""
    if permissions.is_blind(request.user, audit):
        raise PermissionDenied(_("Second markers see the first marks only once they finish."))


def _need(request: HttpRequest, action: str, audit: CaseAudit | AuditRound) -> None:
    service_id = audit.case.service_id if isinstance(audit, CaseAudit) else audit.service_id
    if not permissions.can(request.user, action, service_id):
        raise PermissionDenied
