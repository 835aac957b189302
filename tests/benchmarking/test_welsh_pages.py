"""Published ratings in Welsh: the list, the import page and a round's comparison."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from yjaudit.accounts.testing import verified_login
from yjaudit.benchmarking import services

from .conftest import STARTER, make_round

pytestmark = pytest.mark.django_db


def test_published_ratings_pages_speak_welsh(
    client: Client, editions: Any, service: Any, platform: Any, qa: Any
) -> None:
    services.import_published(actor=None, filename=STARTER.name, data=STARTER.read_bytes())
    r = make_round(service, editions["hmip-youth-2021"])
    verified_login(client, platform)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    pages = {
        "/benchmarks/": (
            ["Graddau arolygu a gyhoeddwyd", "6 arolygiad a gyhoeddwyd", "Arolygwyd"],
            ["Published inspection ratings", "published inspections", "Compare a round"],
        ),
        "/benchmarks/import/": (
            ["Mewnforio graddau a gyhoeddwyd", "Sut i osod y ffeil", "Colofnau:"],
            ["Import published ratings", "How to lay out the file", "Recent imports"],
        ),
        f"/benchmarks/rounds/{r.pk}/": (
            ["Graddau a gyhoeddwyd wrth ymyl y rownd hon", "Y rownd hon"],
            [
                "Published ratings beside this round",
                "This round",
                "Standard or area",
                # The charts' own words, shared and translated (issue: English defaults).
                "Bar chart",
                "Highest:",
                "Lowest:",
            ],
        ),
    }
    for url, (welsh, english) in pages.items():
        if url.startswith("/benchmarks/rounds/"):  # the service's own round
            verified_login(client, qa)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode().replace("&#x27;", "'")
        for words in welsh:
            assert words in html, (url, words)
        for words in english:
            assert words not in html, (url, words)
