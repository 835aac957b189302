"""One language choice for pages and e-mails: the footer switch and the account page store
a signed-in person's choice (with an audit-trail row), and signing in on any device
brings it back as the language cookie."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from yjaudit.accounts.testing import (
    TEST_PASSWORD,
    confirmed_device,
    current_code,
    make_user,
    verified_login,
)
from yjaudit.audittrail.models import AuditEvent
from yjaudit.notifications.models import LanguagePreference
from yjaudit.notifications.selectors import language_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """A Welsh request leaves Welsh active in this thread; the next test expects English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


COOKIE = settings.LANGUAGE_COOKIE_NAME


def test_the_footer_switch_remembers_a_signed_in_persons_choice(client: Client) -> None:
    user = make_user("person@example.org")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/accounts/"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "cy"
    assert language_of(user) == "cy"  # the e-mails follow the same choice
    rows = AuditEvent.objects.filter(action="notification.language")
    assert rows.count() == 1
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    assert rows.count() == 1, "choosing the same language again records nothing"
    client.post(reverse("set_language"), {"language": "en-gb", "next": "/"})
    assert language_of(user) == "en" and rows.count() == 2


def test_a_visitor_who_is_not_signed_in_only_gets_the_cookie(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    assert response.cookies[COOKIE].value == "cy"
    assert not LanguagePreference.objects.exists()
    assert client.post(reverse("set_language"), {"language": "xx"}).status_code == 302
    assert client.get(reverse("set_language")).status_code == 405  # a GET never writes


def test_signing_in_on_another_device_brings_the_choice_back() -> None:
    user = make_user("traveller@example.org")
    device = confirmed_device(user)
    first = Client()
    verified_login(first, user)
    first.post(reverse("set_language"), {"language": "cy", "next": "/"})
    other = Client()  # a new browser: no language cookie
    response = other.post(
        reverse("accounts:login"), {"username": "traveller@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "cy"
    other.post(reverse("accounts:verify"), {"code": current_code(device)})
    page = other.get(reverse("accounts:account"))
    assert page.headers["Content-Language"] == "cy"
    assert "Eich cyfrif" in page.content.decode()


def test_no_choice_leaves_the_browser_language_alone() -> None:
    make_user("newcomer@example.org")
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "newcomer@example.org", "password": TEST_PASSWORD}
    )
    assert COOKIE not in response.cookies


def test_the_account_page_shows_and_changes_the_language(client: Client) -> None:
    user = make_user("reader@example.org")
    verified_login(client, user)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Language of pages and e-mails" in page and "English" in page
    response = client.post(reverse("notifications:language"), {"language": "cy"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "cy"
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Cymraeg" in page
    assert "Mae eich iaith wedi" in page  # told in the language just chosen
    assert language_of(user) == "cy"
