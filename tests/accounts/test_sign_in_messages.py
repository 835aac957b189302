"""What a person is told at the edges of a session: a wrong two-factor code then a quick
retry says how many seconds to wait (not "a minute"), and signing out says it worked."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import TEST_PASSWORD, confirmed_device, current_code, make_user
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def qa() -> object:
    service = Service.objects.create(name="Derby YJS", code="DERBY", nation="england")
    user = make_user("qa@example.org", service=service, roles=["qa_lead"])
    confirmed_device(user)
    return user


def test_a_quick_retry_after_one_wrong_code_is_told_the_seconds_left(
    client: Client, qa: object
) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, 0, tzinfo=dt.UTC), tick=False) as t:
        client.post(
            reverse("accounts:login"), {"username": "qa@example.org", "password": TEST_PASSWORD}
        )
        wrong = client.post(reverse("accounts:verify"), {"code": "000000"})
        assert "That code is not right" in wrong.content.decode()
        t.shift(dt.timedelta(milliseconds=300))
        retry = client.post(reverse("accounts:verify"), {"code": "000001"})
        text = retry.content.decode()
        assert "Wait 1 second, then enter the current code" in text
        assert "Wait a minute" not in text
        # After the wait, the right code works.
        t.shift(dt.timedelta(seconds=31))
        device = confirmed_device(qa)
        ok = client.post(reverse("accounts:verify"), {"code": current_code(device)})
        assert ok.status_code == 302


def test_signing_out_says_so(client: Client, qa: object) -> None:
    client.force_login(qa)  # type: ignore[arg-type]
    response = client.post(reverse("accounts:logout"), follow=True)
    assert response.status_code == 200
    assert "You have signed out." in response.content.decode()
    assert not response.context["user"].is_authenticated
