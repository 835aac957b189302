"""The role matrix registry: what every URL answers to every kind of user.

`test_role_matrix.py` walks EVERY URL pattern in the project (pages and API) and looks its
name up here; a URL without an entry fails the test. Apps declare their URLs either in
`ENTRIES` below or, to avoid edit clashes, in their own module `tests/security/matrix_<app>.py`
defining `ENTRIES: dict[str, Expect]` (merged automatically; a duplicate name is an error).

An entry says, per HTTP method, who is allowed:

    "cases:detail": Expect(
        get=roles("administrator", "qa_lead", "auditor", "manager", "inspector"),
        kwargs=lambda w: {"service_code": w.service.code, "pk": make_case(w).pk},
    ),

- `roles(...)`: the roles (held in the world's service A) that are allowed. Everyone else
  is refused: anonymous users are sent to sign in (401/403 for the API); signed-in users get
  403 or 404. `action("case.view")` takes the roles from the hand-written grid in
  `expected_permissions.py` (never from `permissions.ACTIONS`, the table under test).
- `SIGNED_IN`: any signed-in user, whatever their roles. `PUBLIC`: anyone at all.
- `kwargs(world)`: builds the URL's arguments, normally naming objects of service A.
  When it does (the default `scoped=True` whenever kwargs exist), a user of another
  service must get exactly 404: existence must not leak.
- `data(world)`: POST/PATCH body (default empty: validation errors count as allowed).
- `skip`: a reason, for URLs covered elsewhere (e.g. the Django admin's own pages).

Principals: anonymous; one verified user per role in service A; "other" (an
administrator of service B, verified); "outsider" (signed in and verified, no role).
For unscoped URLs "other" is allowed iff "administrator" is allowed, and no response
to "other" (or to the outsider) may contain any of `world.sentinels`: service A's name,
its staff names, and whatever builders add (e.g. the reference of a case they create).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .expected_permissions import ROLES, allowed_roles

ALL_ROLES = frozenset(ROLES) - {"platform"}


@dataclass
class World:
    """Objects the URLs point at. Service A holds the data; B is another service."""

    service: Any
    other_service: Any
    team: Any
    own_staff: Any  # staff member linked to the practitioner user
    other_staff: Any  # a staff member of service A not linked to anyone
    users: dict[str, Any]  # role name (and "other", "outsider") -> user
    extra: dict[str, Any] = field(default_factory=dict)  # free space for builders
    # Text that only service A's data contains. Builders add more (e.g. a case reference
    # they create); no response to the other service's user may contain any of them.
    sentinels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Access:
    roles: frozenset[str] = frozenset()
    signed_in: bool = False  # any signed-in user
    public: bool = False  # anyone, anonymous included


def roles(*names: str) -> Access:
    unknown = set(names) - ALL_ROLES
    if unknown:
        raise ValueError(f"Unknown roles {sorted(unknown)}")
    return Access(roles=frozenset(names))


def action(name: str) -> Access:
    return Access(roles=allowed_roles(name))


NOBODY = Access()
SIGNED_IN = Access(roles=ALL_ROLES, signed_in=True)
PUBLIC = Access(roles=ALL_ROLES, signed_in=True, public=True)

Builder = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Expect:
    get: Access | None = None
    post: Access | None = None
    patch: Access | None = None
    put: Access | None = None
    delete: Access | None = None
    kwargs: Builder | None = None
    data: Builder | None = None
    scoped: bool | None = None  # default: True when kwargs is given
    skip: str = ""

    def methods(self) -> dict[str, Access]:
        pairs = {
            "get": self.get,
            "post": self.post,
            "patch": self.patch,
            "put": self.put,
            "delete": self.delete,
        }
        return {m: a for m, a in pairs.items() if a is not None}

    @property
    def is_scoped(self) -> bool:
        return self.kwargs is not None if self.scoped is None else self.scoped


def _first_invitation_token(w: World) -> dict[str, Any]:
    from yjaudit.accounts.models import Invitation
    from yjaudit.accounts.tokens import make_token

    invitation = Invitation.objects.create(
        email="invitee@example.org",
        service=w.service,
        role="auditor",
        expires_at="2999-01-01T00:00:00Z",
    )
    return {"token": make_token(invitation)}


def _user_in_a(w: World) -> dict[str, Any]:
    return {"pk": w.users["auditor"].pk}


def _open_invitation(w: World) -> dict[str, Any]:
    from yjaudit.accounts.models import Invitation

    invitation = Invitation.objects.create(
        email="pending@example.org",
        service=w.service,
        role="auditor",
        expires_at="2999-01-01T00:00:00Z",
    )
    return {"pk": invitation.pk}


def _service(w: World) -> dict[str, Any]:
    return {"service_code": w.service.code}


def _audit_event(w: World) -> dict[str, Any]:
    from yjaudit.audittrail.services import record

    event = record(actor=None, action="team.update", target=w.team, after={"name": "North"})
    return {**API, "pk": event.pk}


ADMIN = roles("administrator")
API = {"version": "v1"}

ENTRIES: dict[str, Expect] = {
    "web:home": Expect(get=PUBLIC),
    "set_language": Expect(post=PUBLIC),
    # Accounts
    "accounts:login": Expect(get=PUBLIC),
    "accounts:logout": Expect(post=PUBLIC),
    "accounts:password_reset": Expect(get=PUBLIC, post=PUBLIC),
    "accounts:password_reset_sent": Expect(get=PUBLIC),
    "accounts:password_reset_confirm": Expect(
        get=PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}, scoped=False
    ),
    "accounts:password_reset_complete": Expect(get=PUBLIC),
    "accounts:two_factor": Expect(get=SIGNED_IN),
    "accounts:enrol": Expect(get=SIGNED_IN),
    "accounts:verify": Expect(get=SIGNED_IN),
    "accounts:invitation": Expect(get=PUBLIC, kwargs=_first_invitation_token, scoped=False),
    "accounts:account": Expect(get=SIGNED_IN),
    "accounts:password_change": Expect(get=SIGNED_IN),
    "accounts:api_token": Expect(get=SIGNED_IN),
    "accounts:users": Expect(get=ADMIN),
    "accounts:invite": Expect(get=ADMIN, post=ADMIN),
    "accounts:user_roles": Expect(get=ADMIN, kwargs=_user_in_a),
    "accounts:reset_2fa": Expect(post=ADMIN, kwargs=_user_in_a),
    "accounts:invitation_revoke": Expect(post=ADMIN, kwargs=_open_invitation),
    # Organisations
    "organisations:service_list": Expect(get=action("service.view")),
    "organisations:service_detail": Expect(get=action("service.view"), kwargs=_service),
    "organisations:service_edit": Expect(get=ADMIN, post=ADMIN, kwargs=_service),
    "organisations:team_create": Expect(get=ADMIN, post=ADMIN, kwargs=_service),
    "organisations:staff_create": Expect(get=ADMIN, post=ADMIN, kwargs=_service),
    "organisations:staff_edit": Expect(
        get=ADMIN,
        post=ADMIN,
        kwargs=lambda w: {"service_code": w.service.code, "pk": w.other_staff.pk},
    ),
    # Audit trail
    "audittrail:list": Expect(get=ADMIN),
    "audittrail:export": Expect(get=ADMIN),
    # API
    "api:service-list": Expect(get=action("service.view"), kwargs=lambda w: API, scoped=False),
    "api:service-detail": Expect(
        get=action("service.view"), kwargs=lambda w: {**API, "code": w.service.code}
    ),
    "api:team-list": Expect(
        get=action("service.view"), post=ADMIN, kwargs=lambda w: API, scoped=False
    ),
    "api:team-detail": Expect(
        get=action("service.view"), patch=ADMIN, kwargs=lambda w: {**API, "pk": w.team.pk}
    ),
    "api:staff-list": Expect(
        get=action("staff.view"), post=ADMIN, kwargs=lambda w: API, scoped=False
    ),
    "api:staff-detail": Expect(
        get=action("staff.view"), patch=ADMIN, kwargs=lambda w: {**API, "pk": w.other_staff.pk}
    ),
    "api:audit-event-list": Expect(get=ADMIN, kwargs=lambda w: API, scoped=False),
    "api:audit-event-detail": Expect(get=ADMIN, kwargs=_audit_event),
    "api:schema": Expect(get=SIGNED_IN),
    "api:docs": Expect(get=SIGNED_IN),
    # Django admin: staff only; none of the matrix users is staff. Its index is checked,
    # the rest of its pages share the same admin_view guard.
    "admin:index": Expect(get=NOBODY),
}

# Names (or "namespace:[route]" for unnamed patterns) starting with these are skipped.
SKIP_PREFIXES: dict[str, str] = {
    "admin:": "Django admin pages share admin:index's staff-only guard",
}


def load_registry() -> dict[str, Expect]:
    """ENTRIES plus every `matrix_*.py` module's ENTRIES in this folder."""
    merged = dict(ENTRIES)
    folder = Path(__file__).parent
    for info in pkgutil.iter_modules([str(folder)]):
        if not info.name.startswith("matrix_"):
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        for name, expect in getattr(module, "ENTRIES", {}).items():
            if name in merged:
                raise ValueError(f"{info.name}: {name} is declared twice in the role matrix")
            merged[name] = expect
    return merged
