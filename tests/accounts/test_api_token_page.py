"""The tokens page: create (secret shown once), list, revoke; bad input shown on the form."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from yjaudit.accounts import services
from yjaudit.accounts.models import ApiToken
from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db

PAGE = "/accounts/api-token/"


@pytest.fixture
def service():
    return Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")


def test_page_lists_tokens_and_shows_the_secret_once(client, service):
    user = make_user("aud@example.org", service=service, roles=["auditor"])
    with time_machine.travel("2026-01-05 09:00:00+00:00", tick=False) as traveller:
        verified_login(client, user)
        created = client.post(PAGE, {"name": "Monthly export", "days": "20"})
        key = ApiToken.objects.get()
        assert created["Cache-Control"] == "no-store"
        assert b"yja_" in created.content and key.prefix.encode() in created.content
        traveller.shift(3600)
        Client().get("/api/v1/services/", HTTP_AUTHORIZATION=f"Token {_key(created)}")
        page = client.get(PAGE).content.decode()
    assert "Monthly export" in page and 'id="api-token"' not in page
    assert "5 Jan 2026" in page and "25 Jan 2026" in page  # created, expires
    assert "Never" not in page  # last used is shown


def _key(response) -> str:
    return re.search(rb'id="api-token"[^>]*>([^<]+)<', response.content).group(1).decode()


def test_bad_input_is_shown_and_nothing_created(client, service, settings):
    settings.YJAUDIT_API_TOKEN_MAX_DAYS = 90
    verified_login(client, make_user("aud@example.org", service=service, roles=["auditor"]))
    response = client.post(PAGE, {"name": "", "days": "365"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content and b"90" in response.content
    assert not ApiToken.objects.exists()


def test_revoke_own_token_only(client, service):
    user = make_user("aud@example.org", service=service, roles=["auditor"])
    other = make_user("other@example.org", service=service, roles=["auditor"])
    mine = services.api_token_create(user=user, name="mine", days=5, verified=True).token
    theirs = services.api_token_create(user=other, name="theirs", days=5, verified=True).token
    verified_login(client, user)
    url = reverse("accounts:api_token_revoke", args=[theirs.pk])
    assert client.post(url).status_code == 404
    assert client.get(reverse("accounts:api_token_revoke", args=[mine.pk])).status_code == 405
    response = client.post(reverse("accounts:api_token_revoke", args=[mine.pk]), follow=True)
    assert b"revoked" in response.content and b"You have no API tokens." in response.content
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_sign_out_everywhere_asks_first(client, service):
    verified_login(client, make_user("aud@example.org", service=service, roles=["auditor"]))
    page = client.get(reverse("accounts:sign_out_everywhere"))
    assert page.status_code == 200 and b"Sign out everywhere" in page.content
    assert client.get(reverse("accounts:account")).status_code == 200  # GET changed nothing
