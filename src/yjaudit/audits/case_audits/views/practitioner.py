"""What a practitioner sees of their own audited cases."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.organisations.views_support import require_action

from .lookups import _audit


@require_action("audit.view")
def mine(request: HttpRequest) -> HttpResponse:
    audits = audit_selectors.practitioner_audits(request.user)
    return render(request, "audits/audit/mine.html", {"audits": audits})


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk, "audit.view")
    own = {s.pk for s in audit_selectors._own_staff(request.user)}
    if audit.case.case_manager_id not in own or audit.status not in (
        audit_selectors.PRACTITIONER_STATUSES
    ):
        raise Http404
    return render(
        request,
        "audits/audit/feedback.html",
        {"audit": audit, "layout": audit_selectors.audit_layout(audit)},
    )
