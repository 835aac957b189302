import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations import services
from yjaudit.organisations.models import Role, RoleGrant

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_user("admin", "admin@example.org")


def test_service_create_validates_and_audits(admin_user):
    service = services.service_create(actor=admin_user, name="Derby YJS", code="derby")
    assert service.code == "DERBY"
    event = AuditEvent.objects.get(action="service.create")
    assert event.service_id == service.pk and event.after["code"] == "DERBY"
    with pytest.raises(ValidationError):
        services.service_create(actor=admin_user, name="Bad", code="no spaces")
    assert AuditEvent.objects.filter(action="service.create").count() == 1


def test_service_update_records_before_and_after(admin_user):
    service = services.service_create(actor=None, name="Derby YJS", code="DERBY")
    services.service_update(actor=admin_user, service=service, region="East Midlands")
    event = AuditEvent.objects.get(action="service.update")
    assert event.before["region"] == "" and event.after["region"] == "East Midlands"
    assert event.actor == admin_user
    with pytest.raises(ValueError):
        services.service_update(actor=admin_user, service=service, code="OTHER")


def test_staff_links_must_stay_within_the_service():
    a = services.service_create(actor=None, name="A", code="AA")
    b = services.service_create(actor=None, name="B", code="BB")
    team_b = services.team_create(actor=None, service=b, name="B team")
    boss_b = services.staff_create(actor=None, service=b, name="Boss B", role="operational_manager")
    with pytest.raises(ValidationError):
        services.staff_create(actor=None, service=a, name="X", team=team_b)
    with pytest.raises(ValidationError):
        services.staff_create(actor=None, service=a, name="X", line_manager=boss_b)


def test_staff_management_loops_are_refused():
    a = services.service_create(actor=None, name="A", code="AA")
    top = services.staff_create(actor=None, service=a, name="Top")
    mid = services.staff_create(actor=None, service=a, name="Mid", line_manager=top)
    with pytest.raises(ValidationError):
        services.staff_update(actor=None, staff=top, line_manager=mid)
    with pytest.raises(ValidationError):
        services.staff_update(actor=None, staff=top, line_manager=top)


def test_roles_granted_and_revoked_with_audit(admin_user):
    service = services.service_create(actor=None, name="A", code="AA")
    user = get_user_model().objects.create_user("u", "u@example.org")
    services.role_grant(actor=None, user=admin_user, service=service, role=Role.ADMINISTRATOR)
    services.roles_set(actor=admin_user, user=user, service=service, roles={"auditor", "qa_lead"})
    assert set(RoleGrant.objects.filter(user=user).values_list("role", flat=True)) == {
        "auditor",
        "qa_lead",
    }
    services.roles_set(actor=admin_user, user=user, service=service, roles={"manager"})
    assert list(RoleGrant.objects.filter(user=user).values_list("role", flat=True)) == ["manager"]
    actions = list(
        AuditEvent.objects.filter(actor=admin_user).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["role.grant", "role.grant", "role.grant", "role.revoke", "role.revoke"]
    revoke = AuditEvent.objects.filter(action="role.revoke").first()
    assert revoke.service_id == service.pk and revoke.before["username"] == "u"


def test_last_administrator_cannot_be_removed():
    service = services.service_create(actor=None, name="A", code="AA")
    user = get_user_model().objects.create_user("u", "u@example.org")
    grant = services.role_grant(actor=None, user=user, service=service, role="administrator")
    with pytest.raises(ValidationError):
        services.role_revoke(actor=None, grant=grant)
    with pytest.raises(ValidationError):
        services.role_grant(actor=None, user=user, service=service, role="superhero")
