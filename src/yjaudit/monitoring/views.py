"""Monitoring pages: the indicator dashboard, one indicator in detail, imports.

`permissions` decides (monitoring.view, monitoring.manage), services write, selectors
read. Figures are aggregates; breakdown cells below an indicator's minimum are shown as
suppressed, for every role.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yjaudit.audits.disclosure import disclosure_for
from yjaudit.cases.import_pages import mapping_step, upload_step
from yjaudit.indicators import (
    IndicatorSet,
    Quarter,
    quarter_containing,
    quarters_ending,
)
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Service
from yjaudit.organisations.views_support import service_for_action
from yjaudit.reports.render import CONTENT_TYPES, FORMATS
from yjaudit.reports.render import render as render_format
from yjaudit.reports.render.html import render_fragment
from yjaudit.stats.stages import CountAboveBase

from . import presenters, selectors, services
from .forms import ImportForm, RecordSetMappingForm
from .importing import fields_for, never_stored
from .models import ImportStatus, MonitoringImport
from .report import build_quarterly_report, filename, quarterly_data


def _sets() -> dict[str, IndicatorSet]:
    # In the page's language: Welsh titles and descriptions on Welsh pages.
    return selectors.indicator_sets()


def _quarter(
    request: HttpRequest, service: Service, indicator_set: IndicatorSet
) -> tuple[Quarter, list[Quarter]]:
    """The chosen quarter (default: the latest with records) and the ones offered."""
    today = timezone.localdate()
    complete = quarter_containing(today, indicator_set.year_starts_month).previous()
    latest = selectors.latest_quarter(service, indicator_set, today)
    # Offer every quarter from the last complete one back to four years before the latest
    # with records, so a service whose records stop early still reaches them.
    gap = 0
    q = complete
    while q != latest and gap < 40:
        q, gap = q.previous(), gap + 1
    offered = quarters_ending(complete, gap + 16)[::-1]
    chosen = request.GET.get("quarter", "")
    for q in offered:
        if q.label == chosen:
            return q, offered
    return latest, offered


@login_required
def index(request: HttpRequest) -> HttpResponse:
    services_ = permissions.services_for(request.user, "monitoring.view").order_by("name")
    if services_.count() == 1:
        return redirect("monitoring:dashboard", service_code=services_[0].code)
    return render(request, "monitoring/index.html", {"services": services_})


@login_required
def dashboard(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "monitoring.view")
    sets = _sets()
    indicator_set = (
        sets.get(request.GET.get("set", selectors.DEFAULT_SET)) or sets[selectors.DEFAULT_SET]
    )
    quarter, offered = _quarter(request, service, indicator_set)
    tiles = selectors.tiles(service, indicator_set, quarter, today=timezone.localdate())
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "service": service,
            "sets": sets.values(),
            "indicator_set": indicator_set,
            "quarter": quarter,
            "quarters": offered,
            "tiles": [presenters.tile(t) for t in tiles],
            # Beside the indicators, as inspection reports give it: the area's children
            # and offences per 1,000 of them (unless that set is the one shown).
            "area": None
            if indicator_set.id == selectors.AREA_SET
            else {
                "population": (population := selectors.area_population(service, quarter)),
                "total": f"{population.total:,}",
                "ages": presenters.ages_text(population.ages),
                "tiles": [
                    presenters.tile(t)
                    for t in selectors.area_tiles(service, quarter, today=timezone.localdate())
                ],
                "set_id": selectors.AREA_SET,
            },
            "counts": selectors.record_counts(service),
            "can_manage": permissions.can(request.user, "monitoring.manage", service),
        },
    )


@login_required
def indicator_detail(
    request: HttpRequest, service_code: str, set_id: str, indicator_id: str
) -> HttpResponse:
    service = service_for_action(request.user, service_code, "monitoring.view")
    indicator_set = _sets().get(set_id)
    if indicator_set is None:
        raise Http404
    try:
        indicator = indicator_set.get(indicator_id)
    except KeyError:
        raise Http404 from None
    quarter, offered = _quarter(request, service, indicator_set)
    by = request.GET.get("by", "")
    if by and by not in indicator.breakdowns:
        by = ""
    today = timezone.localdate()
    tables = selectors.Tables(service)
    trend_quarters = quarters_ending(quarter, 8)
    trend = [
        (figs[0] if figs else None)
        for figs in (
            selectors.figure(tables, indicator_set, indicator, q, today=today)
            for q in trend_quarters
        )
    ]
    breakdown = (
        selectors.figure(tables, indicator_set, indicator, quarter, today=today, by=(by,))
        if by
        else None
    )
    return render(
        request,
        "monitoring/indicator.html",
        {
            "service": service,
            "indicator_set": indicator_set,
            "indicator": indicator,
            "quarter": quarter,
            "quarters": offered,
            "by": by,
            "breakdown_label": presenters.BREAKDOWN_LABELS.get(by, by),
            "breakdowns": [
                (b, presenters.BREAKDOWN_LABELS.get(b, b)) for b in indicator.breakdowns
            ],
            "breakdown": [presenters.row(indicator, f, (by,)) for f in breakdown or []],
            "trend": presenters.trend(indicator, trend_quarters, trend),
        },
    )


def _indicator_set(set_id: str) -> IndicatorSet:
    found = _sets().get(set_id)
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def report(request: HttpRequest, service_code: str, set_id: str) -> HttpResponse:
    """The quarterly performance report as a page, with its downloads."""
    service = service_for_action(request.user, service_code, "monitoring.view")
    indicator_set = _indicator_set(set_id)
    quarter, offered = _quarter(request, service, indicator_set)
    doc = build_quarterly_report(
        quarterly_data(service, indicator_set, quarter, today=timezone.localdate())
    )
    return render(
        request,
        "monitoring/report.html",
        {
            "service": service,
            "indicator_set": indicator_set,
            "quarter": quarter,
            "quarters": offered,
            "doc": doc,
            "body": mark_safe(render_fragment(doc)),  # noqa: S308 - our autoescaped template
            "formats": FORMATS,
            # Downloads follow the reports' rule as well as monitoring's.
            "can_export": permissions.can(request.user, "report.export", service),
        },
    )


@login_required
@require_GET
def report_download(request: HttpRequest, service_code: str, set_id: str, fmt: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "monitoring.view")
    if not permissions.can(request.user, "report.export", service):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404
    indicator_set = _indicator_set(set_id)
    quarter, _offered = _quarter(request, service, indicator_set)
    doc = build_quarterly_report(
        quarterly_data(service, indicator_set, quarter, today=timezone.localdate())
    )
    response = HttpResponse(render_format(doc, fmt), content_type=CONTENT_TYPES[fmt])
    name = filename(service, indicator_set, quarter, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "monitoring.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    batch, problems = upload_step(
        request, form, services.upload_import, service=service, choice="record_set"
    )
    if batch is not None:
        return redirect("monitoring:import_mapping", service_code=service.code, pk=batch.pk)
    return render(
        request,
        "monitoring/import_upload.html",
        {
            "service": service,
            "form": form,
            "problems": problems,
            "fields": presenters.template_fields(),
            "recent": selectors.recent_imports(service),
        },
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, service_code: str, pk: int) -> HttpResponse:
    """Match the file's columns to the record set's fields (the case register's form);
    then every row is checked, and problems are listed by row and column."""
    service = service_for_action(request.user, service_code, "monitoring.manage")
    batch = get_object_or_404(MonitoringImport, pk=pk, service=service)
    if batch.status != ImportStatus.UPLOADED:
        return redirect("monitoring:import_check", service_code=service.code, pk=batch.pk)
    hidden = never_stored(batch.headers, batch.record_set)
    form = RecordSetMappingForm(
        request.POST or None,
        request.FILES or None,
        headers=[h for h in batch.headers if h not in hidden],
        fields=fields_for(batch.record_set),
        initial=batch.columns_used,
    )
    return mapping_step(
        request,
        batch=batch,
        form=form,
        map_import=services.map_import,
        used=services.ImportUsed,
        again_url=reverse("monitoring:import", kwargs={"service_code": service.code}),
        checked_url=reverse(
            "monitoring:import_check", kwargs={"service_code": service.code, "pk": batch.pk}
        ),
        what=str(batch.get_record_set_display()).lower(),  # mid-sentence
        hidden=hidden,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_check(request: HttpRequest, service_code: str, pk: int) -> HttpResponse:
    service = service_for_action(request.user, service_code, "monitoring.manage")
    batch = get_object_or_404(MonitoringImport, pk=pk, service=service)
    if batch.status == ImportStatus.UPLOADED and request.method == "GET":
        return redirect("monitoring:import_mapping", service_code=service.code, pk=batch.pk)
    if request.method == "POST":
        try:
            if "abandon" in request.POST:
                services.abandon_import(actor=request.user, batch=batch)
                messages.success(request, _("The import was abandoned: nothing was imported."))
                return redirect("monitoring:import", service_code=service.code)
            if batch.status != ImportStatus.CHECKED:
                raise services.ImportUsed(
                    _("This import has already been used. Upload the file again.")
                )
            # Written by a background job: its page shows the rows done, then the counts.
            job = services.request_commit(actor=request.user, batch=batch)
        except services.ImportUsed as exc:
            messages.error(request, str(exc))
            return redirect("monitoring:import", service_code=service.code)
        return redirect("jobs:job", pk=job.pk)
    return render(
        request,
        "monitoring/import_check.html",
        {
            "service": service,
            "batch": batch,
            "waiting": batch.status == ImportStatus.CHECKED,
            "rows": len(batch.pending or []),
        },
    )


@login_required
def disproportionality(request: HttpRequest, service_code: str) -> HttpResponse:
    """Relative rate index per stage and group from the service's records (12 months to
    the quarter's end); a count too small for the reader is not shown, nor its RRI."""
    service = service_for_action(request.user, service_code, "monitoring.view")
    indicator_set = _sets()[selectors.DEFAULT_SET]
    quarter, offered = _quarter(request, service, indicator_set)
    by = request.GET.get("by", "ethnicity")
    if by not in selectors.REFERENCE_GROUPS:
        by = "ethnicity"
    shown = disclosure_for(request.user, service)
    problem = ""
    try:
        found = selectors.disproportionality(service, quarter, by)
    except CountAboveBase as exc:  # population figures below the records' children
        found, problem = (), presenters.count_above_base_text(by, exc)
    stages = [
        {
            "stage": presenters.stage_text(s.stage),
            "base_stage": presenters.base_stage_text(s.base_stage),
            "rows": [presenters.rri_row(by, g, shown) for g in s.groups],
        }
        for s in found
    ]
    return render(
        request,
        "monitoring/disproportionality.html",
        {
            "service": service,
            "quarter": quarter,
            "quarters": offered,
            "by": by,
            "choices": [
                (k, presenters.BREAKDOWN_LABELS.get(k, k)) for k in selectors.REFERENCE_GROUPS
            ],
            "reference": presenters.group_text(by, selectors.REFERENCE_GROUPS[by]),
            "stages": stages,
            "problem": problem,
        },
    )
