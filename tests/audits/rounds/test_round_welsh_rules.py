"""The caseload comparison in the reader's language: the register's words for each
value, the same codes and figures in either language."""

from __future__ import annotations

import pytest
from django.utils import translation

from yjaudit.audits.rounds import selectors as round_selectors
from yjaudit.audits.rounds.services import draw_sample

pytestmark = pytest.mark.django_db


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
