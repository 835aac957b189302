"""Pages of the case audit. `permissions` decides who; `audit_services` writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yjaudit.organisations import permissions
from yjaudit.organisations.views_support import get_scoped_object_or_404, require_action
from yjaudit.reports.disclosure import disclosure_for
from yjaudit.spec.model import RatedBy

from . import audit_presenters as presenters
from . import audit_selectors, audit_services, results
from .audit_forms import (
    CommentsForm,
    DetailsForm,
    InspectionForm,
    JudgementForm,
    OverrideForm,
    ReasonForm,
    ResolveForm,
    SelectionForm,
)
from .audit_models import CaseAudit
from .audit_services import AnswerInput, AuditError, Incomplete, StaleEdit
from .models import AuditRound

# -- lookups ---------------------------------------------------------------------------


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
    service_id = audit.case.service_id
    if (
        audit_services.can_second_mark(request.user, audit)
        and permissions.can(request.user, "audit.second_mark", service_id)
        and not permissions.can(request.user, "audit.moderate", service_id)
    ):
        raise PermissionDenied(_("Second markers see the first marks only once they finish."))


def _need(request: HttpRequest, action: str, audit: CaseAudit | AuditRound) -> None:
    service_id = audit.case.service_id if isinstance(audit, CaseAudit) else audit.service_id
    if not permissions.can(request.user, action, service_id):
        raise PermissionDenied


# -- round level -----------------------------------------------------------------------


@login_required
def round_audits(request: HttpRequest, round_pk: int) -> HttpResponse:
    audit_round = _round(request, round_pk)
    _need(request, "audit.review", audit_round)
    audit_services.ensure_audits(actor=request.user, audit_round=audit_round)
    framework = results.round_framework(audit_round)
    rows = presenters.audit_rows(audit_round, request.user)
    can = {
        a: permissions.can(request.user, f"audit.{a}", audit_round.service)
        for a in ("moderate", "judge", "results", "answer")
    }
    judged = [s for s in framework.standards if s.rated_by is RatedBy.JUDGEMENT]
    return render(
        request,
        "audits/audit/round.html",
        {"round": audit_round, "rows": rows, "can": can, "judged": judged},
    )


@login_required
def results_page(request: HttpRequest, round_pk: int) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.results")
    section = request.GET.get("show", "overview")
    if section not in presenters.RESULT_SECTIONS:
        section = "overview"
    shown = disclosure_for(request.user, audit_round.service)
    page = presenters.results_page(audit_round, section, shown)
    return render(
        request,
        "audits/audit/results.html",
        {
            "round": audit_round,
            "page": page,
            "section": section,
            "shown": shown,
            "can_judge": permissions.can(request.user, "audit.judge", audit_round.service),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderation(request: HttpRequest, round_pk: int) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.moderate")
    audit_services.ensure_audits(actor=request.user, audit_round=audit_round)
    audits = list(audit_selectors.audits_in_round(audit_round))
    form = SelectionForm(
        request.POST or None,
        choices=[(a.pk, a.case.reference) for a in audits if not a.moderation_selected],
    )
    if request.method == "POST" and form.is_valid():
        share = form.cleaned_data.get("share")
        try:
            chosen = audit_services.select_for_moderation(
                actor=request.user,
                audit_round=audit_round,
                audit_ids=form.cleaned_data.get("audits") or (),
                share=share / 100 if share else None,
                seed=form.cleaned_data.get("seed"),
            )
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("%(n)d cases chosen for second marking.") % {"n": len(chosen)}
            )
            return redirect("audits:moderation", round_pk=audit_round.pk)
    return render(
        request,
        "audits/audit/moderation.html",
        {
            "round": audit_round,
            "form": form,
            "selected": [a for a in audits if a.moderation_selected],
            "agreement": presenters.agreement_tables(audit_round),
        },
    )


@login_required
def judgements(request: HttpRequest, round_pk: int) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.results")
    return render(
        request,
        "audits/audit/judgements.html",
        {
            "round": audit_round,
            "rows": presenters.judgement_rows(
                audit_round, disclosure_for(request.user, audit_round.service)
            ),
            "can_judge": permissions.can(request.user, "audit.judge", audit_round.service),
        },
    )


def _ratings(audit_round: AuditRound, standard_id: str) -> list[str]:
    framework = results.round_framework(audit_round)
    try:
        standard = framework.standard(standard_id)
    except KeyError:
        raise Http404 from None
    scheme = framework.rating_scheme(standard.rating_scheme)
    if scheme is None:
        raise Http404
    return [b.label for b in scheme.bands]


@login_required
@require_http_methods(["GET", "POST"])
def judgement_edit(request: HttpRequest, round_pk: int, standard_id: str) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.judge")
    framework = results.round_framework(audit_round)
    ratings = _ratings(audit_round, standard_id)
    standard = framework.standard(standard_id)
    if standard.rated_by is not RatedBy.JUDGEMENT:
        raise Http404
    current = audit_round.judgements.filter(standard_id=standard_id).first()
    initial = (
        {"rating": current.rating, "evidence": current.evidence, "reasons": current.reasons}
        if current
        else None
    )
    form = JudgementForm(request.POST or None, initial=initial, ratings=ratings)
    if request.method == "POST" and form.is_valid():
        try:
            audit_services.set_judgement(
                actor=request.user,
                audit_round=audit_round,
                standard_id=standard_id,
                **form.cleaned_data,
            )
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Rating saved."))
            return redirect("audits:judgements", round_pk=audit_round.pk)
    return render(
        request,
        "audits/audit/judgement_form.html",
        {"round": audit_round, "standard": standard, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def override_edit(request: HttpRequest, round_pk: int, standard_id: str) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.judge")
    framework = results.round_framework(audit_round)
    ratings = _ratings(audit_round, standard_id)
    standard = framework.standard(standard_id)
    current = audit_round.overrides.filter(standard_id=standard_id).first()
    initial = {"rating": current.rating, "reason": current.reason} if current else None
    form = OverrideForm(
        request.POST or None,
        initial=initial,
        ratings=ratings,
        blank=_("No override: the computed rating stands"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            audit_services.set_override(
                actor=request.user,
                audit_round=audit_round,
                standard_id=standard_id,
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
            )
        except AuditError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("Override saved."))
            return redirect("audits:results", round_pk=audit_round.pk)
    computed = presenters.computed_rating(audit_round, standard_id)
    return render(
        request,
        "audits/audit/override_form.html",
        {"round": audit_round, "standard": standard, "form": form, "computed": computed},
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection(request: HttpRequest, round_pk: int) -> HttpResponse:
    audit_round = _round(request, round_pk, "audit.results")
    can_judge = permissions.can(request.user, "audit.judge", audit_round.service)
    form = InspectionForm(request.POST or None)
    if request.method == "POST":
        if not can_judge:
            raise PermissionDenied
        if form.is_valid():
            try:
                findings = presenters.parse_findings(form.cleaned_data["findings"])
                audit_services.import_inspection(
                    actor=request.user,
                    audit_round=audit_round,
                    findings=findings,
                    source=form.cleaned_data["source"],
                )
            except AuditError as exc:
                form.add_error("findings", str(exc))
            else:
                messages.success(request, _("Inspection findings saved."))
                return redirect("audits:inspection", round_pk=audit_round.pk)
    return render(
        request,
        "audits/audit/inspection.html",
        {
            "round": audit_round,
            "form": form,
            "can_judge": can_judge,
            "rows": presenters.inspection_rows(
                audit_round, disclosure_for(request.user, audit_round.service)
            ),
        },
    )


# -- one case audit --------------------------------------------------------------------


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
    status: int = 200,
) -> HttpResponse:
    service_id = audit.case.service_id
    can = {
        a: permissions.can(request.user, f"audit.{a}", service_id)
        for a in ("answer", "moderate", "signoff", "reopen")
    }
    layout = audit_selectors.audit_layout(audit)
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
            "details_form": details_form,
            "second_markable": audit_services.can_second_mark(request.user, audit)
            and permissions.can(request.user, "audit.second_mark", service_id),
            "differences": audit_selectors.differences(audit) if audit.second_marking_done else [],
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
            "editable": audit.editable and can_answer,
            "conflicts": conflicts,
            "error": error,
        },
        status=409 if conflicts else (400 if error else 200),
    )


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int, standard_id: str) -> JsonResponse:
    """Save one question as the auditor goes (the page's script); JSON in and out."""
    audit = _audit(request, pk, light=True)
    _need(request, "audit.answer", audit)
    # Which questions the page shows; the stored answers are read inside the save.
    layout = audit_selectors.case_layout(
        results.round_framework(audit.round), results.case_attributes(audit.case)
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
                "conflicts": [c.__dict__ for c in exc.conflicts],
            },
            status=409,
        )
    except AuditError as exc:
        return JsonResponse({"ok": False, "message": str(exc)}, status=400)
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


@login_required
@require_POST
def details(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _need(request, "audit.answer", audit)
    form = DetailsForm(request.POST)
    if form.is_valid():
        present = {"yes": True, "no": False}.get(form.cleaned_data["case_manager_present"])
        try:
            audit_services.save_answers(
                actor=request.user,
                audit=audit,
                version=form.cleaned_data["version"],
                answers=[],
                case_manager_present=present,
                set_case_manager_present=True,
                summary=form.cleaned_data["summary"],
            )
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Details saved."))
            return redirect("audits:detail", pk=audit.pk)
    return _render_detail(request, audit, details_form=form, status=400)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _need(request, "audit.answer", audit)
    try:
        audit_services.submit(actor=request.user, audit=audit)
    except Incomplete as exc:
        return _render_detail(request, audit, missing=exc.missing, status=400)
    except AuditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Case audit submitted."))
    return redirect("audits:detail", pk=audit.pk)


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


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "audit.moderate", audit_services.complete_moderation, _("Moderated."))


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "audit.signoff", audit_services.sign_off, _("Signed off."))


@login_required
@require_http_methods(["GET", "POST"])
def return_audit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _need(request, "audit.moderate", audit)
    form = CommentsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            audit_services.return_with_comments(
                actor=request.user, audit=audit, comments=form.cleaned_data["comments"]
            )
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Returned to the auditor with your comments."))
            return redirect("audits:detail", pk=audit.pk)
    return render(
        request,
        "audits/audit/reason_form.html",
        {"audit": audit, "form": form, "title": _("Return with comments")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit(request, pk)
    _need(request, "audit.reopen", audit)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            audit_services.reopen(
                actor=request.user, audit=audit, reason=form.cleaned_data["reason"]
            )
        except AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Case audit reopened."))
            return redirect("audits:detail", pk=audit.pk)
    return render(
        request,
        "audits/audit/reason_form.html",
        {"audit": audit, "form": form, "title": _("Reopen a signed-off case audit")},
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


# -- moderation of one case ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def second_mark(request: HttpRequest, pk: int, standard_id: str) -> HttpResponse:
    audit = _audit(request, pk)
    _need(request, "audit.second_mark", audit)
    if not audit_services.can_second_mark(request.user, audit):
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
    _need(request, "audit.second_mark", audit)
    if not audit_services.can_second_mark(request.user, audit):
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


# -- practitioners ---------------------------------------------------------------------


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
