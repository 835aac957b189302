"""Reads for organisations, scoped through the permission module."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from . import permissions
from .models import RoleGrant, Service, StaffMember, Team


def services_visible(user: Any, action: str = "service.view") -> QuerySet[Service]:
    return permissions.scope(Service.objects.all(), user, action, service_field="")


def teams_visible(user: Any, service: Service | None = None) -> QuerySet[Team]:
    qs = permissions.scope(Team.objects.select_related("service"), user, "service.view")
    return qs.filter(service=service) if service is not None else qs


def staff_visible(user: Any, service: Service | None = None) -> QuerySet[StaffMember]:
    qs = permissions.scope(
        StaffMember.objects.select_related("service", "team", "line_manager"), user, "staff.view"
    )
    return qs.filter(service=service) if service is not None else qs


def case_managers(service: Service) -> QuerySet[StaffMember]:
    """Active staff who manage cases, for pick lists (caller has already checked access)."""
    return StaffMember.objects.filter(service=service, active=True).order_by("name")


def users_in_services(user: Any, service: Service | None = None) -> QuerySet[Any]:
    """Users holding a role in the services where `user` may view users, with their grants."""
    visible = permissions.services_for(user, "user.view")
    if service is not None:
        visible = visible.filter(pk=service.pk)
    grants = RoleGrant.objects.filter(service__in=visible).select_related("service")
    user_model = get_user_model()
    return (
        user_model.objects.filter(role_grants__service__in=visible)
        .distinct()
        .order_by("email", "username")
        .prefetch_related(Prefetch("role_grants", queryset=grants, to_attr="visible_grants"))
    )


def staff_in(services: QuerySet[Service]) -> QuerySet[StaffMember]:
    """Every staff record of these services (operator reads: the CLI on the server)."""
    return StaffMember.objects.filter(service__in=services).select_related(
        "service", "team", "line_manager", "user"
    )


def services_by_code(code: str | None) -> QuerySet[Service]:
    """One service by its code (case-insensitive), or every service when no code is given."""
    qs = Service.objects.all()
    return qs.filter(code__iexact=code) if code else qs
