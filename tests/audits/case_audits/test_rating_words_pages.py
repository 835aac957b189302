"""Ratings in Welsh on the round's pages (issue 16, item 11): the results page reads
"Rhagorol", "Da"... and no English rating word, while a judgement chosen on a Welsh page
stores the framework's English label (a key) and scores exactly as in English."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from audits.audit_world import AuditWorld, build_world
from cases.factories import sign_in
from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audits.models import JudgementRating

pytestmark = pytest.mark.django_db

ENGLISH_RATINGS = re.compile(r"\b(Outstanding|Good|Requires improvement|Inadequate)\b")
# Every judgement standard of HMIP 2021.
JUDGEMENTS = {
    "1.1": "Good",
    "1.2": "Requires improvement",
    "1.3": "Inadequate",
    "1.4": "Good",
    "3.4": "Good",
    "4.1": "Outstanding",
}


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture
def world() -> AuditWorld:
    w = build_world("hmip-youth-2021", n=8)
    for audit in w.audits:  # every answer yes: each case standard is Outstanding
        layout = audit_selectors.audit_layout(audit)
        audit_services.save_answers(
            actor=w.users["auditor"],
            audit=audit,
            version=audit.version,
            answers=[AnswerInput(q.id, "yes", "") for s in layout for q in s.visible],
        )
        audit.refresh_from_db()
        audit_services.submit(actor=w.users["auditor"], audit=audit)
    return w


def _welsh(client: Client, world: AuditWorld) -> Client:
    sign_in(client, world.users["qa"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def _judge(client: Client, world: AuditWorld, standard_id: str, rating: str) -> int:
    url = reverse("audits:judgement", args=[world.round.pk, standard_id])
    data = {"rating": rating, "evidence": "", "reasons": "Meetings and papers."}
    return client.post(url, data).status_code


def test_the_judgement_form_shows_welsh_words_and_submits_the_english_label(
    client: Client, world: AuditWorld
) -> None:
    _welsh(client, world)
    url = reverse("audits:judgement", args=[world.round.pk, "1.1"])
    page = client.get(url).content.decode()
    # The option's value is the band's label; the words beside it are Welsh.
    for label, words in (("Outstanding", "Rhagorol"), ("Good", "Da"), ("Inadequate", "Annigonol")):
        radio = re.search(rf'<input[^>]*id="([^"]+)"[^>]*value="{label}"', page)
        assert radio, label
        shown = re.search(rf'<label[^>]*for="{radio[1]}"[^>]*>\s*(.*?)\s*</label>', page, re.S)
        assert shown and shown[1] == words, (label, shown and shown[1])
    assert not ENGLISH_RATINGS.search(_text(page))
    # A Welsh word is not a rating: only the label is accepted.
    assert _judge(client, world, "1.1", "Da") == 200
    assert not JudgementRating.objects.filter(round=world.round).exists()
    assert _judge(client, world, "1.1", "Good") == 302
    assert JudgementRating.objects.get(round=world.round, standard_id="1.1").rating == "Good"


def test_a_judgement_from_a_welsh_page_scores_as_in_english(
    client: Client, world: AuditWorld
) -> None:
    _welsh(client, world)
    for sid, rating in JUDGEMENTS.items():
        assert _judge(client, world, sid, rating) == 302
    stored = dict(
        JudgementRating.objects.filter(round=world.round).values_list("standard_id", "rating")
    )
    assert stored == JUDGEMENTS
    welsh = round_scores.round_score(world.round).result
    # The same choices on an English page.
    english_client = Client()
    sign_in(english_client, world.users["qa"])
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for sid, rating in JUDGEMENTS.items():
        url = reverse("audits:judgement", args=[world.round.pk, sid])
        data = {"rating": rating, "evidence": "", "reasons": "Meetings and papers, again."}
        assert english_client.post(url, data).status_code == 302
    round_scores.clear_cache()
    english = round_scores.round_score(world.round).result
    assert [s.rating for s in english.standards] == [s.rating for s in welsh.standards]
    assert english.overall == welsh.overall
    assert welsh.standard("1.1").rating == "Good"
    # The judgements count in the overall's points, the same in both languages.
    assert welsh.overall.points is not None and welsh.overall.points >= 8


def test_the_results_page_in_welsh_has_welsh_rating_words_only(
    client: Client, world: AuditWorld
) -> None:
    _welsh(client, world)
    for sid, rating in JUDGEMENTS.items():
        assert _judge(client, world, sid, rating) == 302
    page = client.get(reverse("audits:results", args=[world.round.pk])).content.decode()
    assert '<html lang="cy"' in page
    text = _text(page)
    for words in ("Rhagorol", "Da", "Angen gwella", "Annigonol"):
        assert re.search(rf"\b{words}\b", text), words
    assert not ENGLISH_RATINGS.search(text), ENGLISH_RATINGS.search(text)
    # The charts' words (band limits, bars of standards by rating) are Welsh too.
    svgs = " ".join(re.findall(r"<svg.*?</svg>", page, flags=re.S))
    assert "Rhagorol" in svgs and "Outstanding" not in svgs
    # In English the labels read as they are.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _text(client.get(reverse("audits:results", args=[world.round.pk])).content.decode())
    assert "Outstanding" in english and "Rhagorol" not in english
