"""The platform's main pages in Welsh (issue 16 item 11): with the language cookie set to
cy, each package's pages show Welsh headings and none of their English words. One test per
package: site, accounts, organisations, audittrail, jobs, notifications, practice, voice,
retention, api and web (the breadcrumbs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """A Welsh request leaves Welsh active in this thread; the next test expects English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def welsh() -> Client:
    service = Service.objects.create(
        name="Gwasanaeth Cyfiawnder Ieuenctid Conwy", code="CONWY", nation="wales"
    )
    admin = make_user("gweinyddwr@example.org", service=service, roles=["administrator"])
    client = Client()
    verified_login(client, admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers["Content-Language"] == "cy"
    return response.content.decode()


def check(text: str, welsh: list[str], english: list[str]) -> None:
    assert [w for w in welsh if w not in text] == [], "Welsh missing"
    assert [e for e in english if e in text] == [], "English left"


def test_site_home_in_welsh(welsh: Client) -> None:
    check(page(welsh, reverse("web:home")), ["Eich gwaith"], ["Your work", "Nothing is waiting"])


def test_accounts_pages_in_welsh(welsh: Client) -> None:
    text = page(welsh, reverse("accounts:account"))
    check(
        text,
        ["Eich cyfrif", "Cyfrinair", "Dilysu dau gam", "Iaith y tudalennau"],
        ["Your account", "Change password", "Two-factor authentication", "Your roles"],
    )
    anonymous = Client()
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    check(page(anonymous, reverse("accounts:login")), ["Mewngofnodi"], ["Create your account"])


def test_organisations_pages_in_welsh(welsh: Client) -> None:
    check(
        page(welsh, reverse("organisations:service_list")),
        ["Gwasanaethau y gallwch eu gweld"],
        ["Services you can see"],
    )
    text = page(welsh, reverse("organisations:service_detail", args=["CONWY"]))
    check(
        text,
        ["Timau", "Ychwanegu aelod o staff", "Cymru"],
        ["No teams yet", "Add a staff member", "Line manager"],
    )


def test_web_breadcrumbs_in_welsh(welsh: Client) -> None:
    text = page(welsh, reverse("accounts:sign_out_everywhere"))
    assert 'aria-label="Briwsion bara"' in text and 'aria-label="Breadcrumb"' not in text


def test_audittrail_in_welsh(welsh: Client) -> None:
    check(
        page(welsh, reverse("audittrail:list")),
        ["Pob newid a wnaed yn yjaudit", "Hidlo"],
        ["Every change made", "What happened"],
    )


def test_jobs_schedule_in_welsh(welsh: Client) -> None:
    check(
        page(welsh, reverse("jobs:schedule")),
        ["Gwaith wedi'i amserlennu", "Rhediad nesaf"],
        ["Scheduled work", "Next run"],
    )


def test_notifications_language_page_in_welsh(welsh: Client) -> None:
    check(
        page(welsh, reverse("notifications:language")),
        ["Iaith y tudalennau a'r negeseuon e-bost", "Cadw"],
        ["Language of pages and e-mails", "They never hold case details"],
    )


def test_practice_in_welsh(welsh: Client) -> None:
    check(
        page(welsh, reverse("practice:figures", args=["CONWY"])),
        ["Cydymffurfio â'r Safonau Cenedlaethol"],
        ["National Standards compliance", "Team meeting summary"],
    )


def test_voice_in_welsh(welsh: Client) -> None:
    check(
        page(welsh, reverse("voice:service", args=["CONWY"])),
        ["Safbwyntiau"],
        ["Children's and victims' views", "Open a collection"],
    )


def test_retention_in_welsh(welsh: Client) -> None:
    check(
        page(welsh, reverse("retention:index", args=["CONWY"])),
        ["Cadw a dileu data", "Dileu achos plentyn ar gais"],
        ["Retention and erasure", "Erase a child's case on request"],
    )


def test_api_docs_in_welsh(welsh: Client) -> None:
    check(
        page(welsh, reverse("api:docs")),
        ["Dogfennaeth yr API", "Pwyntiau terfyn"],
        ["API documentation", "Endpoints"],
    )
