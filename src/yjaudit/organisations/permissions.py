"""THE one place that decides who may do what. Deny by default.

How it works
------------
A user holds roles per service (`RoleGrant`). `ACTIONS` maps each action name to the roles
that may perform it. Everything else asks this module:

- `can(user, action, service)`: may the user do `action` in `service`?
- `services_for(user, action)`: the services in which the user may do `action`.
- `scope(queryset, user, action, service_field="service", staff_field=None)`: filter any
  queryset to the rows the user may see. Every list and detail query goes through it;
  detail views then use `get_object_or_404` on the scoped queryset, so objects of another
  service answer 404 and their existence does not leak.
- `practitioner_staff(user, service)`: the staff member linked to the user in a service.
  For actions with `own_only` roles (practitioners), `scope` keeps only rows whose
  `staff_field` (e.g. a case's `case_manager`) is that staff member.

Adding an action (other apps)
-----------------------------
Add one entry to `ACTIONS` below: `"area.verb": Rule(roles, own_only=..., doc=...)`, and
write the same answers, role by role, as a row of the hand-written grid in
`tests/security/expected_permissions.py` (the test fails until both agree).
Actions not in the table are refused for everybody (and `can` raises in DEBUG/tests so a
typo is caught). Django superusers hold the pseudo-role `PLATFORM` in every service: it
is listed explicitly where platform operators need it (frameworks, services); it is NOT
a bypass: a superuser sees case data only if a rule says so.

Decisions about one object, beyond "which role" (views, API and CLI all ask these; never
copy their logic into a view):

- `can_on(user, action, obj, ...)`: may the user do `action` on this object (own-only rules
  applied), e.g. `may_record_progress(user, plan_action)`.
- `second_marking_open_to(user, audit)` / `may_second_mark(user, audit)`: blind second
  marking; `is_blind(user, audit)`: must the first marks be hidden from the user?
- `may_reset_two_factor(user, person)`: may an administrator reset someone's two-factor.

Views: `ActionRequiredMixin`, `ServiceActionMixin`, `require_action`; API: `ActionPermission`
and `ScopedQuerysetMixin` in `yjaudit.organisations.views_support` / `yjaudit.api.permissions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, Q, QuerySet

from .models import Role, RoleGrant, Service, StaffMember

PLATFORM = "platform"  # pseudo-role held by Django superusers (platform operators)

A = Role.ADMINISTRATOR.value
QA = Role.QA_LEAD.value
AUD = Role.AUDITOR.value
MGR = Role.MANAGER.value
PRAC = Role.PRACTITIONER.value
BOARD = Role.BOARD_MEMBER.value
INSP = Role.INSPECTOR.value

ALL_ROLES = frozenset({A, QA, AUD, MGR, PRAC, BOARD, INSP})
# Roles that may see records about individual children (cases, audits of cases).
CASE_DATA_ROLES = frozenset({A, QA, AUD, MGR, PRAC, INSP})


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    # Roles among `roles` that see only records linked to their own staff member.
    own_only: frozenset[str] = field(default_factory=frozenset)
    doc: str = ""


def _r(*roles: str, own_only: tuple[str, ...] = (), doc: str = "") -> Rule:
    return Rule(frozenset(roles), frozenset(own_only), doc)


# The table. Keep it sorted by area; say in `doc` what the action covers.
ACTIONS: dict[str, Rule] = {
    # Organisations
    "service.view": _r(*ALL_ROLES, PLATFORM, doc="See a service, its teams and staff list."),
    "service.create": _r(PLATFORM, doc="Create a service (platform operators)."),
    "service.manage": _r(A, PLATFORM, doc="Edit a service's details."),
    "team.manage": _r(A, doc="Create, rename teams."),
    "staff.view": _r(A, QA, AUD, MGR, INSP, doc="See staff members."),
    "staff.manage": _r(A, doc="Create, edit, deactivate staff members."),
    # Accounts
    "user.view": _r(A, doc="List users and their roles in the service."),
    "user.invite": _r(A, doc="Invite a user with a role in the service."),
    "role.manage": _r(A, doc="Grant and revoke roles in the service."),
    # Audit trail
    "audittrail.view": _r(A, PLATFORM, doc="Read the audit trail of the service."),
    # Frameworks (global: checked with service=None, see `can`)
    "framework.view": _r(*ALL_ROLES, PLATFORM, doc="Read inspection frameworks."),
    "framework.manage": _r(PLATFORM, doc="Load and retire framework editions."),
    # Case register
    "case.view": _r(
        A, QA, AUD, MGR, PRAC, INSP, own_only=(PRAC,), doc="See cases (practitioners: own)."
    ),
    "case.manage": _r(A, QA, doc="Create and edit cases by hand."),
    "case.archive": _r(A, QA, doc="Archive a case (no new sample draws it) and restore it."),
    "case.import": _r(A, QA, doc="Import cases from an export file."),
    "case.export": _r(A, QA, MGR, INSP, doc="Export the case register."),
    # Rounds and samples
    "round.view": _r(A, QA, AUD, MGR, INSP, doc="See audit rounds and their samples."),
    "round.manage": _r(A, QA, doc="Create and edit audit rounds."),
    "round.archive": _r(
        A, QA, doc="Archive an audit round (read-only, out of worklists) and restore it."
    ),
    "sample.draw": _r(A, QA, doc="Draw or swap a round's sample."),
    # Case audits
    "audit.view": _r(
        A, QA, AUD, MGR, PRAC, INSP, own_only=(PRAC,), doc="See case audits (practitioners: own)."
    ),
    "audit.review": _r(
        A, QA, AUD, MGR, INSP, doc="See case audits in full (answers, workflow, history)."
    ),
    "audit.answer": _r(QA, AUD, doc="Answer a case audit's questions."),
    "audit.moderate": _r(QA, doc="Moderate and sign off case audits."),
    "audit.second_mark": _r(QA, AUD, doc="Second-mark, blind, a case audit chosen for moderation."),
    "audit.signoff": _r(QA, MGR, doc="Sign off moderated case audits."),
    "audit.reopen": _r(QA, doc="Reopen a signed-off case audit, with a reason."),
    "audit.judge": _r(QA, doc="Rate judgement standards, override ratings, import inspections."),
    "audit.results": _r(A, QA, AUD, MGR, BOARD, INSP, doc="See a round's results (aggregates)."),
    # Reports (aggregates: board members may see these)
    "report.view": _r(A, QA, AUD, MGR, BOARD, INSP, doc="See aggregate reports."),
    "report.export": _r(A, QA, MGR, BOARD, INSP, doc="Download reports."),
    "report.practitioner": _r(
        QA, PRAC, own_only=(PRAC,), doc="Practitioner feedback (practitioners: their own)."
    ),
    "report.practitioner_managed": _r(
        QA, MGR, own_only=(MGR,), doc="Practitioner feedback (managers: staff they line-manage)."
    ),
    # Improvement plans
    "plan.view": _r(A, QA, AUD, MGR, PRAC, BOARD, INSP, doc="See improvement plans."),
    "plan.manage": _r(A, QA, MGR, doc="Create and update improvement plans and actions."),
    "plan.archive": _r(
        A, QA, MGR, doc="Archive and restore improvement plans, their findings and actions."
    ),
    "plan.progress": _r(
        A, QA, MGR, PRAC, own_only=(PRAC,), doc="Record progress on actions (practitioners: own)."
    ),
    "plan.evidence": _r(
        A, QA, AUD, MGR, PRAC, INSP, doc="Download plan evidence files (may hold case detail)."
    ),
    "plan.overdue": _r(A, QA, MGR, doc="See overdue actions across the service's plans."),
    # Monitoring (National Standards, KPIs)
    "monitoring.view": _r(A, QA, MGR, BOARD, INSP, doc="See compliance and KPI figures."),
    "monitoring.manage": _r(A, QA, doc="Enter or import monitoring figures."),
    # Children's and victims' questionnaires (answering needs no account: a one-use link)
    "voice.view": _r(A, QA, MGR, BOARD, INSP, doc="See questionnaire results (aggregates)."),
    "voice.manage": _r(QA, MGR, doc="Open and close collections, issue one-use links."),
    "voice.enter": _r(A, QA, MGR, doc="Enter a paper questionnaire's answers."),
    "voice.free_text": _r(QA, MGR, INSP, doc="Read what people wrote (never in reports)."),
    # Published inspection ratings (global, public documents: checked with service=None)
    "benchmark.view": _r(
        A, QA, AUD, MGR, BOARD, INSP, PLATFORM, doc="See published inspection ratings."
    ),
    # National data every service sees: only the platform operator may change it, never a
    # single service's staff.
    "benchmark.import": _r(PLATFORM, doc="Import published inspection ratings (national)."),
    # Every service's latest results side by side: aggregates only, in the services the
    # user holds a role in (the platform operator: all of them).
    "results.national": _r(
        A, QA, AUD, MGR, BOARD, INSP, PLATFORM, doc="Compare services' latest round results."
    ),
    # Practice: National Standards compliance and risk forums
    "practice.view": _r(
        A,
        QA,
        MGR,
        PRAC,
        BOARD,
        INSP,
        own_only=(PRAC,),
        doc="See compliance and forum coverage figures (practitioners: own cases; "
        "board members: the service's aggregate).",
    ),
    "practice.cases": _r(
        A,
        QA,
        MGR,
        PRAC,
        INSP,
        own_only=(PRAC,),
        doc="See the cases that missed a standard or are uncovered, one-to-one sheets "
        "(practitioners: own).",
    ),
    "practice.manage": _r(
        A, QA, doc="Import case events and forum memberships; set the threshold and forums."
    ),
    # Background jobs (a job's own page: its requester, or who holds the job's actions)
    "schedule.view": _r(A, PLATFORM, doc="See the scheduled work, its next and last runs."),
    # Retention, erasure and subject access requests (yjaudit.retention)
    "retention.run": _r(A, doc="See what is past retention; apply the retention rules."),
    "retention.erase": _r(A, doc="Erase one child's case on request, with a reason."),
    "retention.export": _r(A, doc="Export all data held on one case (subject access)."),
}


def _strict() -> bool:
    return bool(settings.DEBUG or settings.YJAUDIT_STRICT_ACTIONS)


def rule(action: str) -> Rule | None:
    found = ACTIONS.get(action)
    if found is None and _strict():
        raise KeyError(f"Unknown permission action {action!r}: add it to permissions.ACTIONS.")
    return found


def _is_user(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def roles_by_service(user: Any) -> dict[int, set[str]]:
    """{service_id: {role, ...}} for the user, cached on the user object for the request."""
    if not _is_user(user):
        return {}
    cached: dict[int, set[str]] | None = getattr(user, "_yjaudit_roles", None)
    if cached is not None:
        return cached
    result: dict[int, set[str]] = {}
    grants = RoleGrant.objects.filter(user=user, service__active=True).values_list(
        "service_id", "role"
    )
    for service_id, role in grants:
        result.setdefault(service_id, set()).add(role)
    if user.is_superuser:
        for service_id in Service.objects.values_list("id", flat=True):
            result.setdefault(service_id, set()).add(PLATFORM)
    user._yjaudit_roles = result
    return result


def forget(user: Any) -> None:
    """Drop the per-user cache (after roles change within a request)."""
    if hasattr(user, "_yjaudit_roles"):
        del user._yjaudit_roles


def roles_in(user: Any, service: Service | int | None) -> set[str]:
    if service is None:
        return set()
    sid = service if isinstance(service, int) else service.pk
    return set(roles_by_service(user).get(sid, set()))


def all_roles(user: Any) -> set[str]:
    out: set[str] = set()
    for roles in roles_by_service(user).values():
        out |= roles
    if _is_user(user) and user.is_superuser:
        out.add(PLATFORM)
    return out


def can(user: Any, action: str, service: Service | int | None = None) -> bool:
    """May `user` do `action` in `service`?

    With `service=None` the question is global: does the user hold an allowed role in any
    service (used for framework-wide actions and for "show this menu item at all").
    """
    found = rule(action)
    if found is None or not _is_user(user):
        return False
    if service is None:
        return bool(all_roles(user) & found.roles)
    return bool(roles_in(user, service) & found.roles)


def service_ids_for(user: Any, action: str) -> tuple[set[int], set[int]]:
    """(services with full access, services where access is limited to own records)."""
    found = rule(action)
    full: set[int] = set()
    own: set[int] = set()
    if found is None:
        return full, own
    for sid, roles in roles_by_service(user).items():
        allowed = roles & found.roles
        if not allowed:
            continue
        if allowed - found.own_only:
            full.add(sid)
        else:
            own.add(sid)
    return full, own


def services_for(user: Any, action: str) -> QuerySet[Service]:
    """Services in which the user may do `action` (own-only access included)."""
    full, own = service_ids_for(user, action)
    return Service.objects.filter(pk__in=full | own)


def practitioner_staff(user: Any, service: Service | int) -> StaffMember | None:
    """The active staff member linked to `user` in `service`, if any."""
    if not _is_user(user):
        return None
    sid = service if isinstance(service, int) else service.pk
    return StaffMember.objects.filter(user=user, service_id=sid, active=True).first()


M = TypeVar("M", bound=Model)


def scope(
    queryset: QuerySet[M],
    user: Any,
    action: str,
    service_field: str = "service",
    staff_field: str | None = None,
) -> QuerySet[M]:
    """Filter `queryset` to rows the user may see for `action`.

    `service_field` is the lookup path from the row to its Service ("service",
    "case__service", or "" when the queryset IS Service). `staff_field` is the path to the
    staff member a row belongs to (e.g. "case_manager"); it is required when the action
    limits some roles to their own records.
    """
    found = rule(action)
    if found is None or not _is_user(user):
        return queryset.none()
    full, own = service_ids_for(user, action)
    prefix = f"{service_field}__" if service_field else ""
    condition = Q(**{f"{prefix}pk__in": sorted(full)}) if full else Q(pk__in=[])
    if own:
        if staff_field is None:
            if found.own_only:
                raise ValueError(
                    f"Action {action!r} limits {sorted(found.own_only)} to their own records: "
                    "pass staff_field to scope()."
                )
        else:
            staff_ids = list(
                StaffMember.objects.filter(user=user, service_id__in=own, active=True).values_list(
                    "pk", flat=True
                )
            )
            condition |= Q(**{f"{prefix}pk__in": sorted(own), f"{staff_field}__in": staff_ids})
    return queryset.filter(condition)


def requires_two_factor(user: Any) -> bool:
    """Two-factor is required unless every role the user holds is exempt (see settings).

    The exempt roles are settings.YJAUDIT_2FA_EXEMPT_ROLES (board members, who see
    aggregates and no case data). Users without any role, and superusers, always need it.
    """
    if not _is_user(user):
        return False
    exempt = set(settings.YJAUDIT_2FA_EXEMPT_ROLES)
    roles = all_roles(user)
    if not roles or user.is_superuser or user.is_staff:
        return True
    return not roles <= exempt


# -- decisions about one object --------------------------------------------------------


def can_on(
    user: Any,
    action: str,
    obj: Model,
    *,
    service_field: str = "service",
    staff_field: str | None = None,
) -> bool:
    """May `user` do `action` on `obj`, own-only limits included (one query)."""
    queryset = type(obj)._default_manager.filter(pk=obj.pk)
    return scope(queryset, user, action, service_field, staff_field).exists()


def may_record_progress(user: Any, plan_action: Model) -> bool:
    """Record progress on an improvement plan action (practitioners: actions they lead)."""
    return can_on(
        user, "plan.progress", plan_action, service_field="plan__service", staff_field="lead_staff"
    )


def second_marking_open_to(user: Any, audit: Any) -> bool:
    """Is `audit` waiting for a second marker that `user` may be (whatever their roles)?

    Chosen for moderation, submitted, not yet second-marked, not first-marked by the
    user, and not taken by someone else. Services check this before saving marks.
    """
    return (
        _is_user(user)
        and bool(audit.moderation_selected)
        and not audit.second_marking_done
        and audit.submitted
        and audit.auditor_id != user.pk
        and audit.second_marker_id in (None, user.pk)
    )


def may_second_mark(user: Any, audit: Any) -> bool:
    """May `user` second-mark `audit` now (role in the audit's service and state)."""
    return can(user, "audit.second_mark", audit.case.service_id) and second_marking_open_to(
        user, audit
    )


def is_blind(user: Any, audit: Any) -> bool:
    """Must the first marks of `audit` be hidden from `user`?

    Anyone who may second-mark it now, QA leads included: a QA lead who looked at the
    first marks and then second-marked would not be marking blind. Moderation waits for
    the second marks, so hiding them meanwhile keeps no one from their work.
    """
    return may_second_mark(user, audit)


def may_print_case_audit(user: Any, audit: Any) -> bool:
    """May `user` open the printable case audit (and its PDF)? Who may read it in full
    ("audit.review"), unless they must mark it blind now."""
    return can_on(
        user,
        "audit.review",
        audit,
        service_field="case__service",
        staff_field="case__case_manager",
    ) and not is_blind(user, audit)


def may_see_case_reference(user: Any, audit: Any) -> bool:
    """May `user` see the reference of the case behind `audit` ("case.view", own-only
    limits included): printed documents show it only then."""
    return can_on(user, "case.view", audit.case, staff_field="case_manager")


def may_see_case_references_in(user: Any, service: Service | int) -> bool:
    """May `user` see the reference of every case in `service` ("case.view" without an
    own-only limit)? Lists of a round's case audits show (and search) references only then."""
    sid = service if isinstance(service, int) else service.pk
    return sid in service_ids_for(user, "case.view")[0]


def may_reset_two_factor(user: Any, person: Any) -> bool:
    """May `user` reset `person`'s two-factor device (they enrol a new one at next sign-in)?

    Only for people wholly within the services where `user` manages roles: never oneself,
    never a platform operator or Django staff, never someone who also holds a role in a
    service `user` does not manage.
    """
    if not _is_user(user) or person is None:
        return False
    if person.pk == user.pk or person.is_superuser or person.is_staff:
        return False
    full, own = service_ids_for(user, "role.manage")
    theirs = set(RoleGrant.objects.filter(user=person).values_list("service_id", flat=True))
    return bool(theirs) and theirs <= (full | own)


def people_who_may(action: str, service: Service | int) -> QuerySet[Any]:
    """Active users holding a role in `service` that allows `action` (whom a case audit
    can be assigned to, for example)."""
    from django.contrib.auth import get_user_model

    found = rule(action)
    service_id = service.pk if isinstance(service, Service) else service
    if found is None:
        return get_user_model().objects.none()
    ids = RoleGrant.objects.filter(service_id=service_id, role__in=found.roles).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("first_name", "last_name", "pk")
    )
