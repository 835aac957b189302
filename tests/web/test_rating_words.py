"""A band label in the reader's words: Welsh on a Welsh page, the label itself in English,
and a label the catalogue does not know (a service's own framework) as it is written."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from yjaudit.cli import i18n as cli_i18n
from yjaudit.web.ratings import RATING_LABELS, rating_words

WELSH = {
    "Outstanding": "Rhagorol",
    "Good": "Da",
    "Requires improvement": "Angen gwella",
    "Inadequate": "Annigonol",
    "Needs improvement": "Angen gwella",
    "MINIMUM": "LLEIAF",
    "MODERATE": "CYMEDROL",
    "SUBSTANTIAL": "SYLWEDDOL",
    "DRASTIC": "LLYM",
}


def test_every_bundled_label_is_listed() -> None:
    assert set(RATING_LABELS) == set(WELSH)


@pytest.mark.parametrize(("label", "welsh"), WELSH.items())
def test_known_labels_in_welsh_and_english(label: str, welsh: str) -> None:
    with translation.override("cy"):
        assert rating_words(label) == welsh
    with translation.override("en-gb"):
        assert rating_words(label) == label


def test_unknown_labels_and_no_rating() -> None:
    with translation.override("cy"):
        assert rating_words("Very strong") == "Very strong"
        assert rating_words("good") == "good"  # exact labels only: a user's own word stays
        assert rating_words(None) == "" and rating_words("") == ""


def test_the_filter_and_an_empty_rating_falls_back_to_default() -> None:
    template = Template(
        '{% load i18n words %}{{ a|rating_words }}|{{ b|rating_words|default:_("Not rated") }}'
        "|{{ c|rating_words }}"
    )
    context = Context({"a": "Outstanding", "b": None, "c": "Our own band"})
    with translation.override("cy"):
        assert template.render(context) == "Rhagorol|Heb radd|Our own band"
    with translation.override("en-gb"):
        assert template.render(context) == "Outstanding|Not rated|Our own band"


def test_the_cli_catalogue_gives_the_same_words() -> None:
    try:
        cli_i18n.activate("cy")
        assert rating_words("Good", cli_i18n.gettext) == "Da"
        assert rating_words("DRASTIC", cli_i18n.gettext) == "LLYM"
    finally:
        cli_i18n.activate("en")
    assert rating_words("Good", cli_i18n.gettext) == "Good"
