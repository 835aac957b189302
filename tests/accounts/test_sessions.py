"""Sessions and lockouts (issue 10, failure 11): a new session key at sign-in and when
two-factor is passed; behind the production proxy, lockouts are per client address."""

from __future__ import annotations

import importlib
import sys

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjaudit.accounts.testing import TEST_PASSWORD, current_code, make_user
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db

PRODUCTION = "yjaudit.config.settings.production"


@pytest.fixture
def service():
    return Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")


def _sign_in(client, email, password=TEST_PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


def test_session_key_changes_at_sign_in_and_at_two_factor(client, service):
    user = make_user("aud@example.org", service=service, roles=["auditor"])
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    with time_machine.travel("2026-01-05 09:00:00+00:00", tick=False):
        client.get(reverse("accounts:login"))
        client.session.save()
        anonymous_key = client.session.session_key
        assert _sign_in(client, "aud@example.org").status_code == 302
        signed_in_key = client.cookies["sessionid"].value
        assert signed_in_key != anonymous_key
        assert (
            client.post(reverse("accounts:verify"), {"code": current_code(device)}).status_code
            == 302
        )
        verified_key = client.cookies["sessionid"].value
        assert verified_key != signed_in_key
        # The key seen before two-factor is no longer a session at all.
        stale = Client()
        stale.cookies["sessionid"] = signed_in_key
        page = stale.get(reverse("organisations:service_list"))
        assert page.status_code == 302 and "sign-in" in page["Location"]
        assert client.get(reverse("organisations:service_list")).status_code == 200


def test_session_key_changes_when_two_factor_is_set_up(client, service):
    make_user("new@example.org", service=service, roles=["auditor"])
    with time_machine.travel("2026-01-05 09:00:00+00:00", tick=False):
        _sign_in(client, "new@example.org")
        client.get(reverse("accounts:enrol"))
        before = client.cookies["sessionid"].value
        device = TOTPDevice.objects.get(user__username="new@example.org")
        assert (
            client.post(reverse("accounts:enrol"), {"code": current_code(device)}).status_code
            == 302
        )
    assert client.cookies["sessionid"].value != before


def _production_axes_settings(monkeypatch) -> dict[str, object]:
    """The lockout settings exactly as the production settings module declares them."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "p" * 60)
    monkeypatch.delenv("YJAUDIT_PROXY_COUNT", raising=False)
    sys.modules.pop(PRODUCTION, None)
    module = importlib.import_module(PRODUCTION)
    sys.modules.pop(PRODUCTION, None)
    return {name: getattr(module, name) for name in dir(module) if name.startswith("AXES_IPWARE")}


def test_behind_the_proxy_people_are_locked_out_separately(monkeypatch, service):
    axes_settings = _production_axes_settings(monkeypatch)
    make_user("p@example.org", service=service, roles=["board_member"])
    make_user("q@example.org", service=service, roles=["board_member"])
    proxy = {"REMOTE_ADDR": "10.0.0.1"}  # every request arrives from the proxy
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    owner = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    colleague = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    with override_settings(**axes_settings):
        for _ in range(5):
            _sign_in(Client(), "p@example.org", "wrong-password-here", **attacker)
        # The attacker's address is locked out for that account ...
        assert _sign_in(Client(), "p@example.org", **attacker).status_code == 429
        # ... the account's owner, elsewhere behind the same proxy, is not ...
        assert _sign_in(Client(), "p@example.org", **owner).status_code == 302
        # A forged header (the proxy appends the real address after it) cannot pose as
        # the owner: it does not have the declared shape, so the proxy's address is used.
        forged = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
        for _ in range(5):
            _sign_in(Client(), "p@example.org", "wrong-password-here", **forged)
        assert _sign_in(Client(), "p@example.org", **owner).status_code == 302
        # ... and failures of one person do not lock out another.
        for _ in range(5):
            _sign_in(Client(), "q@example.org", "wrong-password-here", **colleague)
        assert _sign_in(Client(), "q@example.org", **colleague).status_code == 429
        assert _sign_in(Client(), "p@example.org", **owner).status_code == 302
