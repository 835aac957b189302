"""The shared layout: landmarks, navigation, messages, language switch, headers, error pages."""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.test import Client, override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals")


def _with_message(request: HttpRequest) -> HttpResponse:
    messages.success(request, "Saved the thing.")
    messages.warning(request, "Check the other thing.")
    return render(request, "site/home.html")


def _forbidden(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns = [
    path("boom/", _boom),
    path("message/", _with_message),
    path("forbidden/", _forbidden),
]
# Keep the real URLs so the layout's {% url %} tags resolve.
from yjaudit.config.urls import urlpatterns as _real  # noqa: E402

urlpatterns += _real


def test_home_page_layout(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en-gb"' in html
    assert 'class="govuk-skip-link"' in html and 'href="#main-content"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "govuk-service-navigation" in html and "govuk-phase-banner" in html
    assert 'href="/frameworks/"' in html
    assert "<footer" in html and 'action="/i18n/setlang/"' in html
    # Home is the current page in the navigation.
    assert 'aria-current="page"' in html
    # No inline script: the CSP forbids it.
    assert "<script>" not in html
    assert 'type="module"' in html and "data-govuk-frontend=" in html


def test_home_invites_anonymous_visitors_to_sign_in(client: Client) -> None:
    from django.urls import reverse

    html = client.get("/").content.decode()
    assert f'href="{reverse("accounts:login")}">Sign in</a> to work with' in html


def test_security_headers(client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


def test_language_switch_to_welsh_and_back(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "cy", "next": "/frameworks/"})
    assert response.status_code == 302 and response["Location"] == "/frameworks/"
    html = client.get("/").content.decode()
    assert '<html lang="cy"' in html
    assert "Neidio i'r prif gynnwys" in html
    assert "Arolygu a gwella gwaith achos cyfiawnder ieuenctid" in html
    # Each language is offered in its own name, whatever the page language.
    assert ">English</button>" in html and 'lang="en-gb"' in html
    client.post("/i18n/setlang/", {"language": "en-gb", "next": "/"})
    assert "Skip to main content" in client.get("/").content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_messages_become_notification_banners(client: Client) -> None:
    html = client.get("/message/").content.decode()
    assert "govuk-notification-banner--success" in html and 'role="alert"' in html
    assert "Saved the thing." in html
    assert 'role="region"' in html and "Check the other thing." in html


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_never_shows_a_traceback() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "secret internals" not in html and "Traceback" not in html


@override_settings(ROOT_URLCONF=__name__)
def test_forbidden_page(client: Client) -> None:
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_not_found_page(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "govuk-service-navigation" in html
