"""The register's pages in Welsh: Welsh headings, none of the English ones."""

import pytest
from django.conf import settings
from django.urls import reverse

from yjaudit.organisations.models import Role

from .factories import make_caseload, make_people, make_service, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_the_register_pages_speak_welsh(client):
    service = make_service()
    make_people(service)
    [case, *_] = make_caseload(service, 3)
    sign_in(client, make_user("qa", service, Role.QA_LEAD))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    pages = {
        reverse("cases:list"): (
            ["Hidlo achosion", "Defnyddio'r hidlwyr", "3 achos"],
            ["Filter cases", "Apply filters", "Clear filters", "Cases matching the filters"],
        ),
        reverse("cases:detail", args=[case.pk]): (
            [f"Achos {case.reference}"],
            ["Back to cases", "Case manager"],
        ),
        reverse("cases:import_upload", args=[service.code]): (
            ["Mewnforio achosion", "Y colofnau sydd eu hangen ar eich ffeil", "Gofynnol"],
            ["Import cases", "The columns your file needs", "Upload and continue", "Optional"],
        ),
    }
    for url, (welsh, english) in pages.items():
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode().replace("&#x27;", "'")
        for words in welsh:
            assert words in html, (url, words)
        for words in english:
            assert words not in html, (url, words)
