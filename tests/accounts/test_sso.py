"""Single sign-on against an OpenID Connect provider started by the tests on loopback.

The provider's MFA (`amr` has "mfa") is the second factor; without it the local
two-factor step follows; an unknown identity gets nothing; a forged, replayed or
misdirected ID token is refused; the provider's tokens never open the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yjaudit.accounts.models import Invitation
from yjaudit.accounts.testing import make_user
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.models import RoleGrant, Service

from .oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

pytestmark = pytest.mark.django_db

EMAIL = "auditor@alpha.example"


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    p = Provider()
    settings.YJAUDIT_OIDC_ENABLED = True
    settings.YJAUDIT_OIDC_METADATA_URL = p.metadata_url
    settings.YJAUDIT_OIDC_CLIENT_ID = CLIENT_ID
    settings.YJAUDIT_OIDC_CLIENT_SECRET = CLIENT_SECRET
    p.claims = {"email": EMAIL, "email_verified": True, "amr": ["pwd", "mfa"]}
    try:
        yield p
    finally:
        p.stop()


@pytest.fixture
def service() -> Service:
    return Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")


@pytest.fixture
def auditor(service: Service) -> Any:
    return make_user(EMAIL, service=service, roles=["auditor"])


def sso(client: Client, provider: Provider, next_url: str = "/accounts/") -> Any:
    """Sign in through the provider as a browser would; returns the callback's answer."""
    start = client.get(reverse("accounts:sso_login"), {"next": next_url})
    assert start.status_code == 302 and start["Location"].startswith(f"{provider.issuer}/authorize")
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    callback = urlparse(back.headers["Location"])
    assert callback.path == reverse("accounts:sso_callback")
    return client.get(f"{callback.path}?{callback.query}")


def _signed_in_fully(client: Client) -> bool:
    page = client.get(reverse("accounts:account"))
    return page.status_code == 200


def test_the_providers_mfa_is_the_second_factor(provider, auditor):
    client = Client()
    answer = sso(client, provider, next_url="/accounts/")
    assert answer.status_code == 302 and answer["Location"] == "/accounts/"
    assert _signed_in_fully(client)
    row = AuditEvent.objects.get(action="account.sso_sign_in")
    assert row.actor == auditor and row.after == {"issuer": provider.issuer, "mfa": True}
    # The provider's tokens are not kept in the session.
    assert not any("token" in key for key, _value in client.session.items())


def test_without_the_mfa_claim_the_local_two_factor_step_follows(provider, auditor):
    provider.claims["amr"] = ["pwd"]
    client = Client()
    answer = sso(client, provider)
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("accounts:two_factor"))
    page = client.get(reverse("accounts:account"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:two_factor"))
    assert AuditEvent.objects.get(action="account.sso_sign_in").after["mfa"] is False


def test_a_role_without_two_factor_needs_no_mfa_claim(provider, service):
    make_user(EMAIL, service=service, roles=["board_member"])
    provider.claims.pop("amr")
    client = Client()
    assert sso(client, provider)["Location"] == "/accounts/"
    assert _signed_in_fully(client)


def test_an_unknown_identity_with_no_invitation_gets_no_access(provider, service):
    provider.claims["email"] = "stranger@alpha.example"
    client = Client()
    answer = sso(client, provider)
    assert answer.status_code == 403
    assert b"You could not be signed in" in answer.content
    assert not _signed_in_fully(client)
    assert not get_user_model().objects.filter(username="stranger@alpha.example").exists()
    refused = AuditEvent.objects.get(action="account.sso_refused")
    assert refused.after == {"reason": "no invitation", "issuer": provider.issuer}
    assert "stranger" not in str(refused.after)


def test_an_unverified_address_or_a_disabled_account_is_refused(provider, auditor):
    provider.claims["email_verified"] = False
    assert sso(Client(), provider).status_code == 403
    provider.claims["email_verified"] = True
    auditor.is_active = False
    auditor.save()
    assert sso(Client(), provider).status_code == 403
    reasons = sorted(
        r.after["reason"] for r in AuditEvent.objects.filter(action="account.sso_refused")
    )
    assert reasons == ["account disabled", "no verified e-mail address"]


def test_an_invited_person_gets_the_invited_role_and_no_password(provider, service):
    admin = make_user("admin@alpha.example", service=service, roles=["administrator"])
    Invitation.objects.create(
        email=EMAIL,
        service=service,
        role="qa_lead",
        invited_by=admin,
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    client = Client()
    assert sso(client, provider).status_code == 302
    user = get_user_model().objects.get(username=EMAIL)
    assert not user.has_usable_password()
    assert list(RoleGrant.objects.filter(user=user).values_list("role", flat=True)) == ["qa_lead"]
    assert Invitation.objects.get().accepted_at is not None
    assert _signed_in_fully(client)


@pytest.mark.parametrize(
    ("tamper", "why"),
    [
        ("signature", "BadSignatureError"),  # signed with another key under the same kid
        ("nonce", "InvalidClaimError"),  # the nonce of another sign-in
        ("audience", "InvalidClaimError"),  # issued to another application
        ("issuer", "InvalidClaimError"),  # from another tenant
        ("expired", "ExpiredTokenError"),
        ("no_id_token", "no ID token"),
    ],
)
def test_a_bad_id_token_is_refused(provider, auditor, tamper, why, caplog):
    provider.tamper = tamper
    client = Client()
    answer = sso(client, provider)
    assert answer.status_code == 403, tamper
    assert [r.getMessage() for r in caplog.records if r.name == "yjaudit.accounts.sso"] == [
        f"single sign-on refused: {why}"
    ]
    assert not _signed_in_fully(client)
    assert not AuditEvent.objects.filter(action="account.sso_sign_in").exists()


def test_a_callback_replayed_or_from_another_browser_is_refused(provider, auditor):
    client = Client()
    start = client.get(reverse("accounts:sso_login"))
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    callback = urlparse(back.headers["Location"])
    url = f"{callback.path}?{callback.query}"
    # Another browser (no state in its session) cannot finish this sign-in.
    assert Client().get(url).status_code == 403
    assert client.get(url).status_code == 302
    # The same answer again: the state was used up.
    assert Client().get(url).status_code == 403
    assert client.get(url).status_code == 403


def test_the_providers_access_token_does_not_open_the_api(provider, auditor):
    client = Client()
    sso(client, provider)
    assert client.get("/api/v1/services/").status_code == 200  # the web session does
    token = "the-providers-access-token"
    stranger = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert stranger.get("/api/v1/services/").status_code == 401


def test_api_tokens_still_need_local_two_factor(provider, auditor):
    client = Client()
    sso(client, provider)
    page = client.post(reverse("accounts:api_token"), {"name": "Script", "days": "30"})
    assert b"Pass two-factor authentication before creating an API token" in page.content


def test_off_by_default_the_pages_send_people_to_the_password_sign_in(settings):
    settings.YJAUDIT_OIDC_ENABLED = False
    for name in ("accounts:sso_login", "accounts:sso_callback"):
        answer = Client().get(reverse(name))
        assert answer.status_code == 302 and answer["Location"] == reverse("accounts:login")
    assert b"organisation's account" not in Client().get(reverse("accounts:login")).content


def test_the_sign_in_page_offers_single_sign_on_when_on(provider):
    page = Client().get(reverse("accounts:login"))
    assert b"Sign in with your organisation's account" in page.content


def test_without_a_verified_claim_only_the_listed_domains_are_trusted(provider, settings, service):
    make_user("someone@alpha.example", service=service, roles=["auditor"])
    settings.YJAUDIT_OIDC_EMAIL_CLAIM = "upn"
    settings.YJAUDIT_OIDC_EMAIL_VERIFIED_CLAIM = ""
    provider.claims = {"upn": "someone@alpha.example", "amr": ["mfa"]}
    assert sso(Client(), provider).status_code == 403  # no domain list: never trusted
    settings.YJAUDIT_OIDC_EMAIL_DOMAINS = ["beta.example"]
    assert sso(Client(), provider).status_code == 403  # another domain
    settings.YJAUDIT_OIDC_EMAIL_DOMAINS = ["alpha.example"]
    assert sso(Client(), provider).status_code == 302
