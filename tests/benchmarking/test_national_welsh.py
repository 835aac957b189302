"""The national results page in Welsh: its charts' descriptions, data tables and SVG
start from the shared, translated chart words, so nothing in them is in English."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.organisations.models import RoleGrant, Service

from .conftest import make_round

pytestmark = pytest.mark.django_db

# Words the charts write themselves (the framework's names and ratings are its own words).
ENGLISH = (
    "Highest",
    "Lowest",
    "Bar chart",
    "Percentage",
    "Rating",
    "Not rated",
    "No figure",
    "interval",
    "Services",
)
COUNTED_IN_ENGLISH = re.compile(r"\b\d+ services?\b")


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_the_national_charts_are_described_in_welsh(client: Client, editions: Any) -> None:
    inspector = make_user("insp@example.org")
    for i, size in enumerate((3, 6, 9)):
        s = Service.objects.create(name=f"Shire {i:02d} YJS", code=f"S{i:02d}", nation="wales")
        make_round(s, editions["hmip-youth-2021"], size=size)
        RoleGrant.objects.create(user=inspector, service=s, role="inspector")
    verified_login(client, inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    html = client.get("/benchmarks/national/").content.decode().replace("&#x27;", "'")
    captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.S)
    assert captions
    # The description (figure caption), the data tables' headings and the SVG's own text.
    headings = re.findall(r'<th scope="col" class="govuk-table__header">(.*?)</th>', html)
    svg_text = re.findall(r"<(?:title|desc|text)[^>]*>(.*?)</(?:title|desc|text)>", html, re.S)
    assert svg_text
    described = " ".join(captions)
    assert "Siart bar:" in described and "gwasanaeth)" in described
    assert "Uchaf:" in described and "Isaf:" in described
    assert {"Gradd", "Canran", "Gwasanaethau"} <= set(headings)
    for text in (described, " ".join(headings), " ".join(svg_text)):
        for words in ENGLISH:
            assert words not in text, words
        assert not COUNTED_IN_ENGLISH.search(text), text
