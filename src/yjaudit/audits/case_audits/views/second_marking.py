"""Blind second marking of one case audit and resolving the differences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yjaudit.audits.case_audits import presenters
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.forms import (
    ResolveForm,
)
from yjaudit.audits.case_audits.services import (
    AnswerInput,
    AuditError,
    Incomplete,
)
from yjaudit.organisations import permissions

from .case_pages import _standard
from .lookups import _audit, _blind, _need


@login_required
@require_http_methods(["GET", "POST"])
def second_mark(request: HttpRequest, pk: int, standard_id: str) -> HttpResponse:
    audit = _audit(request, pk)
    if not permissions.may_second_mark(request.user, audit):
        raise PermissionDenied
    standard, rest = _standard(audit, standard_id)
    marks = audit_selectors.second_marks(audit)
    error = ""
    if request.method == "POST":
        inputs = [
            AnswerInput(
                q.id,
                request.POST.get(f"answer-{q.id}", "").strip(),
                request.POST.get(f"note-{q.id}", "").strip(),
            )
            for q in standard.visible
        ]
        try:
            audit_services.save_second_marks(actor=request.user, audit=audit, marks=inputs)
        except AuditError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Second marks saved."))
            if rest:
                return redirect("audits:second_mark", pk=audit.pk, standard_id=rest[0].id)
            return redirect("audits:second_done", pk=audit.pk)
        marks = audit_selectors.second_marks(audit)
    return render(
        request,
        "audits/audit/second_mark.html",
        {
            "audit": audit,
            "standard": standard,
            "rows": presenters.mark_rows(standard, marks),
            "error": error,
            "next_standard": rest[0] if rest else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_done(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    if not permissions.may_second_mark(request.user, audit):
        raise PermissionDenied
    layout = audit_selectors.audit_layout(audit)
    marks = audit_selectors.second_marks(audit)
    missing: list[tuple[str, str, str]] = []
    if request.method == "POST":
        try:
            audit_services.finish_second_marking(actor=request.user, audit=audit)
        except Incomplete as exc:
            missing = exc.missing
        except AuditError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Second marking finished. The QA lead resolves any differences.")
            )
            return redirect("audits:round", round_pk=audit.round_id)
    progress = [(s, sum(1 for q in s.visible if q.id in marks), len(s.visible)) for s in layout]
    return render(
        request,
        "audits/audit/second_done.html",
        {"audit": audit, "progress": progress, "missing": missing},
        status=400 if missing else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def differences_page(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _need(request, "audit.moderate", audit)
    _blind(request, audit)  # differences show first marks
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            audit_services.resolve_difference(actor=request.user, audit=audit, **form.cleaned_data)
        except AuditError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Difference resolved."))
        return redirect("audits:differences", pk=audit.pk)
    diffs = audit_selectors.differences(audit)
    framework = results.round_framework(audit.round)
    values = {
        d.question_id: [
            (v.value, v.label) for v in framework.questions[d.question_id].answer_type.values
        ]
        for d in diffs
        if d.question_id in framework.questions
    }
    return render(
        request,
        "audits/audit/differences.html",
        {
            "audit": audit,
            "rows": [(d, values.get(d.question_id, [])) for d in diffs],
            "form_errors": form.errors if request.method == "POST" else None,
        },
    )
