"""A token never grants more than the web session would (issue 10, failure 1).

Each test drives the pages and the API as a person would; every one of them passed on the
old code with DRF's plain tokens (they read /api/v1/cases/ with 200).
"""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjaudit.accounts.testing import TEST_PASSWORD, make_user, verified_login
from yjaudit.organisations.models import RoleGrant, Service

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"
NEW_PASSWORD = "another-long-passphrase-93"


@pytest.fixture
def service():
    return Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")


@pytest.fixture
def admin(service):
    return make_user("admin@example.org", service=service, roles=["administrator"])


def _sign_in(client, email, password=TEST_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def _create_token(client) -> str:
    """Create a token on the tokens page, as the signed-in user, and read it off the page."""
    response = client.post(
        reverse("accounts:api_token"), {"action": "create", "name": "Script", "days": "30"}
    )
    assert response.status_code == 200, response.content
    found = re.search(rb'id="api-token"[^>]*>([^<]+)<', response.content)
    assert found is not None, "no token on the page"
    return found.group(1).decode()


def _api(key, path=CASES):
    return Client().get(path, HTTP_AUTHORIZATION=f"Token {key}")


def test_board_member_token_stops_when_an_inspector_role_is_added(client, service, admin):
    board = make_user("board@example.org", service=service, roles=["board_member"])
    assert _sign_in(client, "board@example.org").status_code == 302  # no two-factor: exempt
    key = _create_token(client)
    assert _api(key, "/api/v1/services/").status_code == 200

    admin_client = verified_login(Client(), admin)
    response = admin_client.post(
        reverse("accounts:user_roles", args=[board.pk]),
        {"service": service.pk, f"s{service.pk}-roles": ["board_member", "inspector"]},
    )
    assert response.status_code == 302
    # The web session is sent to set up two-factor ...
    page = client.get(reverse("organisations:service_list"))
    assert page.status_code == 302 and "two-factor" in page["Location"]
    # ... and the token no longer reads anything, cases included.
    for path in (CASES, "/api/v1/case-audits/", "/api/v1/services/"):
        assert _api(key, path).status_code in (401, 403), path


def test_token_is_checked_against_two_factor_on_every_request(client, service):
    """Even a role added behind the services' back (no revocation) is caught per request."""
    board = make_user("board@example.org", service=service, roles=["board_member"])
    _sign_in(client, "board@example.org")
    key = _create_token(client)
    RoleGrant.objects.create(user=board, service=service, role="inspector")
    response = _api(key)
    assert response.status_code == 401
    assert "two-factor" in response.json()["detail"]


def test_two_factor_reset_revokes_tokens(client, service, admin):
    auditor = make_user("aud@example.org", service=service, roles=["auditor"])
    verified_login(client, auditor)
    key = _create_token(client)
    assert _api(key).status_code == 200
    admin_client = verified_login(Client(), admin)
    assert admin_client.post(reverse("accounts:reset_2fa", args=[auditor.pk])).status_code == 302
    assert _api(key).status_code == 401
    # Enrolling a new device does not bring the old token back.
    TOTPDevice.objects.create(user=auditor, name="new phone", confirmed=True)
    assert _api(key).status_code == 401


def test_password_change_revokes_tokens(client, service):
    auditor = make_user("aud@example.org", service=service, roles=["auditor"])
    verified_login(client, auditor)
    key = _create_token(client)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert _api(key).status_code == 401


def test_password_set_anywhere_else_also_stops_tokens(client, service):
    auditor = make_user("aud@example.org", service=service, roles=["auditor"])
    verified_login(client, auditor)
    key = _create_token(client)
    auditor.set_password(NEW_PASSWORD)  # e.g. `manage.py changepassword` or Django admin
    auditor.save()
    assert _api(key).status_code == 401


def test_sign_out_everywhere_ends_sessions_and_tokens(client, service):
    auditor = make_user("aud@example.org", service=service, roles=["auditor"])
    other_browser = verified_login(Client(), auditor)
    assert other_browser.get(reverse("accounts:account")).status_code == 200
    bystander = make_user("mgr@example.org", service=service, roles=["manager"])
    bystander_browser = verified_login(Client(), bystander)
    verified_login(client, auditor)
    key = _create_token(client)

    response = client.post(reverse("accounts:sign_out_everywhere"))
    assert response.status_code == 302
    assert _api(key).status_code == 401
    for browser in (client, other_browser):
        page = browser.get(reverse("accounts:account"))
        assert page.status_code == 302 and "sign-in" in page["Location"]
    assert bystander_browser.get(reverse("accounts:account")).status_code == 200


def test_tokens_expire(client, service):
    auditor = make_user("aud@example.org", service=service, roles=["auditor"])
    with time_machine.travel("2026-01-05 09:00:00+00:00", tick=False) as traveller:
        verified_login(client, auditor)
        key = _create_token(client)  # 30 days
        traveller.shift(29 * 24 * 3600)
        assert _api(key).status_code == 200
        traveller.shift(2 * 24 * 3600)
        assert _api(key).status_code == 401


def test_the_secret_is_not_stored(client, service):
    from django.db import connection

    auditor = make_user("aud@example.org", service=service, roles=["auditor"])
    verified_login(client, auditor)
    key = _create_token(client)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                assert not any(isinstance(v, str) and key in v for v in row), table
