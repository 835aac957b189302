"""Sample-size rules and the caseload comparison in the reader's language: a Welsh
new-round form and round page name the rules in Welsh (and no rule in English), the
comparison's labels are the register's Welsh words, and the sample is the same in
either language."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases.factories import make_user, sign_in
from yjaudit.audits.rounds import selectors as round_selectors
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.cases.models import Case
from yjaudit.organisations.models import Role
from yjaudit.sampling import load_rules

pytestmark = pytest.mark.django_db

ENGLISH = load_rules()
WELSH = load_rules(language="cy")


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture
def lead(client: Client, service, edition) -> Client:
    return sign_in(client, make_user("lead", service, Role.QA_LEAD))


def test_the_welsh_new_round_form_names_every_rule_in_welsh(lead: Client, service) -> None:
    url = reverse("rounds:create", args=[service.code])
    lead.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = _text(lead.get(url).content.decode())
    assert "Rheol maint y sampl" in welsh
    for ident, rule in WELSH.items():
        assert rule.name in welsh, ident
        assert ENGLISH[ident].name not in welsh, ident
    # "Number of cases" names its rule in the same words.
    assert f"“{WELSH['fixed-n'].name}”" in welsh
    # The values sent are the rules' ids, whatever the language.
    body = lead.get(url).content.decode()
    assert set(re.findall(r'name="sample_rule" type="radio" value="([^"]+)"', body)) == set(ENGLISH)

    lead.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _text(lead.get(url).content.decode())
    for ident, rule in ENGLISH.items():
        assert rule.name in english and WELSH[ident].name not in english, ident


def test_the_welsh_round_page_names_its_rule_and_compares_in_welsh(
    lead: Client, audit_round, qa
) -> None:
    # A case whose ethnicity is not known, so the comparison has that row.
    Case.objects.filter(pk=Case.objects.order_by("pk").first().pk).update(ethnicity="not-known")
    draw_sample(actor=qa, audit_round=audit_round, seed=7)
    url = reverse("rounds:detail", args=[audit_round.pk])
    rule_en, rule_cy = ENGLISH["hmip-children"], WELSH["hmip-children"]

    lead.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = _text(lead.get(url).content.decode())
    assert rule_cy.name in welsh and rule_cy.notes in welsh
    assert rule_en.name not in welsh and rule_en.notes not in welsh
    for words in ("Ddim yn hysbys neu heb ei nodi", "Gwarediad llys", "Gwryw", "Heb ei gofnodi"):
        assert words in welsh, words
    for words in ("Not known or not stated", "Court disposal", "Male", "Not recorded"):
        assert words not in welsh, words

    # The next reader, in English, gets English (nothing cached crosses languages).
    lead.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _text(lead.get(url).content.decode())
    assert rule_en.name in english and rule_en.notes in english
    assert "Not known or not stated" in english and "Not recorded" in english
    assert rule_cy.name not in english and "Ddim yn hysbys" not in english


def test_the_comparison_keeps_its_codes_and_figures_in_either_language(audit_round, qa) -> None:
    draw_sample(actor=qa, audit_round=audit_round, seed=7)

    def table(language: str) -> dict[tuple[str, str], tuple[str, int, int]]:
        with translation.override(language):
            return {
                (c.attribute, r.value): (r.label, r.caseload, r.sample)
                for c in round_selectors.comparison(audit_round)
                for r in c.rows
            }

    english, welsh = table("en-gb"), table("cy")
    assert english.keys() == welsh.keys() and len(english) > 10
    for key, (label, *figures) in english.items():
        assert welsh[key][1:] == tuple(figures), key
        assert welsh[key][0] != label, key  # every value in its Welsh words


def test_a_sample_drawn_in_welsh_is_the_one_drawn_in_english(service, edition, qa, caseload):
    def drawn(language: str, rule: str) -> list[str]:
        with translation.override(language):
            audit_round = create_round(
                actor=qa,
                service=service,
                framework_edition=edition,
                name=f"{rule} {language}",
                kind="self-audit",
                period_start=dt.date(2024, 1, 1),
                period_end=dt.date(2024, 12, 31),
                sample_rule=rule,
                requested_size=9,
            )
            return [
                s.case.reference for s in draw_sample(actor=qa, audit_round=audit_round, seed=11)
            ]

    for rule in ("hmip-children", "yjb-national-standards", "fixed-n"):
        english = drawn("en-gb", rule)
        assert english and drawn("cy", rule) == english, rule
