"""Register pages: list, detail, export, and the import journey
(upload -> column mapping -> preview -> confirm). Permissions decide; services write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from yjaudit.organisations import permissions
from yjaudit.organisations.views_support import (
    get_scoped_object_or_404,
    require_action,
    service_for_action,
)
from yjaudit.web import listing
from yjaudit.web.archiving import ArchivePage, archive_flow, restore_flow

from . import exporting, selectors, services
from .codes import codes
from .forms import CaseFilterForm, MappingForm, UploadForm
from .importing import listed, template
from .importing.reader import ImportFileError
from .models import Case, CaseImport, CaseKind, ImportStatus


def _visible_cases(request: HttpRequest, action: str = "case.view") -> QuerySet[Case]:
    return permissions.scope(Case.objects.all(), request.user, action, staff_field="case_manager")


# The cases list's columns; "service" shows only to those who see several services.
CASE_COLUMNS = (
    listing.Column("reference", _l("Reference"), ("reference", "service__code")),
    listing.Column("service", _l("Service"), ("service__code", "reference")),
    listing.Column("disposal", _l("Disposal"), ("disposal_type", "reference")),
    listing.Column("start", _l("Start"), ("start_date", "reference")),
    listing.Column("rosh", _l("RoSH")),
    listing.Column("manager", _l("Case manager"), ("case_manager__name", "reference")),
)


def _filtered(
    request: HttpRequest, base: QuerySet[Case], action: str, order_by: Sequence[str] = ()
) -> tuple[Any, QuerySet[Case]]:
    form = CaseFilterForm(
        request.GET or None, services=permissions.services_for(request.user, action)
    )
    filters: dict[str, str] = {}
    q = ""
    archived = ""
    if form.is_bound and form.is_valid():
        q = form.cleaned_data.pop("q", "")
        archived = form.cleaned_data.pop("archived", "")
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    # Archived cases are kept but listed only when asked for.
    if archived == "archived":
        base = base.filter(archived_at__isnull=False)
    elif archived != "all":
        base = base.filter(archived_at__isnull=True)
    return form, selectors.case_list(base=base, q=q, filters=filters, order_by=order_by)


@require_action("case.view")
def case_list(request: HttpRequest) -> HttpResponse:
    several = len(permissions.services_for(request.user, "case.view")) > 1
    columns = [c for c in CASE_COLUMNS if several or c.key != "service"]
    sorting = listing.read_sort(request.GET, columns, "reference")
    form, cases = _filtered(
        request, _visible_cases(request), "case.view", listing.order_fields(columns, sorting)
    )
    page, query = listing.paginate(cases, request.GET)
    importable = permissions.services_for(request.user, "case.import")
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "headings": listing.headings(request.GET, columns, sorting),
            "sort": listing.param(request.GET, "sort"),
            "importable": importable,
            "can_export": permissions.can(request.user, "case.export"),
            "export_query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_scoped_object_or_404(
        Case.objects.select_related("service", "team", "case_manager"),
        request.user,
        "case.view",
        staff_field="case_manager",
        pk=pk,
    )
    c = codes()
    rows = [
        (_("Service"), case.service.name),
        (_("Team"), case.team.name if case.team else ""),
        (_("Case manager"), case.case_manager.name if case.case_manager else ""),
        (_("Disposal type"), c.disposal_types.words(case.disposal_type)),
        (_("Disposal category"), c.disposal_categories.words(case.disposal_category)),
        (_("Setting"), c.settings.words(case.setting)),
        (_("Resettlement case"), _("Yes") if case.resettlement else _("No")),
        (_("Start date"), case.start_date.strftime("%d/%m/%Y")),
        (_("End date"), case.end_date.strftime("%d/%m/%Y") if case.end_date else ""),
        (_("Risk of serious harm"), c.levels.words(case.rosh) if case.rosh else ""),
        (
            _("Safety and wellbeing"),
            c.levels.words(case.safety_wellbeing) if case.safety_wellbeing else "",
        ),
        (
            _("Likelihood of reoffending"),
            c.levels.words(case.likelihood_reoffending) if case.likelihood_reoffending else "",
        ),
        (_("Sex"), c.sexes.words(case.sex) if case.sex else ""),
        (_("Ethnic group"), c.ethnicities.words(case.ethnicity) if case.ethnicity else ""),
        (_("Age at start"), "" if case.age_at_start is None else str(case.age_at_start)),
        (_("Looked after"), {None: "", True: _("Yes"), False: _("No")}[case.looked_after]),
    ]
    if case.kind == CaseKind.VICTIMS and hasattr(case, "victim"):
        yes_no = {None: "", True: _("Yes"), False: _("No")}
        rows = [
            (_("Register"), case.get_kind_display()),
            (_("Linked child's case"), case.victim.linked_case.reference),
            (_("Consent to contact"), yes_no[case.victim.consent_to_contact]),
            (_("Restorative justice offered"), yes_no[case.victim.rj_offered]),
            (_("Restorative justice taken up"), yes_no[case.victim.rj_taken_up]),
            *rows[:3],
            *rows[7:9],
        ]
    labels = {a.key: a.label for a in selectors.attribute_specs(case.service)}
    rows += [(labels.get(k, k), str(v)) for k, v in sorted(case.extra.items())]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "rows": rows,
            "may_archive": permissions.can(request.user, "case.archive", case.service),
        },
    )


def _archivable_case(request: HttpRequest, pk: int) -> Case:
    case = get_scoped_object_or_404(
        Case.objects.select_related("service", "archived_by"),
        request.user,
        "case.view",
        staff_field="case_manager",
        pk=pk,
    )
    if not permissions.can(request.user, "case.archive", case.service):
        raise PermissionDenied
    return case


def _case_page(case: Case) -> ArchivePage:
    back = reverse("cases:detail", kwargs={"pk": case.pk})
    return ArchivePage(
        kind=_("case"),
        name=case.reference,
        back_url=back,
        effects=[
            _("no new sample draws it (rounds already drawn keep it)"),
            _("its past case audits, answers and results are untouched"),
            _("it leaves the cases list (find it with the Archived filter)"),
        ],
        crumbs=[
            (_("Home"), reverse("web:home")),
            (_("Cases"), reverse("cases:list")),
            (case.reference, back),
        ],
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_archive(request: HttpRequest, pk: int) -> HttpResponse:
    case = _archivable_case(request, pk)
    return archive_flow(
        request,
        _case_page(case),
        case,
        lambda reason: services.archive_case(actor=request.user, case=case, reason=reason),
        done=_("Case %(ref)s archived.") % {"ref": case.reference},
        done_url=reverse("cases:detail", kwargs={"pk": case.pk}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_restore(request: HttpRequest, pk: int) -> HttpResponse:
    case = _archivable_case(request, pk)
    return restore_flow(
        request,
        _case_page(case),
        case,
        lambda reason: services.restore_case(actor=request.user, case=case, reason=reason),
        done=_("Case %(ref)s restored.") % {"ref": case.reference},
        done_url=reverse("cases:detail", kwargs={"pk": case.pk}),
    )


@require_action("case.export")
def case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    _form, cases = _filtered(request, _visible_cases(request, "case.export"), "case.export")
    headers, rows = exporting.register_table(cases, selectors.export_attributes(cases))
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        body = exporting.to_csv(headers, rows, exporting.neutralise_reversibly)
        content_type = "text/csv; charset=utf-8"
    else:
        body = exporting.to_xlsx(headers, rows, exporting.neutralise_reversibly)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.{fmt}"'
    return response


# -- import ----------------------------------------------------------------------------


def _import_for(request: HttpRequest, service_code: str, pk: int) -> CaseImport:
    service = service_for_action(request.user, service_code, "case.import")
    return get_object_or_404(CaseImport, pk=pk, service=service, status=ImportStatus.UPLOADED)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, service_code: str) -> HttpResponse:
    return _upload(request, service_code, CaseKind.CHILDREN)


@login_required
@require_http_methods(["GET", "POST"])
def import_victims_upload(request: HttpRequest, service_code: str) -> HttpResponse:
    """The victims' register: the same journey, with a victim's fields."""
    return _upload(request, service_code, CaseKind.VICTIMS)


def _upload(request: HttpRequest, service_code: str, kind: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "case.import")
    max_mb = services.max_import_bytes() / (1024 * 1024)
    form = UploadForm(request.POST or None, request.FILES or None, max_mb=max_mb)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.max_import_bytes():
            form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": f"{max_mb:g}"})
        else:
            try:
                case_import = services.start_import(
                    actor=request.user,
                    service=service,
                    filename=upload.name,
                    data=upload.read(),
                    kind=kind,
                )
            except ImportFileError as exc:
                for p in exc.problems:
                    form.add_error("file", p.format(upload.name) if p.row else p.message)
            else:
                return redirect(
                    "cases:import_mapping", service_code=service.code, pk=case_import.pk
                )
    return render(
        request,
        "cases/import_upload.html",
        {
            "form": form,
            "service": service,
            "problems": problems,
            "victims": kind == "victims",
            "columns": template.columns(kind, selectors.template_facts(service)),
        },
    )


@login_required
@require_http_methods(["GET"])
def import_template(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    """The children's register template: the expected columns and one example row."""
    return _template(request, service_code, fmt, CaseKind.CHILDREN)


@login_required
@require_http_methods(["GET"])
def import_victims_template(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    return _template(request, service_code, fmt, CaseKind.VICTIMS)


def _template(request: HttpRequest, service_code: str, fmt: str, kind: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "case.import")
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    headers, rows = template.template_table(kind, selectors.template_facts(service))
    if fmt == "csv":
        body = exporting.to_csv(headers, rows)
        content_type = "text/csv; charset=utf-8"
    else:
        body = exporting.to_xlsx(headers, rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = "victims-import-template" if kind == CaseKind.VICTIMS else "cases-import-template"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, service_code: str, pk: int) -> HttpResponse:
    case_import = _import_for(request, service_code, pk)
    form = MappingForm(
        request.POST or None,
        request.FILES or None,
        headers=case_import.headers,
        extra_fields=(
            services.extra_fields(case_import.service)
            if case_import.kind == CaseKind.CHILDREN
            else []
        ),
        kind=case_import.kind,
        initial=case_import.mapping,
    )
    if request.method == "POST" and form.is_valid():
        mapping = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        upload = form.cleaned_data.get("file")
        try:
            services.set_mapping(
                actor=request.user,
                case_import=case_import,
                mapping=mapping,
                data=upload.read() if upload else None,
            )
        except ValidationError as error:
            for message in error.message_dict.get("file", error.messages):
                form.add_error("file", message)
        except ImportFileError as exc:
            for p in exc.problems:
                form.add_error("file", p.message)
        else:
            if services.check_in_background(case_import):
                # A large file's check outlasts a request: its job's page shows the rows
                # done, then the same summary and problems, and the button to import.
                job = services.request_import_check(actor=request.user, case_import=case_import)
                return redirect("jobs:job", pk=job.pk)
            return redirect("cases:import_preview", service_code=service_code, pk=case_import.pk)
    return render(
        request,
        "cases/import_mapping.html",
        {
            "form": form,
            "service": case_import.service,
            "case_import": case_import,
            "filename": case_import.filename,
            "rows": len(case_import.kept_rows),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, service_code: str, pk: int) -> HttpResponse:
    service = service_for_action(request.user, service_code, "case.import")
    done = CaseImport.objects.filter(pk=pk, service=service, status=ImportStatus.COMMITTED)
    if request.method == "POST" and done.exists():
        # A second click on "Import" (or a second tab): the same result, not an error.
        return _already_imported(request, done.get())
    case_import = _import_for(request, service_code, pk)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            services.discard_import(actor=request.user, case_import=case_import)
            messages.info(request, _("The upload was discarded. Nothing was imported."))
            again = (
                "cases:import_victims_upload"
                if case_import.kind == CaseKind.VICTIMS
                else "cases:import_upload"
            )
            return redirect(again, service_code=service_code)
        if request.POST.get("action") == "check":
            job = services.request_import_check(actor=request.user, case_import=case_import)
            return redirect("jobs:job", pk=job.pk)
        checked = request.POST.get("checked", "")
        if checked and checked != services.mapping_key(case_import):
            # Confirmed from a check of other column matches (another tab changed them).
            messages.warning(
                request, _("The column matches changed after the check. Check the file again.")
            )
            return redirect("cases:import_preview", service_code=service_code, pk=case_import.pk)
        # Written by a background job (a large file outlasts a request): its page shows
        # the rows done, then what was created and updated, or every problem.
        job = services.request_import_commit(actor=request.user, case_import=case_import)
        return redirect("jobs:job", pk=job.pk)
    if services.check_in_background(case_import):
        return _checked_in_background(request, case_import)
    plan = services.preview_import(case_import)
    problems = [p.format(case_import.filename) for p in plan.problems]
    return render(
        request,
        "cases/import_preview.html",
        {
            "service": case_import.service,
            "case_import": case_import,
            "checked": services.mapping_key(case_import),
            "plan": plan,
            "problems": problems,
            "codes": codes(),
            # Words, not codes: the register's names for fields and coded values.
            "creates": listed.new_cases(plan.creates),
            "updates": listed.changed_cases(plan.updates),
        },
    )


def _checked_in_background(request: HttpRequest, case_import: CaseImport) -> HttpResponse:
    """A large file's check page: its check job's page if one waits, runs or is done
    for these column matches; else a button that asks for one (a GET queues nothing)."""
    key = services.mapping_key(case_import)
    job = selectors.import_check(services.CHECK_JOB, case_import, key)
    if job is not None:
        return redirect("jobs:job", pk=job.pk)
    return render(
        request,
        "cases/import_check_start.html",
        {
            "service": case_import.service,
            "case_import": case_import,
            "rows": len(case_import.kept_rows),
        },
    )


def _already_imported(request: HttpRequest, case_import: CaseImport) -> HttpResponse:
    messages.success(
        request,
        _("This file was already imported: %(c)s cases created, %(u)s updated.")
        % {"c": case_import.created, "u": case_import.updated},
    )
    return redirect("cases:list")
