"""Reads for organisations, scoped through the permission module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from . import permissions
from .models import Role, RoleGrant, Service, StaffMember, StaffRole, Team


def services_visible(user: Any, action: str = "service.view") -> QuerySet[Service]:
    return permissions.scope(Service.objects.all(), user, action, service_field="")


def teams_visible(user: Any, service: Service | None = None) -> QuerySet[Team]:
    qs = permissions.scope(Team.objects.select_related("service"), user, "service.view")
    return qs.filter(service=service) if service is not None else qs


def staff_visible(user: Any, service: Service | None = None) -> QuerySet[StaffMember]:
    qs = permissions.scope(
        StaffMember.objects.select_related("service", "team", "line_manager", "user"),
        user,
        "staff.view",
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


@dataclass(frozen=True)
class MissingStaffLink:
    """A service where the user sees only their own cases but has no staff record."""

    service: Service
    administrators: list[str]  # names (never e-mail addresses)


def person_name(user: Any) -> str:
    """A person's name for a label; never their e-mail address."""
    return user.get_full_name().strip() or gettext("an administrator with no name on record")


def missing_staff_links(user: Any) -> list[MissingStaffLink]:
    """Services where the user holds an own-only role on cases (a practitioner) but no active
    staff record is linked to their account, so their lists are empty; with the service's
    administrators, by name, to ask."""
    rule = permissions.rule("case.view")
    if rule is None or not getattr(user, "is_authenticated", False):
        return []
    by_service = permissions.roles_by_service(user)
    own_only = {sid for sid, roles in by_service.items() if roles & rule.own_only}
    full = {sid for sid, roles in by_service.items() if roles & (rule.roles - rule.own_only)}
    wanted = own_only - full
    if not wanted:
        return []
    linked = set(
        StaffMember.objects.filter(user=user, active=True, service_id__in=wanted).values_list(
            "service_id", flat=True
        )
    )
    out = []
    for service in Service.objects.filter(pk__in=wanted - linked).order_by("name"):
        admins = (
            get_user_model()
            .objects.filter(
                role_grants__service=service,
                role_grants__role=Role.ADMINISTRATOR,
                is_active=True,
            )
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )
        out.append(MissingStaffLink(service, [person_name(a) for a in admins]))
    return out


def linkable_staff(service: Service) -> QuerySet[StaffMember]:
    """Active case managers and operational managers of a service, for the link pick list."""
    return StaffMember.objects.filter(
        service=service,
        active=True,
        role__in=[StaffRole.CASE_MANAGER, StaffRole.OPERATIONAL_MANAGER],
    ).select_related("user", "team")


def staff_linked_to(user: Any, service: Service) -> StaffMember | None:
    return StaffMember.objects.filter(service=service, user=user).first()


def unlinked_staff(services: QuerySet[Service]) -> QuerySet[StaffMember]:
    """Case managers and operational managers of these services with no account yet."""
    return (
        StaffMember.objects.filter(
            service__in=services,
            active=True,
            user__isnull=True,
            role__in=[StaffRole.CASE_MANAGER, StaffRole.OPERATIONAL_MANAGER],
        )
        .select_related("service")
        .order_by("service__name", "name")
    )
