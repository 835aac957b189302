"""Blind second marking of one case audit and resolving the differences."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from yjaudit.audits.case_audits import presenters
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.people import person_name
from yjaudit.audits.case_audits.services import (
    AnswerInput,
    AuditError,
    Incomplete,
)
from yjaudit.config.limits import limit
from yjaudit.organisations import permissions

from .case_pages import _standard
from .lookups import _audit, _blind, _need


@login_required
@require_http_methods(["GET"])
def second_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a second marker's work list points: the first standard to mark (blind, so
    never the case audit page, which shows the first marks)."""
    audit = _audit(request, pk)
    if not permissions.may_second_mark(request.user, audit):
        raise PermissionDenied
    layout = audit_selectors.audit_layout(audit)
    if not layout:
        return redirect("audits:second_done", pk=audit.pk)
    return redirect("audits:second_mark", pk=audit.pk, standard_id=layout[0].id)


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
def differences_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The differences by standard: how many, how many still open, a link to each."""
    audit = _audit(request, pk)
    _need(request, "audit.moderate", audit)
    _blind(request, audit)  # differences show first marks
    diffs = audit_selectors.differences(audit)
    layout = audit_selectors.audit_layout(audit)
    standards = []
    for s in layout:
        mine = [d for d in diffs if d.standard_id == s.id]
        if mine:
            open_ = sum(1 for d in mine if d.resolved_value is None)
            standards.append({"standard": s, "total": len(mine), "open": open_})
    return render(
        request,
        "audits/audit/differences.html",
        {
            "audit": audit,
            "standards": standards,
            "total": len(diffs),
            "open": sum(1 for d in diffs if d.resolved_value is None),
            "markers": _markers(audit),
        },
    )


def _markers(audit: Any) -> dict[str, str]:
    return {
        "first": person_name(audit.auditor) or _("First marker"),
        "second": person_name(audit.second_marker) or _("Second marker"),
    }


Errors = list[tuple[str, str]]  # (anchor, message)


def _save_choices(request: HttpRequest, audit: Any, standard: Any) -> tuple[list[Any], Errors]:
    """Resolve what the form chose: all of one marker's answers, or per question."""
    errors: Errors = []
    done: list[Any] = []
    choice = request.POST.get("accept", "")
    try:
        if choice in ("first", "second"):
            done = audit_services.accept_marker(
                actor=request.user,
                audit=audit,
                standard_id=standard.id,
                marker=choice,
                note=request.POST.get("accept-note", "").strip()[: limit("text_chars")],
            )
            return done, errors
        current = {
            d.question_id: d
            for d in audit_selectors.differences(audit)
            if d.standard_id == standard.id
        }
        picks = []
        for qid, d in current.items():
            value = request.POST.get(f"value-{qid}", "").strip()
            note = request.POST.get(f"note-{qid}", "").strip()[: limit("text_chars")]
            if value and (value != d.resolved_value or note != d.resolution_note):
                picks.append(AnswerInput(qid, value, note))
        if not picks:
            first = next(iter(current), "")
            message = _("Choose the answer that stands for at least one question.")
            errors.append((f"value-{first.replace('.', '')}-0", message))
            return done, errors
        done = audit_services.resolve_differences(actor=request.user, audit=audit, choices=picks)
    except AuditError as exc:
        errors.append(("differences-form", str(exc)))
    return done, errors


def _resolved_message(request: HttpRequest, audit: Any, done: list[Any]) -> None:
    left = sum(1 for d in audit_selectors.differences(audit) if d.resolved_value is None)
    messages.success(
        request,
        ngettext("%(n)d difference resolved.", "%(n)d differences resolved.", len(done))
        % {"n": len(done)}
        + " "
        + ngettext(
            "%(left)d still to resolve in this case audit.",
            "%(left)d still to resolve in this case audit.",
            left,
        )
        % {"left": left},
    )


def _difference_rows(
    request: HttpRequest, framework: Any, diffs: list[Any], markers: dict[str, str]
) -> list[dict[str, Any]]:
    """Each difference with both markers' answers in the framework's words."""
    rows = []
    for d in diffs:
        ref = framework.questions.get(d.question_id)
        options = []
        for v in ref.answer_type.values if ref else []:
            given = (("first", d.first_value), ("second", d.second_value))
            who = [markers[m] for m, value in given if value == v.value]
            options.append({"value": v.value, "label": str(v.label), "who": who})
        posted = (
            request.POST.get(f"value-{d.question_id}", "")
            if request.method == "POST"
            else (d.resolved_value or "")
        )
        rows.append(
            {
                "d": d,
                "anchor": d.question_id.replace(".", ""),
                "first": presenters.answer_label(framework, d.question_id, d.first_value),
                "second": presenters.answer_label(framework, d.question_id, d.second_value),
                "resolved": presenters.answer_label(framework, d.question_id, d.resolved_value),
                "options": options,
                "posted": posted,
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def differences_standard(request: HttpRequest, pk: int, standard_id: str) -> HttpResponse:
    """One standard's differences on one form: choose per question, or accept all of one
    marker's answers; back to the same place after saving."""
    audit = _audit(request, pk)
    _need(request, "audit.moderate", audit)
    _blind(request, audit)
    standard, _rest = _standard(audit, standard_id)
    framework = results.round_framework(audit.round)
    errors: Errors = []
    if request.method == "POST":
        done, errors = _save_choices(request, audit, standard)
        if not errors:
            _resolved_message(request, audit, done)
            url = reverse("audits:differences_standard", args=[audit.pk, standard.id])
            return redirect(f"{url}#standard-{standard.id.replace('.', '')}")
    all_diffs = audit_selectors.differences(audit)
    diffs = [d for d in all_diffs if d.standard_id == standard.id]
    markers = _markers(audit)
    others = [
        (s, n)
        for s in audit_selectors.audit_layout(audit)
        if s.id != standard.id
        and (n := sum(1 for d in all_diffs if d.standard_id == s.id and d.resolved_value is None))
    ]
    return render(
        request,
        "audits/audit/differences_standard.html",
        {
            "audit": audit,
            "standard": standard,
            "rows": _difference_rows(request, framework, diffs, markers),
            "markers": markers,
            "errors": errors,
            "open": sum(1 for d in diffs if d.resolved_value is None),
            "next_open": others[0] if others else None,
            "all_open": sum(1 for d in all_diffs if d.resolved_value is None),
        },
        status=400 if errors else 200,
    )
