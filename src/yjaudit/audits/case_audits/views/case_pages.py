"""One case audit: its page, answering a standard, details, submit, return, sign off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yjaudit.audits.case_audits import presenters
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits import summaries as audit_summaries
from yjaudit.audits.case_audits.forms import (
    CommentsForm,
    DetailsForm,
    ReasonForm,
)
from yjaudit.audits.case_audits.people import person_name
from yjaudit.audits.case_audits.services import (
    AnswerInput,
    AuditDetails,
    AuditError,
    Incomplete,
    StaleEdit,
)
from yjaudit.audits.models import CaseAudit
from yjaudit.organisations import permissions

from .lookups import NOT_SAVED_BUSY, _audit, _blind, _need


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _blind(request, audit)
    return _render_detail(request, audit)


def _render_detail(
    request: HttpRequest,
    audit: CaseAudit,
    *,
    missing: list[tuple[str, str, str]] | None = None,
    details_form: DetailsForm | None = None,
    details_saved: bool = False,
    status: int = 200,
) -> HttpResponse:
    service_id = audit.case.service_id
    # An archived round is read-only: its case audits offer no step to take.
    live = audit.round.archived_at is None
    can = {
        a: live and permissions.can(request.user, f"audit.{a}", service_id)
        for a in ("answer", "moderate", "signoff", "reopen")
    }
    layout = audit_selectors.audit_layout(audit)
    diffs = audit_selectors.differences(audit) if audit.second_marking_done else []
    if details_form is None:
        present = {True: "yes", False: "no", None: ""}[audit.case_manager_present]
        details_form = DetailsForm(
            initial={
                "version": audit.version,
                "case_manager_present": present,
                "summary": audit.summary,
            }
        )
    return render(
        request,
        "audits/audit/detail.html",
        {
            "audit": audit,
            "layout": layout,
            "can": can,
            "editable": audit.editable and can["answer"],
            "missing": missing or [],
            "details_saved": details_saved,
            "details_form": details_form,
            "second_markable": permissions.may_second_mark(request.user, audit),
            "may_print": permissions.may_print_case_audit(request.user, audit),
            "differences": diffs,
            "open_differences": sum(1 for d in diffs if d.resolved_value is None),
            "moderation_ready": not _moderation_blocked(audit),
            "names": {
                "auditor": person_name(audit.auditor),
                "second": person_name(audit.second_marker),
            },
        },
        status=status,
    )


def _standard(audit: CaseAudit, standard_id: str) -> tuple[Any, list[Any]]:
    layout = audit_selectors.audit_layout(audit)
    for i, s in enumerate(layout):
        if s.id == standard_id:
            return s, layout[i + 1 :]
    raise Http404


def _inputs(request: HttpRequest, questions: list[Any]) -> list[AnswerInput]:
    out = []
    for q in questions:
        name = f"answer-{q.id}"
        if name not in request.POST and f"note-{q.id}" not in request.POST:
            continue
        base = request.POST.get(f"base-{q.id}")
        base_note = request.POST.get(f"basenote-{q.id}")
        out.append(
            AnswerInput(
                q.id,
                request.POST.get(name, "").strip(),
                request.POST.get(f"note-{q.id}", "").strip(),
                base,
                base_note,
            )
        )
    return out


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


@login_required
@require_http_methods(["GET", "POST"])
def standard_page(request: HttpRequest, pk: int, standard_id: str) -> HttpResponse:
    audit = _audit(request, pk)
    _blind(request, audit)
    standard, rest = _standard(audit, standard_id)
    can_answer = permissions.can(request.user, "audit.answer", audit.case.service_id)
    conflicts: list[audit_services.Conflict] = []
    error = ""
    busy = False
    posted: dict[str, tuple[str, str]] = {}
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        inputs = _inputs(request, standard.visible)
        try:
            outcome = audit_services.save_answers(
                actor=request.user, audit=audit, version=_version(request), answers=inputs
            )
        except StaleEdit as exc:
            conflicts = exc.conflicts
            posted = {i.question_id: (i.value, i.note) for i in inputs}
            error = str(exc)
            audit.refresh_from_db()
        except AuditError as exc:
            error = str(exc)
            posted = {i.question_id: (i.value, i.note) for i in inputs}
        except DatabaseError:
            # Never a 500 that loses what was typed: show it again, say it is not saved.
            error = str(NOT_SAVED_BUSY)
            busy = True
            posted = {i.question_id: (i.value, i.note) for i in inputs}
        else:
            if outcome.merged:
                messages.info(
                    request,
                    _("Saved. Someone else also changed other answers in this case audit."),
                )
            else:
                messages.success(request, _("Answers saved."))
            if "next" in request.POST and rest:
                return redirect("audits:standard", pk=audit.pk, standard_id=rest[0].id)
            return redirect("audits:detail", pk=audit.pk)
        standard, rest = _standard(audit, standard_id)
    return render(
        request,
        "audits/audit/standard.html",
        {
            "audit": audit,
            "standard": standard,
            "rows": presenters.question_rows(standard, posted, conflicts),
            "next_standard": rest[0] if rest else None,
            "editable": audit.editable and can_answer and audit.round.archived_at is None,
            "conflicts": conflicts,
            "error": error,
        },
        status=409 if conflicts else (503 if busy else (400 if error else 200)),
    )


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int, standard_id: str) -> JsonResponse:
    """Save one question as the auditor goes (the page's script); JSON in and out."""
    audit = _audit(request, pk, light=True)
    _need(request, "audit.answer", audit)
    # Which questions the page shows; the stored answers are read inside the save.
    layout = audit_selectors.case_layout(
        results.round_framework(audit.round), results.audit_attributes(audit)
    )
    standard = next((s for s in layout if s.id == standard_id), None)
    if standard is None:
        raise Http404
    inputs = _inputs(request, standard.visible)
    try:
        outcome = audit_services.save_answers(
            actor=request.user, audit=audit, version=_version(request), answers=inputs
        )
    except StaleEdit as exc:
        return JsonResponse(
            {
                "ok": False,
                "message": str(exc),
                "version": exc.version,
                "conflicts": [c.public() for c in exc.conflicts],
            },
            status=409,
        )
    except AuditError as exc:
        return JsonResponse({"ok": False, "message": str(exc)}, status=400)
    except DatabaseError:
        # The script keeps the answer, says "not saved" and tries again.
        return JsonResponse(
            {"ok": False, "retry": True, "message": str(NOT_SAVED_BUSY)}, status=503
        )
    visible = [q.id for q in standard.visible]
    answered = audit.answers.filter(question_id__in=visible).count()
    return JsonResponse(
        {
            "ok": True,
            "version": outcome.version,
            "saved": outcome.saved,
            "merged": outcome.merged,
            "progress": _("%(a)d of %(b)d answered") % {"a": answered, "b": len(visible)},
        }
    )


def _details(form: DetailsForm) -> AuditDetails:
    present = {"yes": True, "no": False}.get(form.cleaned_data["case_manager_present"])
    return AuditDetails(present, form.cleaned_data["summary"])


@login_required
@require_POST
def details(request: HttpRequest, pk: int) -> HttpResponse:
    """The case audit page's one form: save the feedback and "case manager present", and
    with the submit button, submit the case audit with them (nothing typed is dropped)."""
    return _details_or_submit(request, pk, submitting="submit" in request.POST)


def _details_or_submit(
    request: HttpRequest, pk: int, *, submitting: bool, confirmed: bool = False
) -> HttpResponse:
    """Save the details; with `submitting`, go on to the confirmation page (or, from
    that page, `confirmed`, submit)."""
    audit = _audit(request, pk)
    _need(request, "audit.answer", audit)
    form = DetailsForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, audit, details_form=form, status=400)
    try:
        if submitting and confirmed:
            audit_services.submit(
                actor=request.user,
                audit=audit,
                version=form.cleaned_data["version"],
                details=_details(form),
            )
        else:
            audit_services.save_details(
                actor=request.user,
                audit=audit,
                version=form.cleaned_data["version"],
                details=_details(form),
            )
            if submitting:
                audit.refresh_from_db()
                missing = audit_services.missing_answers(audit)
                if missing:
                    raise Incomplete(missing)
                return redirect("audits:submit", pk=audit.pk)
    except Incomplete as exc:
        # The details were saved before the submission was refused.
        audit.refresh_from_db()
        return _render_detail(
            request,
            audit,
            missing=exc.missing,
            details_form=_fresh(audit, request),
            details_saved=True,
            status=400,
        )
    except AuditError as exc:
        form.add_error(None, str(exc))
        return _render_detail(request, audit, details_form=form, status=400)
    except DatabaseError:
        form.add_error(None, str(NOT_SAVED_BUSY))
        return _render_detail(request, audit, details_form=form, status=503)
    messages.success(request, _("Case audit submitted.") if submitting else _("Details saved."))
    return redirect("audits:detail", pk=audit.pk)


def _fresh(audit: CaseAudit, request: HttpRequest) -> DetailsForm:
    """The posted details again, with the version they were saved at."""
    data = request.POST.copy()
    data["version"] = str(audit.version)
    form = DetailsForm(data)
    form.is_valid()
    return form


def _confirm_page(
    request: HttpRequest,
    audit: CaseAudit,
    *,
    title: str,
    intro: str,
    button: str,
    button_id: str,
    blocked: str = "",
    warning: str = "",
    error: str = "",
    missing: list[tuple[str, str, str]] | None = None,
) -> HttpResponse:
    """A GOV.UK confirmation page: what is acted on, then one button that POSTs."""
    return render(
        request,
        "audits/audit/confirm_step.html",
        {
            "audit": audit,
            "what": audit_summaries.workflow_summary(audit),
            "title": title,
            "intro": intro,
            "button": button,
            "button_id": button_id,
            "blocked": blocked,
            "warning": warning,
            "error": error,
            "missing": missing or [],
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: check your answers before submitting. POST (the confirmation): submit; when
    the page's details are posted with it, they are saved with it."""
    if request.method == "POST" and (
        "summary" in request.POST or "case_manager_present" in request.POST
    ):
        return _details_or_submit(request, pk, submitting=True, confirmed=True)
    audit = _audit(request, pk)
    _need(request, "audit.answer", audit)
    error = ""
    missing: list[tuple[str, str, str]] = []
    if request.method == "POST":
        try:
            audit_services.submit(
                actor=request.user, audit=audit, version=_confirm_version(request)
            )
        except Incomplete as exc:
            missing = exc.missing
            error = str(exc)
        except AuditError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Case audit submitted."))
            return redirect("audits:detail", pk=audit.pk)
        audit.refresh_from_db()
    elif audit.editable:
        missing = audit_services.missing_answers(audit)
    return _confirm_page(
        request,
        audit,
        title=_("Submit the case audit"),
        intro=_("Check the case audit before you submit it for moderation:"),
        button=_("Confirm and submit"),
        button_id="confirm-submit",
        blocked=""
        if audit.editable
        else _("This case audit is not a draft or returned: it cannot be submitted."),
        warning=_("Once submitted, its answers cannot be changed unless it is returned to you."),
        error=error,
        missing=missing,
    )


def _step(request: HttpRequest, pk: int, action: str, fn: Any, done: str) -> HttpResponse:
    audit = _audit(request, pk)
    _need(request, action, audit)
    try:
        fn(actor=request.user, audit=audit)
    except AuditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("audits:detail", pk=audit.pk)


def _moderation_blocked(audit: CaseAudit) -> str:
    """Why "mark as moderated" cannot be done yet ("" when it can)."""
    if audit.status != "submitted":
        return _("Only a submitted case audit can be marked as moderated.")
    if audit.moderation_selected:
        if not audit.second_marking_done:
            return _("The second marker has not finished this case yet.")
        if any(d.resolved_value is None for d in audit_selectors.differences(audit)):
            return _("Resolve the differences between the markers first.")
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: a confirmation page; POST (from it): mark the case audit as moderated."""
    audit = _audit(request, pk)
    _need(request, "audit.moderate", audit)
    error = ""
    if request.method == "POST":
        try:
            audit_services.complete_moderation(actor=request.user, audit=audit)
        except AuditError as exc:
            error = str(exc)
            audit.refresh_from_db()
        else:
            messages.success(request, _("Moderated."))
            return redirect("audits:detail", pk=audit.pk)
    return _confirm_page(
        request,
        audit,
        title=_("Mark the case audit as moderated"),
        intro=_("You are marking this case audit as moderated, as it stands:"),
        button=_("Confirm: mark as moderated"),
        button_id="confirm-moderate",
        blocked="" if error else _moderation_blocked(audit),
        warning=_("It can then be signed off. Until then you can still return it with comments."),
        error=error,
    )


def _confirm_version(request: HttpRequest) -> int | None:
    """The version the confirmation page showed (None from a form without one)."""
    return _version(request) if "version" in request.POST else None


@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page saying what is being signed off, then the sign-off itself."""
    audit = _audit(request, pk)
    _need(request, "audit.signoff", audit)
    error = ""
    if request.method == "POST":
        try:
            audit_services.sign_off(
                actor=request.user, audit=audit, version=_confirm_version(request)
            )
        except AuditError as exc:
            error = str(exc)
            audit.refresh_from_db()
        else:
            messages.success(request, _("Signed off."))
            return redirect("audits:detail", pk=audit.pk)
    return render(
        request,
        "audits/audit/confirm_signoff.html",
        {"audit": audit, "what": audit_summaries.workflow_summary(audit), "error": error},
        status=400 if error else 200,
    )


def _workflow_with_reason(
    request: HttpRequest,
    pk: int,
    *,
    action: str,
    form_class: Any,
    act: Callable[..., Any],
    field: str,
    done: str,
    title: str,
    intro: str,
    button: str,
) -> HttpResponse:
    """A workflow step that asks for a reason (return, reopen): the confirmation page
    says what is acted on and carries the version seen, so a changed audit is refused."""
    audit = _audit(request, pk)
    _need(request, action, audit)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(
                actor=request.user,
                audit=audit,
                version=_confirm_version(request),
                **{field: form.cleaned_data[field]},
            )
        except AuditError as exc:
            form.add_error(None, str(exc))
            audit.refresh_from_db()
        else:
            messages.success(request, done)
            return redirect("audits:detail", pk=audit.pk)
    return render(
        request,
        "audits/audit/reason_form.html",
        {
            "audit": audit,
            "form": form,
            "title": title,
            "what": audit_summaries.workflow_summary(audit),
            "intro": intro,
            "button": button,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_audit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_with_reason(
        request,
        pk,
        action="audit.moderate",
        form_class=CommentsForm,
        act=audit_services.return_with_comments,
        field="comments",
        done=_("Returned to the auditor with your comments."),
        title=_("Return with comments"),
        intro=_(
            "The case audit goes back to the auditor, who can change its answers and "
            "submit it again. Moderation and sign-off start again after that."
        ),
        button=_("Return to the auditor"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_with_reason(
        request,
        pk,
        action="audit.reopen",
        form_class=ReasonForm,
        act=audit_services.reopen,
        field="reason",
        done=_("Case audit reopened."),
        title=_("Reopen a signed-off case audit"),
        intro=_(
            "The case audit goes back to draft: its answers can be changed, and it is "
            "submitted, moderated and signed off again."
        ),
        button=_("Reopen the case audit"),
    )


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _blind(request, audit)
    return render(
        request,
        "audits/audit/history.html",
        {"audit": audit, "events": presenters.history_rows(audit)},
    )
