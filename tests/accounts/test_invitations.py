"""Invitations to an address that already has an account (issue 10, failure 8): the
administrator's page says the same thing either way, and the person accepts the role."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.models import Invitation
from yjaudit.accounts.testing import (
    TEST_PASSWORD,
    confirmed_device,
    current_code,
    make_user,
    verified_login,
)
from yjaudit.organisations.models import RoleGrant, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")


@pytest.fixture
def admin(service):
    return make_user("admin@example.org", service=service, roles=["administrator"])


def _invite(admin, service, email, role="manager"):
    client = verified_login(Client(), admin)
    response = client.post(
        reverse("accounts:invite"),
        {"email": email, "service": service.pk, "role": role},
        follow=True,
    )
    assert response.status_code == 200
    link = re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", mail.outbox[-1].body)
    return response, link.group(1)


def _banner(response) -> str:
    text = response.content.decode()
    found = re.search(r"Invitation sent to [^<]*", text)
    return found.group(0) if found else ""


def test_the_administrator_sees_the_same_answer_for_known_and_unknown_addresses(admin, service):
    make_user("known@example.org", service=service, roles=["auditor"])
    disabled = make_user("gone@example.org", service=service, roles=["auditor"])
    disabled.is_active = False
    disabled.save()
    answers = {}
    for email in ("known@example.org", "stranger@example.org", "gone@example.org"):
        response, _link = _invite(admin, service, email)
        answers[email] = _banner(response).replace(email, "EMAIL")
    assert set(answers.values()) == {"Invitation sent to EMAIL."}
    assert Invitation.objects.count() == 3
    # Nobody got the role without accepting it.
    assert not RoleGrant.objects.filter(role="manager").exists()


def test_an_existing_account_accepts_the_role_signed_in(admin, service):
    person = make_user("known@example.org", service=service, roles=["auditor"])
    _response, link = _invite(admin, service, "known@example.org")
    assert "sign in" in mail.outbox[-1].body

    browser = Client()
    page = browser.get(link)
    assert page.status_code == 200 and b"Sign in" in page.content
    assert browser.post(link).status_code == 200  # signed out: nothing happens
    assert not RoleGrant.objects.filter(user=person, role="manager").exists()

    # Signing in (password, then two-factor) comes back to the link.
    device = confirmed_device(person)
    signed_in = browser.post(
        reverse("accounts:login") + f"?next={link}",
        {"username": "known@example.org", "password": TEST_PASSWORD},
    )
    assert "two-factor" in signed_in["Location"]
    again = browser.get(link)
    assert again.status_code == 302 and "two-factor" in again["Location"]
    browser.post(reverse("accounts:verify"), {"code": current_code(device)})

    page = browser.get(link)
    assert b"Accept the role" in page.content
    accepted = browser.post(link)
    assert accepted.status_code == 302
    assert RoleGrant.objects.filter(user=person, role="manager").exists()
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None and invitation.user == person
    assert browser.get(link).status_code == 404  # the link works once


def test_another_account_cannot_accept(admin, service):
    make_user("known@example.org", service=service, roles=["auditor"])
    intruder = make_user("intruder@example.org", service=service, roles=["auditor"])
    _response, link = _invite(admin, service, "known@example.org")
    browser = verified_login(Client(), intruder)
    page = browser.get(link)
    assert b"for another account" in page.content
    browser.post(link)
    assert not RoleGrant.objects.filter(role="manager").exists()
    assert Invitation.objects.get().accepted_at is None
