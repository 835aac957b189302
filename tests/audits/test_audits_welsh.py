"""The audits pages in Welsh: headings, labels and buttons speak Welsh, not English.

Framework text (standards, questions) and the cases register's words come from other
catalogues or from data; this checks the words the audits package itself puts on a page.
"""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.audits.case_audits import selectors as audit_selectors

pytestmark = pytest.mark.django_db


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_audits_pages_in_welsh(client: Client) -> None:
    world = build_world()
    sign_in(client, world.users["qa"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    audit = world.audit()
    standard = audit_selectors.audit_layout(audit)[0]
    pk, round_pk = audit.pk, world.round.pk
    # page -> (Welsh that must show, English of this package that must be gone)
    pages = {
        reverse("rounds:list"): (
            ["Rowndiau archwilio", "Hidlo rowndiau", "Gwasanaeth"],
            ["Search rounds by name", "What is audited", "Create a round for"],
        ),
        reverse("rounds:detail", args=[round_pk]): (
            ["Y sampl o'i gymharu â'r llwyth achosion", "Rheol maint y sampl", "Hunanarchwiliad"],
            ["Sample against the caseload", "Sample size rule", "Self-audit", "Swap case"],
        ),
        reverse("audits:round", args=[round_pk]): (
            [
                "Archwiliadau achos: Quarter 1",
                "Achosion yn y sampl",
                "Heb ei aseinio",
                "Hidlo archwiliadau achos",
                "Newidiwyd ddiwethaf",
            ],
            [
                "Case audits",
                "Not assigned",
                "Sampled cases",
                "Draft",
                "Filter case audits",
                "case audits",
                "Last changed",
                "Second marking",
                "Not chosen for second marking",
            ],
        ),
        reverse("audits:detail", args=[pk]): (
            ["Cynnydd fesul safon", "Cyflwyno'r archwiliad achos", "Heb ddechrau"],
            ["Progress per standard", "Submit the case audit", "Not started", "Case manager"],
        ),
        reverse("audits:standard", args=[pk, standard.id]): (
            ["Tystiolaeth ar gyfer", "Cadw a pharhau"],
            ["Evidence for", "Save and continue", "answered"],
        ),
        reverse("audits:results", args=[round_pk]): (
            ["Canlyniadau: Quarter 1", "Safonau a thuedd", "Cyfwng 95%", "Tuedd"],
            ["Results:", "Standards and trend", "95% interval", "Trend", "Not rated"],
        ),
        reverse("audits:moderation", args=[round_pk]): (
            ["Cytundeb rhwng marcwyr", "Dewis achosion i'w hail farcio"],
            ["Agreement between markers", "Choose cases for second marking", "Seed"],
        ),
        reverse("audits:assign", args=[round_pk]): (
            ["Aseinio archwilwyr ac ail farcwyr", "Dim newid", "Neb"],
            ["Assign auditors", "No change", "Nobody", "Not assigned"],
        ),
        reverse("audits:history", args=[pk]): (
            ["Hanes archwiliad achos", "Pob newid, y diweddaraf yn gyntaf"],
            ["History of case audit", "Every change", "Before", "After"],
        ),
    }
    for url, (welsh, english) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response.content.decode())
        assert '<html lang="cy"' in response.content.decode(), url
        for words in welsh:
            assert words in text, (url, words)
        for words in english:
            assert words not in text, (url, words)


def test_framework_words_follow_the_readers_language(client: Client) -> None:
    """The standard's name and its questions are read in Welsh on a Welsh page and in
    English on an English one, one after the other (nothing cached crosses languages),
    and the figures are the same in both."""
    from yjaudit.frameworks.translations import translation_for

    world = build_world()
    sign_in(client, world.users["qa"])
    audit = world.audit()
    edition = world.round.framework_edition
    english = edition.spec("en")
    welsh_words = translation_for(edition.framework_id, "cy")
    assert welsh_words is not None
    standard = audit_selectors.audit_layout(audit)[0]
    question = english.standard(standard.id).key_questions[0]
    words = {
        "en": (english.standard(standard.id).name, question.text),
        "cy": (welsh_words.standards[standard.id].name, welsh_words.questions[question.id].text),
    }
    pages = [
        reverse("audits:standard", args=[audit.pk, standard.id]),
        reverse("audits:results", args=[world.round.pk]),
    ]
    figures: dict[str, list[str]] = {}
    for language in ("en", "cy", "en", "cy"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        other = "cy" if language == "en" else "en"
        text = _text(client.get(pages[0]).content.decode())
        assert words[language][0] in text and words[language][1] in text, language
        assert words[other][1] not in text, language
        results = _text(client.get(pages[1]).content.decode())
        assert words[language][0] in results, language
        assert words[other][0] not in results, language
        figures.setdefault(language, re.findall(r"\b\d+%", results))
    assert figures["en"] == figures["cy"]
