"""Why a figure has no rating, in words: never "Not rated not rated: ..."."""

from __future__ import annotations

import pytest
from django.utils import translation

from yjaudit.engine.build import NO_ANSWERS, below_minimum
from yjaudit.web.reasons import why_not_rated


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("not rated: standard 1.1 not rated", "Standard 1.1 has no rating yet."),
        ("not rated: standards 1.1, 2.3 not rated", "Standards 1.1, 2.3 have no rating yet."),
        ("not rated: domains 2, 3 not rated", "Areas 2, 3 have no rating yet."),
        (below_minimum(3, 5), "Only 3 cases: a rating needs at least 5."),
        (below_minimum(1, 5), "Only 1 case: a rating needs at least 5."),
        (NO_ANSWERS, "No case has an answer that counts here yet."),
        ("no judgement given", "No judgement has been recorded yet."),
        ("something new", "Something new"),
        (None, ""),
    ],
)
def test_reasons_in_words(reason: str | None, words: str) -> None:
    with translation.override("en"):
        out = why_not_rated(reason)
    assert out == words
    assert "not rated" not in out.lower()
