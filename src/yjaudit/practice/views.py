"""Practice pages: National Standards compliance figures, a standard in detail with its
trend, the one-to-one sheet, the team-meeting summary, uncovered high-risk cases and
imports. `permissions` decides (practice.view, practice.cases, practice.manage), the
services write, the selectors read. A board member sees the service's aggregate only,
small cells suppressed (`audits.disclosure`); a practitioner sees their own cases."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yjaudit.cases.import_pages import mapping_step, upload_step
from yjaudit.compliance import Month, Scope, months_ending
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Service, StaffMember
from yjaudit.organisations.views_support import service_for_action
from yjaudit.reports.document import ReportDocument
from yjaudit.reports.render import CONTENT_TYPES
from yjaudit.reports.render import render as render_format
from yjaudit.reports.render.html import render_fragment

from . import presenters, report, selectors, services
from .forms import ForumForm, ImportForm, KindMappingForm, SettingsForm
from .importing import fields_for, never_stored
from .models import ImportStatus, PracticeImport

DOWNLOADS = ("pdf", "docx")
SCOPES = {"team": Scope.TEAM, "case_manager": Scope.CASE_MANAGER}


def _month(request: HttpRequest, service: Service) -> tuple[Month, list[Month]]:
    today = timezone.localdate()
    offered = selectors.months_offered(service, today)
    chosen = request.GET.get("month", "")[:7]
    for m in offered:
        if m.label == chosen:
            return m, offered
    return selectors.latest_month(service, today), offered


def _staff(request: HttpRequest, service: Service) -> list[StaffMember]:
    """Case managers whose sheets the user may open (practitioners: themselves)."""
    staff = StaffMember.objects.filter(service=service, cases__isnull=False).distinct()
    return list(
        permissions.scope(staff, request.user, "practice.cases", staff_field="pk").order_by("name")
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    services_ = permissions.services_for(request.user, "practice.view").order_by("name")
    if services_.count() == 1:
        return redirect("practice:figures", service_code=services_[0].code)
    return render(request, "practice/index.html", {"services": services_})


@login_required
@require_GET
def figures(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "practice.view")
    month, offered = _month(request, service)
    shown = selectors.disclosure(request.user, service)
    can_cases = permissions.can(request.user, "practice.cases", service)
    by = request.GET.get("by", "")
    scope = SCOPES.get(by) if can_cases else None
    cases = selectors.visible_cases(service, request.user)
    found = selectors.figures(
        service,
        cases,
        [month],
        as_of=timezone.localdate(),
        scopes=(Scope.SERVICE, scope) if scope else (Scope.SERVICE,),
    )
    rules = selectors.rule_set(service)
    return render(
        request,
        "practice/figures.html",
        {
            "service": service,
            "month": month,
            "months": offered,
            "by": by if scope else "",
            "rules": rules,
            "rows": presenters.rule_rows(
                rules, [f for f in found if f.scope is Scope.SERVICE], shown
            ),
            "groups": presenters.group_tables(rules, found, scope, selectors.names(service), shown)
            if scope
            else [],
            "can_cases": can_cases,
            "own_only": service.pk
            not in permissions.service_ids_for(request.user, "practice.view")[0],
            "staff": _staff(request, service) if can_cases else [],
            "can_manage": permissions.can(request.user, "practice.manage", service),
            "counts": selectors.counts(service),
            "policy": selectors.forum_policy(service),
        },
    )


@login_required
@require_GET
def rule_detail(request: HttpRequest, service_code: str, rule_id: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "practice.view")
    rules = selectors.rule_set(service)
    try:
        rule = rules.get(rule_id)
    except KeyError:
        raise Http404 from None
    month, offered = _month(request, service)
    shown = selectors.disclosure(request.user, service)
    can_cases = permissions.can(request.user, "practice.cases", service)
    cases = selectors.visible_cases(service, request.user)
    today = timezone.localdate()
    months = months_ending(month, 12)
    trend = selectors.trend(service, cases, month, as_of=today)[rule.id]
    breakdown = (
        selectors.figures(
            service,
            cases,
            [month],
            as_of=today,
            scopes=(Scope.SERVICE, Scope.TEAM, Scope.CASE_MANAGER),
        )
        if can_cases
        else []
    )
    names = selectors.names(service)
    mine = [f for f in breakdown if f.rule == rule.id]
    service_figure = next((f for f in mine if f.scope is Scope.SERVICE), None)
    return render(
        request,
        "practice/rule.html",
        {
            "service": service,
            "rule": rule,
            "month": month,
            "months": offered,
            "trend": presenters.trend(rule.title, months, trend, shown),
            "teams": presenters.by_group(mine, Scope.TEAM, names, shown),
            "managers": presenters.by_group(mine, Scope.CASE_MANAGER, names, shown),
            "missed": service_figure.missed_cases if service_figure and can_cases else (),
            "can_cases": can_cases,
        },
    )


def _sheet(
    request: HttpRequest, service_code: str, staff_pk: int
) -> tuple[Service, Month, ReportDocument]:
    service = service_for_action(request.user, service_code, "practice.cases")
    staff = get_object_or_404(
        permissions.scope(
            StaffMember.objects.filter(service=service),
            request.user,
            "practice.cases",
            staff_field="pk",
        ),
        pk=staff_pk,
    )
    month, _offered = _month(request, service)
    today = timezone.localdate()
    cases = selectors.visible_cases(service, None).filter(case_manager=staff)
    doc = report.sheet_document(
        service, staff, month, as_of=today, uncovered=selectors.uncovered(service, cases, today)
    )
    return service, month, doc


def _download(doc: ReportDocument, fmt: str, name: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404
    response = HttpResponse(render_format(doc, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def sheet(request: HttpRequest, service_code: str, staff_pk: int) -> HttpResponse:
    service, month, doc = _sheet(request, service_code, staff_pk)
    _, offered = _month(request, service)
    return render(
        request,
        "practice/document.html",
        {
            "service": service,
            "month": month,
            "months": offered,
            "doc": doc,
            "body": mark_safe(render_fragment(doc)),  # noqa: S308 - our autoescaped template
            "downloads": [(fmt, f"{request.path}{fmt}/?month={month.label}") for fmt in DOWNLOADS],
        },
    )


@login_required
@require_GET
def sheet_download(
    request: HttpRequest, service_code: str, staff_pk: int, fmt: str
) -> HttpResponse:
    service, month, doc = _sheet(request, service_code, staff_pk)
    return _download(doc, fmt, f"one-to-one-{service.code}-{staff_pk}-{month.label}")


def _summary(request: HttpRequest, service_code: str) -> tuple[Service, Month, ReportDocument]:
    service = service_for_action(request.user, service_code, "practice.view")
    month, _offered = _month(request, service)
    shown = selectors.disclosure(request.user, service)
    can_cases = permissions.can(request.user, "practice.cases", service)
    cases = selectors.visible_cases(service, request.user)
    found = selectors.figures(
        service,
        cases,
        [month],
        as_of=timezone.localdate(),
        scopes=(Scope.SERVICE, Scope.TEAM) if can_cases else (Scope.SERVICE,),
    )
    doc = report.summary_document(
        service,
        month,
        as_of=timezone.localdate(),
        figures=found,
        hide_below=0 if shown.case_detail else shown.minimum,
    )
    return service, month, doc


@login_required
@require_GET
def summary(request: HttpRequest, service_code: str) -> HttpResponse:
    service, month, doc = _summary(request, service_code)
    _, offered = _month(request, service)
    return render(
        request,
        "practice/document.html",
        {
            "service": service,
            "month": month,
            "months": offered,
            "doc": doc,
            "body": mark_safe(render_fragment(doc)),  # noqa: S308 - our autoescaped template
            "downloads": [(fmt, f"{request.path}{fmt}/?month={month.label}") for fmt in DOWNLOADS],
        },
    )


@login_required
@require_GET
def summary_download(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    service, month, doc = _summary(request, service_code)
    return _download(doc, fmt, f"compliance-summary-{service.code}-{month.label}")


@login_required
@require_GET
def uncovered(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "practice.cases")
    today = timezone.localdate()
    cases = selectors.visible_cases(service, request.user, "practice.cases")
    names = selectors.names(service)
    gaps = selectors.uncovered(service, cases, today)
    policy = selectors.forum_policy(service)
    coverage = selectors.coverage(service, cases, months_ending(Month.of(today), 12), as_of=today)
    return render(
        request,
        "practice/uncovered.html",
        {
            "service": service,
            "today": today,
            "policy": policy,
            "threshold": presenters.risk_text(policy.threshold),
            "rows": [
                {
                    "reference": u.reference,
                    "manager": names.of(Scope.CASE_MANAGER, u.case_manager) or _("Not recorded"),
                    "team": names.of(Scope.TEAM, u.team) or _("Not recorded"),
                    "risk": presenters.risk_text(u.risk),
                    "since": u.since,
                    "days": u.days_uncovered,
                }
                for u in gaps
            ],
            "coverage": [
                {
                    "month": c.month.label,
                    "on": c.on,
                    "total": c.at_or_above,
                    "covered": c.covered,
                    "rate": "" if c.rate is None else f"{c.rate:.0%}",
                }
                for c in coverage[::-1]
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "practice.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    batch, problems = upload_step(
        request, form, services.upload_import, service=service, choice="kind"
    )
    if batch is not None:
        return redirect("practice:import_mapping", service_code=service.code, pk=batch.pk)
    return render(
        request,
        "practice/import_upload.html",
        {
            "service": service,
            "form": form,
            "problems": problems,
            "events": sorted(selectors.known_values(service, "events")),
            "forums": sorted(selectors.known_values(service, "memberships")),
            "recent": selectors.recent_imports(service),
        },
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, service_code: str, pk: int) -> HttpResponse:
    """Match the file's columns to the kind's fields (the case register's form and
    page); then every row is checked, and problems are listed by row and column."""
    service = service_for_action(request.user, service_code, "practice.manage")
    batch = get_object_or_404(PracticeImport, pk=pk, service=service)
    if batch.status != ImportStatus.UPLOADED:
        return redirect("practice:import_check", service_code=service.code, pk=batch.pk)
    hidden = never_stored(batch.headers, batch.kind)
    form = KindMappingForm(
        request.POST or None,
        request.FILES or None,
        headers=[h for h in batch.headers if h not in hidden],
        fields=fields_for(batch.kind),
        initial=batch.columns_used,
    )
    return mapping_step(
        request,
        batch=batch,
        form=form,
        map_import=services.map_import,
        used=services.ImportUsed,
        again_url=reverse("practice:import", kwargs={"service_code": service.code}),
        checked_url=reverse(
            "practice:import_check", kwargs={"service_code": service.code, "pk": batch.pk}
        ),
        what=batch.get_kind_display().lower(),
        hidden=hidden,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_check(request: HttpRequest, service_code: str, pk: int) -> HttpResponse:
    service = service_for_action(request.user, service_code, "practice.manage")
    batch = get_object_or_404(PracticeImport, pk=pk, service=service)
    if batch.status == ImportStatus.UPLOADED and request.method == "GET":
        return redirect("practice:import_mapping", service_code=service.code, pk=batch.pk)
    if request.method == "POST":
        try:
            if "abandon" in request.POST:
                services.abandon_import(actor=request.user, batch=batch)
                messages.success(request, _("The import was abandoned: nothing was imported."))
                return redirect("practice:import", service_code=service.code)
            if batch.status != ImportStatus.CHECKED:
                raise services.ImportUsed(
                    _("This import has already been used. Upload the file again.")
                )
            # Written by a background job: its page shows the rows done, then the counts.
            job = services.request_commit(actor=request.user, batch=batch)
        except services.ImportUsed as exc:
            messages.error(request, str(exc))
            return redirect("practice:import", service_code=service.code)
        return redirect("jobs:job", pk=job.pk)
    return render(
        request,
        "practice/import_check.html",
        {"service": service, "batch": batch, "waiting": batch.status == ImportStatus.CHECKED},
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_settings(request: HttpRequest, service_code: str) -> HttpResponse:
    """The service's rule set, forum threshold and its own risk forums."""
    service = service_for_action(request.user, service_code, "practice.manage")
    current = selectors.settings_of(service)
    rule_sets = [(i, selectors.rule_set_by_id(i).name) for i in selectors.rule_set_ids()]
    adding = request.method == "POST" and "add_forum" in request.POST
    saving = request.method == "POST" and not adding
    form = SettingsForm(
        request.POST if saving else None,
        rule_sets=rule_sets,
        initial={"rule_set": current.rule_set, "threshold": current.threshold},
    )
    forum_form = ForumForm(request.POST if adding else None)
    error = ""
    try:
        if saving and form.is_valid():
            services.set_settings(
                actor=request.user,
                service=service,
                rule_set=form.cleaned_data["rule_set"],
                threshold=form.cleaned_data["threshold"],
            )
            messages.success(request, _("The settings were saved."))
            return redirect("practice:settings", service_code=service.code)
        if adding and forum_form.is_valid():
            forum = services.add_forum(
                actor=request.user,
                service=service,
                code=forum_form.cleaned_data["code"],
                name=forum_form.cleaned_data["name"],
            )
            messages.success(request, _("Forum %(code)s added.") % {"code": forum.code})
            return redirect("practice:settings", service_code=service.code)
    except services.SettingsError as exc:
        error = str(exc)
    invalid = request.method == "POST"
    return render(
        request,
        "practice/settings.html",
        {
            "service": service,
            "form": form,
            "forum_form": forum_form,
            "error": error,
            "policy": selectors.forum_policy(service),
        },
        status=400 if invalid else 200,
    )
