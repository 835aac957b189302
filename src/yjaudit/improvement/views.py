"""Pages for improvement plans. `permissions` decides, services write, selectors read.

Plans, actions and evidence are looked up by random UUID through `permissions.scope`,
so anything of another service is a 404; a visible object the user may not change is
a 403.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from yjaudit.audits.disclosure import disclosure_for
from yjaudit.organisations import permissions
from yjaudit.organisations.views_support import (
    get_scoped_object_or_404,
    require_action,
    service_for_action,
)
from yjaudit.web import listing
from yjaudit.web.archiving import ArchivePage, archive_flow, restore_flow

from . import clock, exporting, importing, readonly, selectors, services
from .evidence import EvidenceError
from .forms import (
    ActionEditForm,
    ActionFilterForm,
    ActionForm,
    ApprovalForm,
    FindingForm,
    ImportForm,
    PlanEditForm,
    PlanFilterForm,
    PlanForm,
    ProgressForm,
    RecommendationForm,
    ScrutinyForm,
)
from .models import (
    Action,
    Approval,
    EvidenceFile,
    Finding,
    ImprovementPlan,
    Recommendation,
    Status,
)
from .rules import plan_rules


def _plan(request: HttpRequest, pk: Any, manage: bool = False) -> ImprovementPlan:
    plan = get_scoped_object_or_404(
        ImprovementPlan.objects.select_related("service", "audit_round", "framework_edition"),
        request.user,
        "plan.view",
        pk=pk,
    )
    if manage and not permissions.can(request.user, "plan.manage", plan.service):
        raise PermissionDenied
    return plan


def _action(request: HttpRequest, pk: Any) -> Action:
    return get_scoped_object_or_404(
        Action.objects.select_related("plan__service", "parent", "recommendation", "lead_staff"),
        request.user,
        "plan.view",
        service_field="plan__service",
        staff_field="lead_staff",
        pk=pk,
    )


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@contextmanager
def _errors_on(form: Form) -> Iterator[None]:
    """Run a service write; a ValidationError it raises lands on the form, not the user,
    and so does the refusal of a write to an archived plan or action.

    The rest of the block (message, redirect) runs only when the write succeeded; after a
    refused write the view goes on to show the form again with its errors.
    """
    try:
        yield
    except ValidationError as error:
        _apply_errors(form, error)
    except readonly.PlanArchived as refused:
        form.add_error(None, str(refused))


def _form_page(
    request: HttpRequest,
    form: Form,
    *,
    title: str,
    plan: ImprovementPlan | None = None,
    action: Action | None = None,
    button: str = "",
    caption: str = "",
    multipart: bool = False,
    problems: list[str] | None = None,
    refused: str = "",
) -> HttpResponse:
    """A form page. `refused`: why the plan or action is read-only (`readonly.reason`); the
    page then says so as its one error, shows no form, and links back to the page where
    it may be restored."""
    return render(
        request,
        "improvement/form.html",
        {
            "form": form,
            "refused": refused,
            "back_url": (
                reverse("plans:action", kwargs={"pk": action.pk})
                if action is not None
                else reverse("plans:detail", kwargs={"pk": plan.pk})
                if plan is not None
                else ""
            ),
            "title": title,
            "plan": plan,
            "action": action,  # the breadcrumbs name the action an edit page belongs to
            "button": button or _("Save"),
            "caption": caption or (plan.title if plan else ""),
            "multipart": multipart,
            "problems": [refused] if refused else problems or [],
        },
    )


PLAN_COLUMNS = (
    listing.Column("title", _l("Plan"), ("title",)),
    listing.Column("service", _l("Service"), ("service__name", "title")),
    listing.Column("published", _l("Report published"), ("published_on", "title")),
    *(
        listing.Column(key, label, numeric=True)
        for key, label in (
            ("actions", _l("Actions")),
            ("completed", _l("Completed")),
            ("overdue", _l("Overdue")),
            ("red", _l("Red")),
            ("amber", _l("Amber")),
            ("green", _l("Green")),
        )
    ),
)


@require_action("plan.view")
def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans, sorted, searched, filtered (status, overdue, archived) and paged, all from
    the query string (no JavaScript)."""
    sorting = listing.read_sort(request.GET, PLAN_COLUMNS, "title")
    form = PlanFilterForm(request.GET or None)
    chosen = form.filters()
    plans = selectors.plans_listed(
        selectors.plans_for(request.user),
        order_by=listing.order_fields(PLAN_COLUMNS, sorting),
        **chosen,
    )
    page, query = listing.paginate(plans, request.GET)
    summaries = [(p, selectors.rag_summary(p)) for p in page.object_list]
    return render(
        request,
        "improvement/plan_list.html",
        {
            "summaries": summaries,
            "page": page,
            "query": query,
            "form": form,
            "filtered": bool(chosen),
            "sort": listing.param(request.GET, "sort"),
            "headings": listing.headings(request.GET, PLAN_COLUMNS, sorting),
            "manageable": permissions.services_for(request.user, "plan.manage"),
            "can_overdue": permissions.can(request.user, "plan.overdue"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "plan.manage")
    form = PlanForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        with _errors_on(form):
            plan = services.create_plan(actor=request.user, service=service, **form.cleaned_data)
            messages.success(request, _("Plan created. Add its recommendations and actions."))
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(
        request,
        form,
        title=_("Create an improvement plan"),
        caption=service.name,
        button=_("Create plan"),
    )


def _restore_link(user: Any, plan: ImprovementPlan, action: Action) -> tuple[str, str] | None:
    """On an action's page, where what makes it read-only is restored (its plan, or the
    action it belongs to), for those who may. The page's own archive banner has the link
    to restore the action itself, as the plan's page has the plan's."""
    if not permissions.can(user, "plan.archive", plan.service):
        return None
    if plan.archived_at is not None:
        return reverse("plans:restore", kwargs={"pk": plan.pk}), _("Restore the plan")
    parent = action.parent if action.parent_id is not None else None
    if action.archived_at is None and parent is not None and parent.archived_at is not None:
        return (
            reverse("plans:action_restore", kwargs={"pk": parent.pk}),
            _("Restore action %(n)s") % {"n": parent.label},
        )
    return None


@login_required
def plan_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk)
    user = request.user
    # An archived plan is read-only: the page offers no change, only its restore.
    read_only = readonly.reason(plan)
    can_archive = permissions.can(user, "plan.archive", plan.service)
    return render(
        request,
        "improvement/plan_detail.html",
        {
            "plan": plan,
            "today": clock.today(),
            "blocks": selectors.plan_table(plan),
            "summary": selectors.rag_summary(plan),
            "strengths": plan.findings.filter(kind="strength", archived_at__isnull=True),
            "improvements": plan.findings.filter(kind="improvement", archived_at__isnull=True),
            "archived_findings": selectors.archived_findings(plan),
            "archived_actions": selectors.archived_actions(plan),
            "can_archive": can_archive,  # the plan itself: archive, or restore
            "can_archive_items": can_archive and not read_only,  # its findings and actions
            "read_only": read_only,  # the banner above it has the link to restore the plan
            "approvals": plan.approvals.all(),
            "scrutiny": plan.scrutiny_reports.all(),
            "impact": selectors.impact(plan, disclosure_for(user, plan.service)),
            "can_manage": permissions.can(user, "plan.manage", plan.service) and not read_only,
            "submission_late": bool(
                plan.submission_due
                and not plan.submitted_on
                and clock.today() > plan.submission_due
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk, manage=True)
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS}
    form = PlanEditForm(request.POST or None, initial=initial, service=plan.service)
    if request.method == "POST" and form.is_valid():
        with _errors_on(form):
            services.update_plan(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("Plan saved."))
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(
        request, form, title=_("Edit the plan"), plan=plan, refused=readonly.reason(plan)
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_add(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk, manage=True)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with _errors_on(form):
            services.add_finding(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("Finding added."))
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(
        request,
        form,
        title=_("Add a key strength or area for improvement"),
        plan=plan,
        refused=readonly.reason(plan),
    )


@login_required
@require_POST
def findings_pull(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk, manage=True)
    try:
        added = services.pull_findings(actor=request.user, plan=plan)
    except readonly.PlanArchived as refused:
        messages.error(request, str(refused))
        return redirect("plans:detail", pk=plan.pk)
    if added:
        messages.success(
            request, _("%(n)s findings added from the round's results.") % {"n": added}
        )
    else:
        messages.info(request, _("The round has no results to add yet."))
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_add(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk, manage=True)
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with _errors_on(form):
            services.add_recommendation(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("Recommendation added."))
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(
        request, form, title=_("Add a recommendation"), plan=plan, refused=readonly.reason(plan)
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    rec = get_scoped_object_or_404(
        Recommendation.objects.select_related("plan__service"),
        request.user,
        "plan.view",
        service_field="plan__service",
        pk=pk,
    )
    plan = _plan(request, rec.plan_id, manage=True)
    initial = {"text": rec.text, "owner_role": rec.owner_role, "concerns": ", ".join(rec.concerns)}
    form = RecommendationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with _errors_on(form):
            services.update_recommendation(
                actor=request.user, recommendation=rec, **form.cleaned_data
            )
            messages.success(request, _("Recommendation saved."))
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(
        request,
        form,
        title=_("Edit the recommendation"),
        plan=plan,
        refused=readonly.reason(plan),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk, manage=True)
    # Preselect the recommendation the link came from, else the latest one.
    last = plan.recommendations.order_by("-position").first()
    initial = {"recommendation": request.GET.get("recommendation") or (last.pk if last else None)}
    form = ActionForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("parent") is not None:
            # A sub-action sits under its action's recommendation, whatever was chosen.
            data["recommendation"] = data["parent"].recommendation
        with _errors_on(form):
            action = services.add_action(actor=request.user, plan=plan, **data)
            messages.success(request, _("Action %(n)s added.") % {"n": action.label})
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(
        request, form, title=_("Add an action"), plan=plan, refused=readonly.reason(plan)
    )


@login_required
def action_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    action = _action(request, pk)
    user = request.user
    plan = action.plan
    # Read-only while its plan, itself or its action is archived: no progress, no edits.
    read_only = readonly.reason(plan, action)
    return render(
        request,
        "improvement/action_detail.html",
        {
            "action": action,
            "plan": action.plan,
            "rag": selectors.rag(action),
            "outcome": selectors.outcome_text(action),
            "updates": action.updates.prefetch_related("evidence").select_related("author"),
            "can_manage": not read_only and permissions.can(user, "plan.manage", plan.service),
            # Archiving or restoring the action changes its plan: not while that is archived.
            "can_archive": plan.archived_at is None
            and permissions.can(user, "plan.archive", plan.service),
            "read_only": read_only,
            "restore": _restore_link(user, plan, action),
            "live": selectors.is_live(action),
            "can_progress": not read_only and permissions.may_record_progress(user, action),
            "can_evidence": permissions.can(user, "plan.evidence", action.plan.service),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    action = _action(request, pk)
    plan = _plan(request, action.plan_id, manage=True)
    initial = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    initial["measures"] = ", ".join(action.measures)
    form = ActionEditForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        with _errors_on(form):
            services.update_action(actor=request.user, action=action, **form.cleaned_data)
            messages.success(request, _("Action %(n)s saved.") % {"n": action.label})
            return redirect("plans:action", pk=action.pk)
    return _form_page(
        request,
        form,
        title=_("Edit action %(n)s") % {"n": action.label},
        plan=plan,
        action=action,
        refused=readonly.reason(plan, action),
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_add(request: HttpRequest, pk: Any) -> HttpResponse:
    action = _action(request, pk)
    if not permissions.may_record_progress(request.user, action):
        raise PermissionDenied
    form = ProgressForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("evidence")
        # Read no more than one byte past the limit: the check then refuses it by size.
        limit = plan_rules().evidence.max_bytes + 1
        files = [(upload.name, upload.read(limit))] if upload else []
        try:
            services.record_progress(
                actor=request.user,
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
                files=files,
            )
        except EvidenceError as error:
            form.add_error("evidence", str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        except readonly.PlanArchived as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Progress recorded on action %(n)s.") % {"n": action.label})
            return redirect("plans:action", pk=action.pk)
    return _form_page(
        request,
        form,
        title=_("Record progress on action %(n)s") % {"n": action.label},
        plan=action.plan,
        action=action,
        multipart=True,
        refused=readonly.reason(action.plan, action),
    )


@login_required
def evidence_download(request: HttpRequest, pk: Any) -> HttpResponseBase:
    evidence = get_scoped_object_or_404(
        EvidenceFile.objects.select_related("update__action__plan__service"),
        request.user,
        "plan.evidence",
        service_field="update__action__plan__service",
        pk=pk,
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = evidence.content_type or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def approval_add(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk, manage=True)
    form = ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with _errors_on(form):
            approval = services.record_approval(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(
                request, _("Board approval recorded: version %(v)s kept.") % {"v": approval.version}
            )
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(
        request, form, title=_("Record board approval"), plan=plan, refused=readonly.reason(plan)
    )


def _snapshot_in_words(snapshot: Any) -> Any:
    """The approved version for the page: each action's status in words (the snapshot
    keeps the stored code, shown as it is in the JSON below)."""
    if not isinstance(snapshot, dict):
        return snapshot
    words = dict(Status.choices)
    shown = dict(snapshot)
    shown["recommendations"] = [
        {
            **rec,
            "actions": [
                {**a, "status": words.get(str(a.get("status")), a.get("status"))}
                for a in rec.get("actions", [])
                if isinstance(a, dict)
            ],
        }
        for rec in snapshot.get("recommendations", [])
        if isinstance(rec, dict)
    ]
    return shown


@login_required
def approval_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    approval = get_scoped_object_or_404(
        Approval.objects.select_related("plan__service"),
        request.user,
        "plan.view",
        service_field="plan__service",
        pk=pk,
    )
    return render(
        request,
        "improvement/approval_detail.html",
        {
            "approval": approval,
            "plan": approval.plan,
            "snap": _snapshot_in_words(approval.snapshot),
            "snap_json": json.dumps(approval.snapshot, indent=2, ensure_ascii=False),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def scrutiny_add(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk, manage=True)
    form = ScrutinyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with _errors_on(form):
            services.add_scrutiny_report(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("Scrutiny report recorded."))
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(
        request,
        form,
        title=_("Record a report to scrutiny"),
        plan=plan,
        refused=readonly.reason(plan),
    )


EXPORTS = {
    "xlsx": (
        exporting.to_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "docx": (
        exporting.to_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (exporting.to_pdf, "application/pdf"),
}


@login_required
def plan_export(request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
    plan = _plan(request, pk)
    if fmt not in EXPORTS:
        raise Http404
    build, content_type = EXPORTS[fmt]
    response = HttpResponse(build(plan), content_type=content_type)
    name = slugify(plan.title)[:60] or "plan"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk, manage=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    refused = readonly.reason(plan)  # an archived plan: the file is not even read
    if request.method == "POST" and not refused and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = importing.import_plan_sheet(
                actor=request.user, plan=plan, data=upload.read(plan_rules().import_max_bytes + 1)
            )
        except importing.PlanImportError as error:
            problems = [p.format(upload.name) for p in error.problems]
            form.add_error("file", _("The file has problems; nothing was imported."))
        else:
            messages.success(
                request,
                _("Imported %(r)s recommendations and %(a)s actions.")
                % {"r": summary.recommendations, "a": summary.actions},
            )
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(
        request,
        form,
        title=_("Import actions from Excel"),
        plan=plan,
        multipart=True,
        button=_("Import"),
        problems=problems,
        refused=refused,
    )


@require_action("plan.view")
def my_actions(request: HttpRequest) -> HttpResponse:
    actions = selectors.my_actions(request.user)
    today = clock.today()
    rows = [(a, selectors.rag(a, today), a.is_overdue(today)) for a in actions]
    return render(request, "improvement/my_actions.html", {"rows": rows})


@require_action("plan.overdue")
def overdue(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    rows = [
        (a, (today - a.deadline).days if a.deadline else 0)
        for a in selectors.overdue_actions(request.user, today)
    ]
    return render(request, "improvement/overdue.html", {"rows": rows, "today": today})


ACTION_COLUMNS = (
    listing.Column("number", _l("No."), selectors.ACTION_ORDER),
    listing.Column("description", _l("Action")),
    # Ties keep the plan's numbering (UUID keys have no order).
    listing.Column("due", _l("Due date"), ("deadline_key", *selectors.ACTION_ORDER)),
    listing.Column("status", _l("Status"), ("status", *selectors.ACTION_ORDER)),
    listing.Column("owner", _l("Lead"), ("lead_key", *selectors.ACTION_ORDER)),
)


@login_required
def plan_actions(request: HttpRequest, pk: Any) -> HttpResponse:
    """The plan's actions in one list: sorted by due date, status or lead, filtered by
    status, overdue and archived (archived actions listed here with a restore link)."""
    plan = _plan(request, pk)
    sorting = listing.read_sort(request.GET, ACTION_COLUMNS, "number")
    form = ActionFilterForm(request.GET or None)
    chosen = form.filters()
    today = clock.today()
    actions = selectors.plan_actions(
        plan, order_by=listing.order_fields(ACTION_COLUMNS, sorting), today=today, **chosen
    )
    page, query = listing.paginate(actions, request.GET)
    rows = [(a, selectors.rag(a, today), a.is_overdue(today)) for a in page.object_list]
    return render(
        request,
        "improvement/plan_actions.html",
        {
            "plan": plan,
            "rows": rows,
            "page": page,
            "query": query,
            "form": form,
            "filtered": bool(chosen),
            "sort": listing.param(request.GET, "sort"),
            "headings": listing.headings(request.GET, ACTION_COLUMNS, sorting),
            "can_archive": permissions.can(request.user, "plan.archive", plan.service),
        },
    )


# Archive and restore (never deleted): plan.archive decides; services record the trail.

PLAN_EFFECTS = (
    _l("it leaves the plans list (find it under Archived)"),
    _l("its actions get no reminders and leave due, overdue and my-actions counts"),
    _l("it is kept whole: findings, actions, progress, evidence and approvals"),
)
ACTION_EFFECTS = (
    _l("it gets no reminders and leaves due, overdue and my-actions counts"),
    _l("it and its sub-actions leave the plan's progress figures (red, amber, green, completed)"),
    _l("it is listed under Archived on the plan, with its progress and evidence kept"),
)
FINDING_EFFECTS = (
    _l("it leaves the plan's findings and downloads of the plan"),
    _l("it is listed under Archived on the plan"),
)


def _need_archive(request: HttpRequest, plan: ImprovementPlan) -> None:
    if not permissions.can(request.user, "plan.archive", plan.service):
        raise PermissionDenied


def _plan_crumbs(plan: ImprovementPlan) -> list[tuple[Any, str]]:
    return [
        (_("Home"), reverse("web:home")),
        (_("Improvement plans"), reverse("plans:list")),
        (plan.title, reverse("plans:detail", kwargs={"pk": plan.pk})),
    ]


def _plan_page(plan: ImprovementPlan) -> ArchivePage:
    return ArchivePage(
        kind=_("improvement plan"),
        name=plan.title,
        back_url=reverse("plans:detail", kwargs={"pk": plan.pk}),
        effects=PLAN_EFFECTS,
        crumbs=_plan_crumbs(plan),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_archive(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk)
    _need_archive(request, plan)
    return archive_flow(
        request,
        _plan_page(plan),
        plan,
        lambda reason: services.archive_plan(actor=request.user, plan=plan, reason=reason),
        done=_("Plan archived. Restore it from its page at any time."),
        done_url=reverse("plans:detail", kwargs={"pk": plan.pk}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_restore(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = _plan(request, pk)
    _need_archive(request, plan)
    return restore_flow(
        request,
        _plan_page(plan),
        plan,
        lambda reason: services.restore_plan(actor=request.user, plan=plan, reason=reason),
        done=_("Plan restored."),
        done_url=reverse("plans:detail", kwargs={"pk": plan.pk}),
    )


def _action_page(action: Action) -> ArchivePage:
    return ArchivePage(
        kind=_("plan action"),
        name=_("Action %(n)s") % {"n": action.label},
        back_url=reverse("plans:action", kwargs={"pk": action.pk}),
        effects=ACTION_EFFECTS,
        crumbs=_plan_crumbs(action.plan),
        blocked=readonly.plan_message() if action.plan.archived_at else "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_archive(request: HttpRequest, pk: Any) -> HttpResponse:
    action = _action(request, pk)
    _need_archive(request, action.plan)
    return archive_flow(
        request,
        _action_page(action),
        action,
        lambda reason: services.archive_action(actor=request.user, action=action, reason=reason),
        done=_("Action %(n)s archived.") % {"n": action.label},
        done_url=reverse("plans:detail", kwargs={"pk": action.plan_id}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_restore(request: HttpRequest, pk: Any) -> HttpResponse:
    action = _action(request, pk)
    _need_archive(request, action.plan)
    return restore_flow(
        request,
        _action_page(action),
        action,
        lambda reason: services.restore_action(actor=request.user, action=action, reason=reason),
        done=_("Action %(n)s restored.") % {"n": action.label},
        done_url=reverse("plans:action", kwargs={"pk": action.pk}),
    )


def _finding(request: HttpRequest, pk: Any) -> Finding:
    finding = get_scoped_object_or_404(
        Finding.objects.select_related("plan__service", "archived_by"),
        request.user,
        "plan.view",
        service_field="plan__service",
        pk=pk,
    )
    _need_archive(request, finding.plan)
    return finding


def _finding_page(finding: Finding) -> ArchivePage:
    return ArchivePage(
        kind=_("finding"),
        name=finding.text[:80],
        back_url=reverse("plans:detail", kwargs={"pk": finding.plan_id}),
        effects=FINDING_EFFECTS,
        crumbs=_plan_crumbs(finding.plan),
        blocked=readonly.plan_message() if finding.plan.archived_at else "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_archive(request: HttpRequest, pk: Any) -> HttpResponse:
    finding = _finding(request, pk)
    return archive_flow(
        request,
        _finding_page(finding),
        finding,
        lambda reason: services.archive_finding(actor=request.user, finding=finding, reason=reason),
        done=_("Finding archived."),
        done_url=reverse("plans:detail", kwargs={"pk": finding.plan_id}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_restore(request: HttpRequest, pk: Any) -> HttpResponse:
    finding = _finding(request, pk)
    return restore_flow(
        request,
        _finding_page(finding),
        finding,
        lambda reason: services.restore_finding(actor=request.user, finding=finding, reason=reason),
        done=_("Finding restored."),
        done_url=reverse("plans:detail", kwargs={"pk": finding.plan_id}),
    )
