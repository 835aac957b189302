"""National Standards rule titles and risk forum names follow the page's language (the
Welsh wording files), and never leak into English pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from yjaudit.accounts.testing import verified_login

from .conftest import Register

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 4, 15, 10, 0, tzinfo=dt.UTC)
RULE = "/practice/DEMO/standards/assessment-referral-order/"
TITLE_CY = "Asesiad wedi'i gwblhau o fewn 20 diwrnod gwaith i'r dechrau (gorchmynion atgyfeirio)"
TITLE_EN = "Assessment completed within 20 working days of the start (referral orders)"


def _page(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, url
    return page.content.decode().replace("&#x27;", "'")


@time_machine.travel(TODAY, tick=False)
def test_rule_titles_and_forum_names_follow_the_language(
    client: Client, loaded: Register, users: dict[str, Any]
) -> None:
    verified_login(client, users["manager"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    for url in ("/practice/DEMO/", RULE):
        body = _page(client, url)
        assert TITLE_CY in body and TITLE_EN not in body, url
    uncovered = _page(client, "/practice/DEMO/uncovered/")
    assert "IPC (Cynhadledd gynllunio fewnol)" in uncovered
    assert "Internal planning conference" not in uncovered
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in ("/practice/DEMO/", RULE):
        body = _page(client, url)
        assert TITLE_EN in body and TITLE_CY not in body, url
    assert "IPC (Internal planning conference)" in _page(client, "/practice/DEMO/uncovered/")


@time_machine.travel(TODAY, tick=False)
def test_intervals_charts_and_risk_levels_follow_the_language(
    client: Client, loaded: Register, users: dict[str, Any]
) -> None:
    """A rule's 95% interval ("9% i 91%"), its trend chart's text alternative ("Siart
    llinell: ... 50% yn 2025-03") and the risk levels of uncovered cases ("Canolig"), in
    the pages and the one-to-one sheet."""
    verified_login(client, users["manager"])
    english = _page(client, RULE)
    assert "9% to 91%" in english and "Line chart" in english and "50% in 2025-03" in english
    assert ">Medium<" in _page(client, "/practice/DEMO/uncovered/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    body = _page(client, RULE)
    assert "9% i 91%" in body and "Siart llinell" in body and "50% yn 2025-03" in body
    for words in ("9% to 91%", "Line chart", " in 2025-03", "No figure"):
        assert words not in body, words
    uncovered = _page(client, "/practice/DEMO/uncovered/")
    assert ">Canolig<" in uncovered and "ar lefel Canolig neu uwch" in uncovered
    assert "Medium" not in uncovered
    sheet = _page(client, f"/practice/DEMO/sheets/{loaded.bob.pk}/?month=2025-03")
    assert "P-2 (Canolig)" in sheet and "Medium" not in sheet
