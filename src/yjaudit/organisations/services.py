"""Writes for services, teams, staff and role grants. Each one records an audit event.

`actor` is the user making the change (None for the system, e.g. the demo seeder or CLI).
Callers check permission first (`permissions.can`); these functions validate data only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record, snapshot

from . import permissions
from .models import Nation, Role, RoleGrant, Service, StaffMember, StaffRole, Team
from .signals import roles_changed


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


@transaction.atomic
def service_create(
    *,
    actor: Actor,
    name: str,
    code: str,
    nation: str = Nation.ENGLAND,
    region: str = "",
    family_group: str = "",
    population_10_17: int | None = None,
) -> Service:
    service = Service(
        name=name,
        code=code.strip().upper(),
        nation=nation,
        region=region,
        family_group=family_group,
        population_10_17=population_10_17,
    )
    _save(service)
    record(actor=actor, action="service.create", target=service, after=snapshot(service))
    return service


@transaction.atomic
def service_update(*, actor: Actor, service: Service, **changes: Any) -> Service:
    allowed = {"name", "nation", "region", "family_group", "population_10_17", "active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)} on a service.")
    before = snapshot(service)
    for key, value in changes.items():
        setattr(service, key, value)
    _save(service)
    record(
        actor=actor, action="service.update", target=service, before=before, after=snapshot(service)
    )
    return service


@transaction.atomic
def team_create(*, actor: Actor, service: Service, name: str) -> Team:
    team = Team(service=service, name=name.strip())
    _save(team)
    record(actor=actor, action="team.create", target=team, after=snapshot(team))
    return team


@transaction.atomic
def team_update(*, actor: Actor, team: Team, name: str) -> Team:
    before = snapshot(team)
    team.name = name.strip()
    _save(team)
    record(actor=actor, action="team.update", target=team, before=before, after=snapshot(team))
    return team


def _check_staff_links(staff: StaffMember) -> None:
    if staff.team_id and staff.team and staff.team.service_id != staff.service_id:
        raise ValidationError({"team": _("The team belongs to another service.")})
    if staff.line_manager_id and staff.line_manager:
        if staff.line_manager.service_id != staff.service_id:
            raise ValidationError({"line_manager": _("The line manager works in another service.")})
        if staff.pk and staff.line_manager_id == staff.pk:
            raise ValidationError({"line_manager": _("A person cannot manage themselves.")})
        # Walk up the chain to refuse cycles.
        seen = {staff.pk}
        boss: StaffMember | None = staff.line_manager
        while boss is not None:
            if boss.pk in seen:
                raise ValidationError({"line_manager": _("That would make a management loop.")})
            seen.add(boss.pk)
            boss = boss.line_manager


@transaction.atomic
def staff_create(
    *,
    actor: Actor,
    service: Service,
    name: str,
    role: str = StaffRole.CASE_MANAGER,
    team: Team | None = None,
    line_manager: StaffMember | None = None,
    user: Any = None,
) -> StaffMember:
    staff = StaffMember(
        service=service,
        name=name.strip(),
        role=role,
        team=team,
        line_manager=line_manager,
        user=user,
    )
    _check_staff_links(staff)
    _save(staff)
    record(actor=actor, action="staff.create", target=staff, after=snapshot(staff))
    return staff


@transaction.atomic
def staff_update(*, actor: Actor, staff: StaffMember, **changes: Any) -> StaffMember:
    allowed = {"name", "role", "team", "line_manager", "user", "active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)} on a staff member.")
    before = snapshot(staff)
    for key, value in changes.items():
        setattr(staff, key, value)
    _check_staff_links(staff)
    _save(staff)
    record(actor=actor, action="staff.update", target=staff, before=before, after=snapshot(staff))
    return staff


def _grant_snapshot(grant: RoleGrant) -> dict[str, Any]:
    return {
        "user_id": grant.user_id,
        "username": grant.user.get_username(),
        "service_id": grant.service_id,
        "role": grant.role,
    }


@transaction.atomic
def role_grant(*, actor: Actor, user: Any, service: Service, role: str) -> RoleGrant:
    """Give `user` `role` in `service` (no-op if already held)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    grant, created = RoleGrant.objects.get_or_create(
        user=user,
        service=service,
        role=role,
        defaults={"granted_by": user_of(actor)},
    )
    if created:
        record(actor=actor, action="role.grant", target=grant, after=_grant_snapshot(grant))
        _revoke_api_tokens(actor=actor, user=user)
    permissions.forget(user)
    return grant


def _revoke_api_tokens(*, actor: Actor, user: Any) -> None:
    """A role change revokes the user's API tokens: a token never outlives the roles (and the
    two-factor requirement) it was issued under."""
    # accounts (above this app) receives it: see organisations.signals.
    roles_changed.send(sender=RoleGrant, actor=actor, user=user)


@transaction.atomic
def role_revoke(*, actor: Actor, grant: RoleGrant) -> None:
    before = _grant_snapshot(grant)
    service = grant.service
    user = grant.user
    # Refuse to leave a service without any administrator (it could not be managed).
    if grant.role == Role.ADMINISTRATOR:
        others = RoleGrant.objects.filter(service=service, role=Role.ADMINISTRATOR).exclude(
            pk=grant.pk
        )
        if not others.filter(user__is_active=True).exists():
            raise ValidationError(_("A service must keep at least one administrator."))
    record(actor=actor, action="role.revoke", target=grant, before=before, service=service)
    grant.delete()
    _revoke_api_tokens(actor=actor, user=user)
    permissions.forget(user)


@transaction.atomic
def roles_set(*, actor: Actor, user: Any, service: Service, roles: set[str]) -> None:
    """Make `user`'s roles in `service` exactly `roles` (grants and revocations audited)."""
    current = {g.role: g for g in RoleGrant.objects.filter(user=user, service=service)}
    for role in sorted(roles - set(current)):
        role_grant(actor=actor, user=user, service=service, role=role)
    for role in sorted(set(current) - roles):
        role_revoke(actor=actor, grant=current[role])


@transaction.atomic
def staff_link_account(
    *, actor: Actor, service: Service, user: Any, staff: StaffMember | None
) -> StaffMember | None:
    """Link `user`'s account to `staff` (a staff record of `service`), or unlink it (None).

    A user has at most one staff record per service and a staff record at most one account:
    the user's previous record in the service is unlinked, and a record already linked to
    someone else is refused (unlink it first). Each change records an audit event.
    """
    if staff is not None:
        if staff.service_id != service.pk:
            raise ValidationError({"staff": _("The staff record belongs to another service.")})
        if staff.user_id is not None and staff.user_id != user.pk:
            raise ValidationError(
                {"staff": _("That staff record is already linked to another account.")}
            )
    current = list(StaffMember.objects.select_for_update().filter(service=service, user=user))
    for old in current:
        if staff is not None and old.pk == staff.pk:
            continue
        before = snapshot(old)
        old.user = None
        old.save(update_fields=["user"])
        record(actor=actor, action="staff.unlink", target=old, before=before, after=snapshot(old))
    if staff is not None and staff.user_id != user.pk:
        before = snapshot(staff)
        staff.user = user
        _save(staff)
        record(actor=actor, action="staff.link", target=staff, before=before, after=snapshot(staff))
    permissions.forget(user)
    return staff
