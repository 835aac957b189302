import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.demo_support import DEMO_PASSWORD, DEMO_TOTP_BASE32, DEMO_USERS
from yjaudit.organisations.models import RoleGrant, Service, StaffMember, Team

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Service.objects.count(),
        Team.objects.count(),
        StaffMember.objects.count(),
        get_user_model().objects.count(),
        RoleGrant.objects.count(),
        TOTPDevice.objects.count(),
        AuditEvent.objects.count(),
    )


def test_seed_demo_builds_the_demo_service_once():
    call_command("seed_demo", stdout=io.StringIO())
    service = Service.objects.get(code="DEMO")
    assert service.name == "Demoshire Youth Justice Service" and service.nation == "england"
    assert Team.objects.filter(service=service).count() == 2
    staff = StaffMember.objects.filter(service=service)
    assert staff.filter(role="case_manager").count() == 8
    assert staff.filter(role="operational_manager").count() == 2
    assert all(s.line_manager is not None for s in staff.filter(role="case_manager"))
    roles = set(RoleGrant.objects.filter(service=service).values_list("role", flat=True))
    assert roles == {r for r in DEMO_USERS.values() if r}
    assert staff.get(user__username="practitioner@demo.example").role == "case_manager"
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first  # idempotent


@override_settings(YJAUDIT_DEMO=False)
def test_seed_demo_refuses_outside_demo_settings():
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("demo_totp", "qa@demo.example", stdout=io.StringIO())
    assert not Service.objects.exists()


def test_a_reviewer_can_sign_in_with_the_documented_secret():
    import base64

    from django_otp.oath import totp

    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_totp", "qa@demo.example", stdout=out)
    key = base64.b32decode(DEMO_TOTP_BASE32)
    assert out.getvalue().strip() == f"{totp(key):06d}"
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "qa@demo.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    response = client.post(reverse("accounts:verify"), {"code": out.getvalue().strip()})
    assert response.status_code == 302
    assert client.get(reverse("organisations:service_detail", args=["DEMO"])).status_code == 200
