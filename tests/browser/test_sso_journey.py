"""Single sign-on in a real browser: the sign-in page's button goes to an OpenID Connect
provider started on loopback and back; with the provider's MFA the person is in; an
unknown person sees the refusal page (checked with axe)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider
from yjaudit.accounts.testing import make_user
from yjaudit.organisations.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    p = Provider()
    settings.YJAUDIT_OIDC_ENABLED = True
    settings.YJAUDIT_OIDC_METADATA_URL = p.metadata_url
    settings.YJAUDIT_OIDC_CLIENT_ID = CLIENT_ID
    settings.YJAUDIT_OIDC_CLIENT_SECRET = CLIENT_SECRET
    try:
        yield p
    finally:
        p.stop()


def test_single_sign_on_with_the_providers_mfa(
    page: Any, provider: Provider, assert_accessible: Any
) -> None:
    service = Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")
    make_user("qa@alpha.example", service=service, roles=["qa_lead"])
    provider.claims = {"email": "qa@alpha.example", "email_verified": True, "amr": ["mfa"]}
    page.goto("/accounts/sign-in/?next=/accounts/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with your organisation's account").click()
    page.get_by_role("heading", name="Your account").wait_for()
    assert "QA lead" in page.locator("table").inner_text()

    page.context.clear_cookies()
    provider.claims["email"] = "stranger@alpha.example"
    page.goto("/accounts/sign-in/")
    page.get_by_role("button", name="Sign in with your organisation's account").click()
    page.get_by_role("heading", name="You could not be signed in").wait_for()
    assert_accessible(page)
