"""The QA lead names each case audit's auditor and second marker (one or in bulk)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.forms import NO_CHANGE, NOBODY, AssignForm
from yjaudit.audits.case_audits.people import person_name
from yjaudit.audits.case_audits.services import KEEP, AuditError
from yjaudit.organisations import permissions

from .lookups import _audit, _need, _round


def _people(action: str, service_id: int) -> list[tuple[str, str]]:
    return [(str(u.pk), person_name(u)) for u in permissions.people_who_may(action, service_id)]


def _form(request: HttpRequest, service_id: int, **kwargs: Any) -> AssignForm:
    return AssignForm(
        request.POST or None,
        auditors=_people("audit.answer", service_id),
        second_markers=_people("audit.second_mark", service_id),
        **kwargs,
    )


def _chosen(value: str) -> Any:
    if value == NO_CHANGE:
        return KEEP
    if value == NOBODY:
        return None
    return get_user_model().objects.get(pk=int(value))


@login_required
@require_http_methods(["GET", "POST"])
def round_assign(request: HttpRequest, round_pk: int) -> HttpResponse:
    """A table of the round's case audits with tick boxes, and whom to assign."""
    audit_round = _round(request, round_pk, "audit.moderate")
    audits = list(audit_selectors.audits_in_round(audit_round))
    form = _form(request, audit_round.service_id, audits=[(a.pk, a.case.reference) for a in audits])
    if request.method == "POST" and form.is_valid():
        try:
            changed = audit_services.assign_many(
                actor=request.user,
                audit_round=audit_round,
                audit_ids=form.cleaned_data["audits"],
                auditor=_chosen(form.cleaned_data["auditor"]),
                second_marker=_chosen(form.cleaned_data["second_marker"]),
            )
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Assigned %(n)d case audits. The people named are told.") % {"n": len(changed)},
            )
            return redirect("audits:assign", round_pk=audit_round.pk)
    ticked = {str(v) for v in (form["audits"].value() or [])}
    rows = [
        {
            "audit": a,
            "auditor": person_name(a.auditor),
            "second": person_name(a.second_marker),
            "ticked": str(a.pk) in ticked,
        }
        for a in audits
    ]
    return render(
        request,
        "audits/audit/assign_round.html",
        {"round": audit_round, "form": form, "rows": rows},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def audit_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """One case audit's auditor and second marker."""
    audit = _audit(request, pk)
    _need(request, "audit.moderate", audit)
    form = _form(request, audit.case.service_id)
    if request.method == "POST" and form.is_valid():
        try:
            audit_services.assign(
                actor=request.user,
                audit=audit,
                auditor=_chosen(form.cleaned_data["auditor"]),
                second_marker=_chosen(form.cleaned_data["second_marker"]),
            )
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Assignment saved. The people named are told."))
            return redirect("audits:detail", pk=audit.pk)
    return render(
        request,
        "audits/audit/assign_one.html",
        {
            "audit": audit,
            "form": form,
            "auditor": person_name(audit.auditor),
            "second": person_name(audit.second_marker),
        },
        status=400 if form.errors else 200,
    )
