"""Published ratings in Welsh words: the list, a round beside them (column headings, the
round's own rating, the charts) read "Rhagorol", "Da"..., with no English rating word;
the API keeps the framework's labels."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from yjaudit.accounts.testing import verified_login
from yjaudit.benchmarking import services

from .conftest import STARTER, make_round

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"\b(Outstanding|Good|Requires improvement|Inadequate)\b")


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_published_ratings_in_welsh_words(
    client: Client, editions: Any, service: Any, platform: Any, qa: Any
) -> None:
    services.import_published(actor=None, filename=STARTER.name, data=STARTER.read_bytes())
    r = make_round(service, editions["hmip-youth-2021"])
    verified_login(client, platform)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    # Each row's source note is the published report's own text, quoted as imported.
    notes = r'<span class="govuk-body-s">[^<]*</span>'
    listed = _text(re.sub(notes, " ", client.get("/benchmarks/").content.decode()))
    assert re.search(r"\b(Rhagorol|Da|Angen gwella|Annigonol)\b", listed)
    assert not ENGLISH.search(listed), ENGLISH.search(listed)
    verified_login(client, qa)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.get(f"/benchmarks/rounds/{r.pk}/").content.decode()
    text = _text(page)
    for words in ("Rhagorol", "Da", "Angen gwella", "Annigonol"):
        assert words in text, words
    assert not ENGLISH.search(text), ENGLISH.search(text)
    # In English, the labels as they are.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _text(client.get(f"/benchmarks/rounds/{r.pk}/").content.decode())
    assert "Outstanding" in english and "Rhagorol" not in english
