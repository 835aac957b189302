import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings

from yjaudit.organisations import permissions
from yjaudit.organisations.models import Role, RoleGrant, Service, StaffMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    a = Service.objects.create(name="A", code="AA", nation="england")
    b = Service.objects.create(name="B", code="BB", nation="wales")
    users = {}
    for role in Role.values:
        u = get_user_model().objects.create_user(f"{role}_a")
        RoleGrant.objects.create(user=u, service=a, role=role)
        users[role] = u
    return a, b, users


def test_unknown_action_is_refused_and_strict_mode_raises(world):
    a, _, users = world
    with override_settings(YJAUDIT_STRICT_ACTIONS=False):
        assert permissions.can(users["administrator"], "nonsense.do", a) is False
    with override_settings(YJAUDIT_STRICT_ACTIONS=True), pytest.raises(KeyError):
        permissions.can(users["administrator"], "nonsense.do", a)


def test_anonymous_and_inactive_users_can_do_nothing(world):
    a, _, users = world
    assert not permissions.can(AnonymousUser(), "service.view", a)
    inactive = users["qa_lead"]
    inactive.is_active = False
    assert not permissions.can(inactive, "service.view", a)
    assert not permissions.services_for(AnonymousUser(), "service.view").exists()


def test_roles_apply_only_in_their_service(world):
    a, b, users = world
    assert permissions.can(users["qa_lead"], "sample.draw", a)
    assert not permissions.can(users["qa_lead"], "sample.draw", b)
    assert not permissions.can(users["auditor"], "sample.draw", a)
    assert permissions.can(users["board_member"], "report.view", a)
    assert not permissions.can(users["board_member"], "case.view", a)
    assert not permissions.can(users["inspector"], "case.import", a)
    assert permissions.can(users["inspector"], "case.view", a)
    assert list(permissions.services_for(users["qa_lead"], "case.import")) == [a]


def test_global_question_means_any_service(world):
    _, _, users = world
    assert permissions.can(users["auditor"], "framework.view")
    assert not permissions.can(users["auditor"], "framework.manage")


def test_roles_across_several_services(world):
    a, b, users = world
    user = users["auditor"]
    RoleGrant.objects.create(user=user, service=b, role=Role.QA_LEAD)
    permissions.forget(user)
    assert permissions.can(user, "sample.draw", b) and not permissions.can(user, "sample.draw", a)
    assert set(permissions.services_for(user, "case.view")) == {a, b}


def test_superuser_is_not_a_bypass_for_case_data(world):
    a, _, _ = world
    root = get_user_model().objects.create_superuser("root", "r@example.org", "x" * 12)
    assert permissions.can(root, "framework.manage")
    assert permissions.can(root, "audittrail.view", a)
    assert not permissions.can(root, "case.view", a)


def test_scope_filters_to_services_and_own_records(world):
    a, b, users = world
    mine = StaffMember.objects.create(service=a, name="Me", user=users["practitioner"])
    other = StaffMember.objects.create(service=a, name="Other")
    StaffMember.objects.create(service=b, name="B person")
    qs = StaffMember.objects.all()
    # Practitioners are limited to their own records for own-only actions.
    seen = permissions.scope(qs, users["practitioner"], "case.view", staff_field="pk")
    assert list(seen) == [mine]
    with pytest.raises(ValueError):
        permissions.scope(qs, users["practitioner"], "case.view")
    # Full-access roles see every row of their services and none of another's.
    seen = set(permissions.scope(qs, users["manager"], "case.view", staff_field="pk"))
    assert seen == {mine, other}
    assert not permissions.scope(qs, users["board_member"], "case.view", staff_field="pk").exists()
    assert not permissions.scope(qs, AnonymousUser(), "staff.view").exists()
    services = permissions.scope(Service.objects.all(), users["inspector"], "service.view", "")
    assert list(services) == [a]


def test_practitioner_staff_hook(world):
    a, b, users = world
    mine = StaffMember.objects.create(service=a, name="Me", user=users["practitioner"])
    assert permissions.practitioner_staff(users["practitioner"], a) == mine
    assert permissions.practitioner_staff(users["practitioner"], b) is None
    assert permissions.practitioner_staff(AnonymousUser(), a) is None


def test_two_factor_requirement(world):
    _, _, users = world
    assert permissions.requires_two_factor(users["qa_lead"])
    assert not permissions.requires_two_factor(users["board_member"])
    assert not permissions.requires_two_factor(AnonymousUser())
    nobody = get_user_model().objects.create_user("nobody")
    assert permissions.requires_two_factor(nobody)
    with override_settings(YJAUDIT_2FA_EXEMPT_ROLES=[]):
        permissions.forget(users["board_member"])
        assert permissions.requires_two_factor(users["board_member"])


def test_table_is_well_formed():
    known = permissions.ALL_ROLES | {permissions.PLATFORM}
    for action, rule in permissions.ACTIONS.items():
        assert "." in action, action
        assert rule.roles <= known, action
        assert rule.own_only <= rule.roles, action
        assert rule.doc, action
