"""Accounts journeys through the Django test client: invite, accept, enrol, sign in, lockout."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjaudit.accounts.models import Invitation
from yjaudit.accounts.testing import TEST_PASSWORD, current_code, make_user, verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.models import RoleGrant, Service

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-memorable-passphrase-7"


@pytest.fixture
def service():
    return Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")


@pytest.fixture
def admin(service):
    return make_user("admin@example.org", service=service, roles=["administrator"])


def _invite(client, admin, service, email="qa@example.org", role="qa_lead"):
    verified_login(client, admin)
    response = client.post(
        reverse("accounts:invite"), {"email": email, "service": service.pk, "role": role}
    )
    assert response.status_code == 302, response.content
    client.logout()
    body = mail.outbox[-1].body
    return re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", body).group(1)


def _sign_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_invite_accept_enrol_and_sign_in_with_totp(client, admin, service):
    with time_machine.travel("2025-03-03 09:00:00+00:00", tick=False) as traveller:
        link = _invite(client, admin, service)
        assert mail.outbox[-1].to == ["qa@example.org"]
        invitation = Invitation.objects.get()
        assert invitation.role == "qa_lead"

        # Accept: weak passwords are refused by the validators.
        page = client.get(link)
        assert page.status_code == 200 and b"Create your account" in page.content
        weak = client.post(
            link,
            {"first_name": "Q", "last_name": "A", "password1": "12345", "password2": "12345"},
        )
        assert weak.status_code == 200 and not RoleGrant.objects.filter(role="qa_lead").exists()
        data = {
            "first_name": "Quinn",
            "last_name": "Ash",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        }
        response = client.post(link, data)
        assert response.status_code == 302
        assert RoleGrant.objects.filter(user__username="qa@example.org", role="qa_lead").exists()
        # The link works once.
        assert client.get(link).status_code == 404

        # Signed in but not verified: every page sends them to two-factor.
        home = client.get(reverse("organisations:service_list"))
        assert home.status_code == 302 and "/accounts/two-factor/" in home["Location"]
        assert client.get(reverse("api:service-list", kwargs={"version": "v1"})).status_code == 403

        # Enrol: the page shows a QR code and the secret; a wrong code is refused.
        page = client.get(reverse("accounts:enrol"))
        assert page.status_code == 200 and b"<svg" in page.content
        device = TOTPDevice.objects.get(user__username="qa@example.org")
        assert not device.confirmed
        bad = client.post(reverse("accounts:enrol"), {"code": "000000"})
        assert bad.status_code == 200 and b"not right" in bad.content
        traveller.shift(5)  # django-otp slows down repeated wrong codes
        ok = client.post(reverse("accounts:enrol"), {"code": current_code(device)})
        assert ok.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(reverse("organisations:service_list")).status_code == 200
        client.post(reverse("accounts:logout"))

        # Sign in again: password, then a TOTP code (a later one: codes are single use).
        traveller.shift(60)
        response = _sign_in(client, "qa@example.org", NEW_PASSWORD)
        assert response.status_code == 302 and "two-factor" in response["Location"]
        assert client.get(reverse("organisations:service_list")).status_code == 302
        verify = client.post(reverse("accounts:verify"), {"code": current_code(device)})
        assert verify.status_code == 302
        assert client.get(reverse("organisations:service_list")).status_code == 200

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"invitation.create", "user.create", "role.grant", "invitation.accept"} <= actions
    assert "account.2fa_enrol" in actions


def test_sign_in_is_throttled_after_five_failures(client, service):
    make_user("p@example.org", service=service, roles=["auditor"])
    for _ in range(5):
        response = _sign_in(client, "p@example.org", "wrong-password-here")
        assert response.status_code in (200, 429)
    locked = _sign_in(client, "p@example.org", TEST_PASSWORD)
    assert locked.status_code == 429
    assert b"Too many attempts" in locked.content


def test_totp_verification_refuses_wrong_codes(client, service):
    user = make_user("v@example.org", service=service, roles=["auditor"])
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    response = _sign_in(client, "v@example.org", TEST_PASSWORD)
    assert response.status_code == 302
    wrong = client.post(reverse("accounts:verify"), {"code": "123456"})
    assert wrong.status_code == 200
    assert client.get(reverse("organisations:service_list")).status_code == 302


def test_board_member_needs_no_second_factor(client, service):
    make_user("b@example.org", service=service, roles=["board_member"])
    response = _sign_in(client, "b@example.org", TEST_PASSWORD)
    assert response.status_code == 302 and "two-factor" not in response["Location"]
    assert client.get(reverse("organisations:service_list")).status_code == 200


def test_tampered_expired_and_withdrawn_invitations_fail(client, admin, service):
    with time_machine.travel("2025-03-03 09:00:00+00:00", tick=False) as traveller:
        link = _invite(client, admin, service)
        assert client.get(link[:-3] + "xx/").status_code == 404
        traveller.shift(8 * 24 * 3600)
        assert client.get(link).status_code == 404
    link = _invite(client, admin, service, email="z@example.org")
    invitation = Invitation.objects.get(email="z@example.org")
    verified_login(client, admin)
    client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    client.logout()
    assert client.get(link).status_code == 404


def test_nobody_can_self_register(client):
    for path in ("/accounts/register/", "/accounts/signup/"):
        assert client.get(path).status_code == 404


def test_administrator_changes_roles_only_in_own_services(client, admin, service):
    other = Service.objects.create(name="Beta", code="BETA", nation="wales")
    person = make_user("p@example.org", service=service, roles=["auditor"])
    outsider = make_user("o@example.org", service=other, roles=["auditor"])
    verified_login(client, admin)
    assert client.get(reverse("accounts:user_roles", args=[outsider.pk])).status_code == 404
    response = client.post(
        reverse("accounts:user_roles", args=[person.pk]),
        {"service": service.pk, f"s{service.pk}-roles": ["manager", "qa_lead"]},
    )
    assert response.status_code == 302
    assert set(RoleGrant.objects.filter(user=person).values_list("role", flat=True)) == {
        "manager",
        "qa_lead",
    }
    assert AuditEvent.objects.filter(action="role.revoke", actor=admin).count() == 1
    users_page = client.get(reverse("accounts:users"))
    assert b"p@example.org" in users_page.content and b"o@example.org" not in users_page.content


def test_api_token_page_creates_a_working_token(client, service):
    user = make_user("t@example.org", service=service, roles=["manager"])
    verified_login(client, user)
    response = client.post(reverse("accounts:api_token"), {"name": "Nightly", "days": "7"})
    key = re.search(rb'id="api-token"[^>]*>(yja_[\w-]{43})<', response.content).group(1).decode()
    client.logout()
    api = client.get("/api/v1/services/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 200 and api.json()["results"][0]["code"] == "ALPHA"
    assert client.get("/api/v1/services/", HTTP_AUTHORIZATION="Token nope").status_code in (
        401,
        403,
    )


def test_two_factor_reset_only_for_people_wholly_in_my_services(client, admin, service):
    other = Service.objects.create(name="Beta", code="BETA", nation="wales")
    person = make_user("p@example.org", service=service, roles=["auditor"])
    both = make_user("b@example.org", service=service, roles=["auditor"])
    RoleGrant.objects.create(user=both, service=other, role="qa_lead")
    for user in (person, both):
        TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    verified_login(client, admin)
    assert client.post(reverse("accounts:reset_2fa", args=[person.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert client.post(reverse("accounts:reset_2fa", args=[both.pk])).status_code == 403
    assert client.post(reverse("accounts:reset_2fa", args=[admin.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=both).exists()
    assert AuditEvent.objects.filter(action="account.2fa_reset").count() == 1


def test_inviting_an_existing_user_sends_a_link_and_grants_nothing_yet(client, admin, service):
    person = make_user("known@example.org", service=service, roles=["auditor"])
    verified_login(client, admin)
    response = client.post(
        reverse("accounts:invite"),
        {"email": "Known@Example.org", "service": service.pk, "role": "manager"},
        follow=True,
    )
    assert b"Invitation sent to known@example.org." in response.content
    assert b"already has an account" not in response.content
    assert set(RoleGrant.objects.filter(user=person).values_list("role", flat=True)) == {"auditor"}
    assert Invitation.objects.get().email == "known@example.org"
    assert mail.outbox[-1].to == ["known@example.org"]
