"""Welsh throughout: every user-facing string of every package has Welsh text.

One test per package, so a failure names the package and lists each gap with its file
and line (see `yjaudit.web.catalogue_check` for what counts). To see and fill the gaps:
    .venv/bin/python -m yjaudit.web.catalogue_check <package> --po
then write the Welsh into `<package>/locale/cy/LC_MESSAGES/django.po` and run
    .venv/bin/python -m yjaudit.web.pocompile
"""

from __future__ import annotations

from pathlib import Path

import pytest

from yjaudit.web import catalogue_check
from yjaudit.web.catalogue_check import Gap, gaps_for, packages, python_strings, unmarked_words


@pytest.fixture(scope="module")
def done() -> set[tuple[str | None, str]]:
    return catalogue_check.translated()


@pytest.mark.parametrize("package", packages())
def test_every_string_has_welsh(package: str, done: set[tuple[str | None, str]]) -> None:
    gaps = gaps_for(package, done)
    listed = "\n".join(str(g) for g in gaps[:60])
    more = f"\n... and {len(gaps) - 60} more" if len(gaps) > 60 else ""
    assert not gaps, f"{len(gaps)} gaps in {package}:\n{listed}{more}"


def test_the_check_finds_words_outside_the_tags() -> None:
    source = (
        '{% load i18n %}<h1 class="govuk-heading-l">{% translate "Audit rounds" %}</h1>\n'
        '<a href="{% url "home" %}" class="govuk-link">Back to the round</a>\n'
        '<button aria-label="Close the panel">{% translate "Close" %}</button>\n'
        "{% blocktranslate %}All {{ n }} cases{% endblocktranslate %}\n"
        '<input type="submit" value="Save">{# a comment #}{% comment %}Note{% endcomment %}'
        "<script>var ready = true;</script>&nbsp;GOV.UK"
    )
    assert unmarked_words(source) == [
        (2, "Back"), (2, "round"), (2, "the"), (2, "to"), (3, "Close"), (3, "panel"),
        (3, "the"), (5, "Save"),
    ]  # fmt: skip


def test_a_marked_string_without_welsh_is_a_gap(tmp_path: object) -> None:
    gaps = gaps_for("web", done=set())
    assert any(g.kind == "missing" for g in gaps), "the web package marks strings"
    assert all(isinstance(g, Gap) for g in gaps)


def test_an_api_error_or_problem_message_in_plain_text_is_a_gap(tmp_path: Path) -> None:
    api = tmp_path / "api.py"
    api.write_text(
        "from django.utils.translation import gettext\n"
        "def check(x):\n"
        '    raise ValidationError({"set": f"Unknown set {x}."})\n'
        "def check2():\n"
        '    raise ValidationError("Not valid JSON.")\n'
        "def too_big():\n"
        '    return Response({"problems": [{"message": "The file is too large."}]})\n'
        "def fine(x):\n"
        '    raise ValidationError({"set": gettext("Unknown set %(x)s.") % {"x": x}})\n'
        '    Section("summary", gettext("Summary"))\n'
    )
    _ids, gaps = python_strings(api)
    assert [(g.kind, g.text) for g in gaps] == [
        ("unmarked-error", "Unknown set {}."),
        ("unmarked-error", "Not valid JSON."),
        ("unmarked-error", "The file is too large."),
    ]


def test_july_is_spelt_as_welsh_spells_it_in_dates() -> None:
    import datetime as dt

    from django.utils import translation
    from django.utils.dateformat import format as date_format

    with translation.override("cy"):
        assert date_format(dt.date(2026, 7, 3), "j F Y") == "3 Gorffennaf 2026"
        assert date_format(dt.date(2026, 7, 3), "j E Y") == "3 Gorffennaf 2026"
