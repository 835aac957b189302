"""Forgotten password: a link by e-mail that works once; the page tells nobody whether an
address has an account; two-factor is still asked afterwards; API tokens are revoked."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.models import ApiToken
from yjaudit.accounts.testing import confirmed_device, make_user
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db
NEW = "a-new-long-passphrase-2026"


@pytest.fixture
def qa():
    service = Service.objects.create(name="Derby YJS", code="DERBY", nation="england")
    user = make_user("qa@example.org", service=service, roles=["qa_lead"])
    confirmed_device(user)
    return user


def test_forgotten_password_journey(client: Client, qa) -> None:
    login = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in login and "Forgotten your password?" in login

    sent = client.post(reverse("accounts:password_reset"), {"email": "QA@example.org"}, follow=True)
    assert "Check your email" in sent.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["qa@example.org"]
    body = mail.outbox[0].body
    link = re.search(r"https?://[^/]+(/accounts/password-reset/[^\s]+)", body)
    assert link, body

    form = client.get(link[1], follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link[1],
        {"new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Your password has been changed" in done.content.decode()
    assert AuditEvent.objects.filter(
        action="account.password_change", object_id=str(qa.pk)
    ).exists()

    # The link works once.
    again = client.get(link[1], follow=True).content.decode()
    assert "expired or was already used" in again

    # The new password signs in, and two-factor is still asked.
    signed = client.post(reverse("accounts:login"), {"username": "qa@example.org", "password": NEW})
    assert signed.status_code == 302 and "two-factor" in signed["Location"]


def test_unknown_address_is_told_the_same_and_gets_no_mail(client: Client, qa) -> None:
    known = client.post(
        reverse("accounts:password_reset"), {"email": "qa@example.org"}, follow=True
    )
    mail.outbox.clear()
    unknown = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
    )
    assert mail.outbox == []
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", known.content.decode()) == strip.sub("", unknown.content.decode())


def test_a_reset_revokes_api_tokens(client: Client, qa) -> None:
    from yjaudit.accounts import services

    services.api_token_create(user=qa, name="script", days=30, verified=True)
    assert ApiToken.objects.filter(user=qa, revoked_at__isnull=True).count() == 1
    client.post(reverse("accounts:password_reset"), {"email": "qa@example.org"})
    link = re.search(r"(/accounts/password-reset/\S+)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert not ApiToken.objects.filter(user=qa, revoked_at__isnull=True).exists()
