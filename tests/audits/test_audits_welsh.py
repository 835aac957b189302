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
