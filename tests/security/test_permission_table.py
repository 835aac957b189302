"""Every action x every role, checked against the hand-written grid in expected_permissions.py.

The grid is written out literally and this test does not read `permissions.ACTIONS` for
its expectations (only its keys, so that a new action without a row fails): giving any
role one more or one fewer action, or changing "own records only", fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from yjaudit.accounts.testing import make_user
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Service

from .expected_permissions import EXPECTED, ROLES, TWO_FACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> tuple[Service, Service, dict[str, Any]]:
    a = Service.objects.create(name="A", code="AA", nation="england")
    b = Service.objects.create(name="B", code="BB", nation="wales")
    users: dict[str, Any] = {}
    for role in ROLES:
        if role == "platform":
            users[role] = get_user_model().objects.create_superuser(
                "operator", "operator@example.org", "x" * 16
            )
        else:
            users[role] = make_user(f"{role}@a.example", service=a, roles=[role])
    return a, b, users


def test_every_action_has_a_row_and_every_row_an_action() -> None:
    assert set(EXPECTED) == set(permissions.ACTIONS), (
        "Write the new or removed action into tests/security/expected_permissions.py"
    )


def _observed(user: Any, action: str, service: Service) -> str:
    full, own = permissions.service_ids_for(user, action)
    may = permissions.can(user, action, service)
    if service.pk in full:
        return "Y" if may else "inconsistent: scoped but refused"
    if service.pk in own:
        return "own" if may else "inconsistent: scoped but refused"
    return "-" if not may else "inconsistent: allowed but not scoped"


@override_settings(YJAUDIT_STRICT_ACTIONS=True)
def test_each_role_gets_exactly_the_written_answer(world: Any) -> None:
    a, _b, users = world
    wrong = []
    for action, cells in sorted(EXPECTED.items()):
        for role in ROLES:
            got = _observed(users[role], action, a)
            if got != cells[role]:
                wrong.append(f"{action} as {role}: written {cells[role]!r}, got {got!r}")
    assert not wrong, "\n".join(wrong)


@override_settings(YJAUDIT_STRICT_ACTIONS=True)
def test_a_role_counts_only_in_its_own_service(world: Any) -> None:
    _a, b, users = world
    leaks = [
        f"{action} as {role} in another service"
        for action in EXPECTED
        for role in ROLES
        if role != "platform" and permissions.can(users[role], action, b)
    ]
    assert not leaks, "\n".join(leaks)


@override_settings(YJAUDIT_STRICT_ACTIONS=True)
def test_the_platform_operator_gets_the_same_answer_in_every_service(world: Any) -> None:
    a, b, users = world
    for action in EXPECTED:
        assert _observed(users["platform"], action, b) == _observed(users["platform"], action, a)


def test_two_factor_is_required_as_written(world: Any) -> None:
    _a, _b, users = world
    got = {role: permissions.requires_two_factor(users[role]) for role in ROLES}
    assert got == TWO_FACTOR


def test_two_factor_for_mixed_staff_and_roleless_users(world: Any) -> None:
    a, _b, _users = world
    assert permissions.requires_two_factor(make_user("nobody@a.example"))
    mixed = make_user("mixed@a.example", service=a, roles=["board_member", "auditor"])
    assert permissions.requires_two_factor(mixed)
    staff = make_user("staff@a.example", service=a, roles=["board_member"], is_staff=True)
    assert permissions.requires_two_factor(staff)


def test_roles_in_an_inactive_service_or_of_an_inactive_user_count_for_nothing(
    world: Any,
) -> None:
    a, b, users = world
    a.active = False
    a.save()
    for role in ROLES[:-1]:
        permissions.forget(users[role])
        assert not any(permissions.can(users[role], action, a) for action in EXPECTED), role
    b_admin = make_user("admin@b.example", service=b, roles=["administrator"])
    assert permissions.can(b_admin, "role.manage", b)
    b_admin.is_active = False
    b_admin.save()
    assert not any(permissions.can(b_admin, action, b) for action in EXPECTED)
