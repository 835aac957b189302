"""Questionnaires in Welsh: the form shows Welsh questions and answers, and what is saved
is the same answer codes as in English (so results, exports and imports are unchanged)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import verified_login
from yjaudit.voice import services
from yjaudit.voice.models import Collection, Response
from yjaudit.voice.report import board_tables

TODAY = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)
ANSWERS = [("understand-order", "partly"), ("treated-fairly", "mostly"), ("feel-safe", "yes")]


def test_answers_given_in_welsh_store_the_same_codes_as_in_english(
    collection: Collection, qa: Any
) -> None:
    english, welsh = services.issue_links(actor=qa, collection=collection, count=2)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    form = client.get(
        reverse("voice:question", kwargs={"token": welsh, "question_id": "feel-safe"})
    )
    body = form.content.decode().replace("&#x27;", "'")
    assert "Ydych chi'n teimlo'n ddiogel ar hyn o bryd?" in body
    assert "Yn rhannol" in body and "Ddim yn siŵr" in body
    assert "Do you feel safe" not in body and "Not sure" not in body
    for token, language in ((welsh, "cy"), (english, "en")):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for qid, value in ANSWERS:
            url = reverse("voice:question", kwargs={"token": token, "question_id": qid})
            assert client.post(url, {"answer": value}).status_code == 302
        check = reverse("voice:check", kwargs={"token": token})
        shown = client.get(check).content.decode()
        assert ("Y rhan fwyaf o'r amser" in shown.replace("&#x27;", "'")) == (language == "cy")
        assert client.post(check).status_code == 302
    saved = {r.language: r.answers for r in Response.objects.all()}
    assert saved["cy"] == saved["en"] == dict(ANSWERS)


@time_machine.travel(TODAY, tick=True)
def test_staff_pages_and_the_paper_form_in_welsh(collection: Collection, qa: Any) -> None:
    client = Client()
    verified_login(client, qa)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    title_cy = "Beth yw eich barn am y gwasanaeth cyfiawnder ieuenctid?"
    title_en = "What do you think of the youth justice service?"
    # A name someone gave a collection is shown as given; the questionnaire's own title
    # follows the page.
    collection.name = "Barn plant, gwanwyn 2026"
    collection.save()
    for url in (
        reverse("voice:service", kwargs={"service_code": "DEMO"}),
        reverse("voice:collection", kwargs={"service_code": "DEMO", "pk": collection.pk}),
    ):
        body = client.get(url).content.decode().replace("&#x27;", "'")
        assert title_cy in body and title_en not in body, url
    url = reverse("voice:paper", kwargs={"service_code": "DEMO", "pk": collection.pk})
    body = client.get(url).content.decode().replace("&#x27;", "'")
    assert "Ydych chi'n teimlo'n ddiogel ar hyn o bryd?" in body and "Bob amser" in body
    assert "Do you feel safe" not in body and "Always" not in body
    saved = client.post(
        url,
        {
            "submitted_on_0": "2",
            "submitted_on_1": "3",
            "submitted_on_2": "2026",
            "paper_language": "cy",
            "feel-safe": "no",
            "treated-fairly": "always",
        },
    )
    assert saved.status_code == 302
    assert Response.objects.get().answers == {"treated-fairly": "always", "feel-safe": "no"}


@time_machine.travel(TODAY, tick=True)
def test_the_board_pack_section_follows_the_language(collection: Collection, qa: Any) -> None:
    from django.utils import translation

    for n in range(6):
        services.enter_paper(
            actor=qa,
            collection=collection,
            answers={"feel-safe": "yes" if n % 2 else "no"},
            submitted_on=dt.date(2026, 1, 5 + n),
        )
    with translation.override("cy"):
        (table,) = board_tables(collection.service)
    assert table.caption.startswith("Beth yw eich barn")
    assert "Ydych chi'n teimlo'n ddiogel ar hyn o bryd?" in {r[0].text for r in table.rows}
    with translation.override("en"):
        (table,) = board_tables(collection.service)
    assert table.caption.startswith("What do you think")


@time_machine.travel(TODAY, tick=True)
def test_a_collection_without_a_name_and_the_results_follow_the_language(
    collection: Collection, qa: Any
) -> None:
    """Opened without a name, a collection stores none and is called by its questionnaire's
    title in the reader's language (one opened before stored the English title: the same);
    the results' 95% intervals read "17% i 69%" in Welsh."""
    title_cy = "Beth yw eich barn am y gwasanaeth cyfiawnder ieuenctid?"
    title_en = "What do you think of the youth justice service?"
    assert collection.name == ""
    for n in range(10):
        services.enter_paper(
            actor=qa,
            collection=collection,
            answers={"treated-fairly": ("always", "mostly", "sometimes", "never")[n % 4]},
            submitted_on=dt.date(2026, 1, 5 + n),
        )
    client = Client()
    verified_login(client, qa)
    pages = [
        reverse("voice:service", kwargs={"service_code": "DEMO"}),
        reverse("voice:collection", kwargs={"service_code": "DEMO", "pk": collection.pk}),
        reverse("voice:paper", kwargs={"service_code": "DEMO", "pk": collection.pk}),
    ]
    results = reverse(
        "voice:results", kwargs={"service_code": "DEMO", "questionnaire_id": "children"}
    )
    english = client.get(results, {"quarter": "2025-26 Q4"}).content.decode()
    assert "11% to 60%" in english  # 3 of 10: Wilson 10.8% to 60.3%
    for stored in ("", title_en):  # a new collection, and one opened before
        Collection.objects.filter(pk=collection.pk).update(name=stored)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
        for url in pages:
            body = client.get(url).content.decode().replace("&#x27;", "'")
            assert f">{title_cy}<" in body and title_en not in body, url
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        for url in pages:
            body = client.get(url).content.decode().replace("&#x27;", "'")
            assert f">{title_en}<" in body and title_cy not in body, url
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = client.get(results, {"quarter": "2025-26 Q4"}).content.decode()
    assert "11% i 60%" in welsh and not re.search(r"\d+% to \d+%", welsh)
    # The same figures in both languages.
    numbers = re.compile(r"(\d+)% (?:to|i) (\d+)%")
    assert numbers.findall(english) == numbers.findall(welsh)
