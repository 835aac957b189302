"""Retention pages for a service's administrators: what is due, erase one case (with a
confirmation step), export one case for a subject access request. A GET never writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yjaudit.cases.models import Case
from yjaudit.organisations.models import Service
from yjaudit.organisations.views_support import service_for_action

from . import selectors, services, words
from .forms import EraseForm, ReferenceForm


@login_required
@require_GET
def index(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "retention.run")
    run = services.run_retention(actor=request.user, service=service)  # a dry run
    due = [(r, words.kind_words(r.kind), words.action_words(r.action)) for r in run.results]
    return render(
        request,
        "retention/index.html",
        {
            "service": service,
            "run": run,
            "due": due,
            "erasures": selectors.erasures(service)[:50],
        },
    )


def _find(form: ReferenceForm, service: Service) -> Case | None:
    case = selectors.case_by_reference(service, form.cleaned_data["reference"])
    if case is None:
        form.add_error("reference", _("This service has no case with this reference."))
    return case


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "retention.erase")
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = _find(form, service)
        if case is not None and not form.cleaned_data["confirm"]:
            confirm = EraseForm(initial={**form.cleaned_data, "confirm": True})
            return render(
                request,
                "retention/erase_confirm.html",
                {"service": service, "form": confirm, "case": case, "data": form.cleaned_data},
            )
        if case is not None:
            try:
                erasure = services.erase_case(
                    actor=request.user,
                    case=case,
                    reason=form.cleaned_data["reason"],
                )
            except services.RetentionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("The case was erased. It is now %(token)s.") % {"token": erasure.token},
                )
                return redirect("retention:index", service_code=service.code)
    return render(request, "retention/erase.html", {"service": service, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "retention.export")
    form = ReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = _find(form, service)
        if case is not None:
            data = services.export_case(actor=request.user, case=case)
            response = HttpResponse(data, content_type="application/zip")
            name = f"subject-access-{service.code}-{case.pk}.zip"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(request, "retention/export.html", {"service": service, "form": form})
