"""Pages for services, teams and staff. Thin: permissions decide, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import permissions, selectors, services
from .forms import ServiceForm, StaffForm, TeamForm
from .models import StaffMember
from .views_support import require_action, service_for_action


@require_action("service.view")
def service_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/service_list.html",
        {"services": selectors.services_visible(request.user)},
    )


@login_required
def service_detail(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "service.view")
    user = request.user
    return render(
        request,
        "organisations/service_detail.html",
        {
            "service": service,
            "teams": selectors.teams_visible(user, service),
            "staff": selectors.staff_visible(user, service),
            "can_see_staff": permissions.can(user, "staff.view", service),
            "can_manage_staff": permissions.can(user, "staff.manage", service),
            "can_manage_teams": permissions.can(user, "team.manage", service),
            "can_manage_service": permissions.can(user, "service.manage", service),
        },
    )


@login_required
def team_create(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "team.manage")
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_create(
                actor=request.user, service=service, name=form.cleaned_data["name"]
            )
        except ValidationError:
            form.add_error("name", _("A team with this name already exists."))
        else:
            messages.success(request, _("Team added."))
            return redirect("organisations:service_detail", service_code=service.code)
    return render(request, "organisations/team_form.html", {"form": form, "service": service})


@login_required
def staff_edit(request: HttpRequest, service_code: str, pk: int | None = None) -> HttpResponse:
    service = service_for_action(request.user, service_code, "staff.manage")
    staff = get_object_or_404(StaffMember, pk=pk, service=service) if pk is not None else None
    initial = (
        {
            "name": staff.name,
            "role": staff.role,
            "team": staff.team_id,
            "line_manager": staff.line_manager_id,
            "active": staff.active,
        }
        if staff is not None
        else {"active": True}
    )
    form = StaffForm(request.POST or None, service=service, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if staff is None:
                created = services.staff_create(
                    actor=request.user,
                    service=service,
                    name=data["name"],
                    role=data["role"],
                    team=data["team"],
                    line_manager=data["line_manager"],
                )
                if not data["active"]:
                    services.staff_update(actor=request.user, staff=created, active=False)
            else:
                services.staff_update(actor=request.user, staff=staff, **data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Staff member saved."))
            return redirect("organisations:service_detail", service_code=service.code)
    return render(
        request,
        "organisations/staff_form.html",
        {"form": form, "service": service, "staff": staff},
    )


SERVICE_FIELDS = ("name", "nation", "region", "family_group", "population_10_17")


@login_required
def service_edit(request: HttpRequest, service_code: str) -> HttpResponse:
    service = service_for_action(request.user, service_code, "service.manage")
    initial = {name: getattr(service, name) for name in SERVICE_FIELDS}
    form = ServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(actor=request.user, service=service, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Service details saved."))
            return redirect("organisations:service_detail", service_code=service.code)
    return render(request, "organisations/service_form.html", {"form": form, "service": service})
