"""Figures in words: breakdown values from the code lists, why a figure has no value."""

from __future__ import annotations

import pytest
from django.utils import translation

from yjaudit.indicators import Figure
from yjaudit.monitoring import presenters
from yjaudit.stats import Reason, Why


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("ethnicity", "not-known", "Not known or not stated"),
        ("ethnicity", "black", "Black, Black British, Caribbean or African"),
        ("sex", "female", "Female"),
        ("intervention_type", "out-of-court", "Out of court"),
        ("looked_after", "1", "Yes"),
        ("looked_after", "0", "No"),
        ("age", "15", "15"),
        ("partner", "police", "police"),
        ("ethnicity", "", "Not recorded"),
    ],
)
def test_group_text(field: str, value: str, words: str) -> None:
    assert presenters.group_text(field, value) == words


def test_whole_service_and_several_fields() -> None:
    assert presenters.group_label((), ()) == "Whole service"
    assert presenters.group_label(("sex", "ethnicity"), ("male", "white")) == "Male, White"


def _figure(num: int, den: int) -> Figure:
    return Figure("fte", "2025-26 Q1", ("other",), num, den, None, None, None)


def test_a_rate_without_population_says_so() -> None:
    assert presenters.status_text(_figure(2, 0)) == "No population figures for this group"
    assert presenters.status_text(_figure(0, 0)) == "No records in this quarter"


REASONS = [
    (Reason(Why.ZERO_COUNT, "other"), "Other ethnic group has a count of 0 at this stage"),
    (Reason(Why.ZERO_COUNT, "white", reference=True), "The reference group (White) has a count"),
    (Reason(Why.NO_BASE, "asian"), "Asian or Asian British had no children at the stage before"),
    (Reason(Why.NO_BASE, "white", reference=True), "The reference group (White) had no children"),
    (Reason(Why.REFERENCE_NO_EVENTS), "The reference group has no events"),
    (Reason(Why.GROUP_NO_EVENTS), "The group has no events: no interval"),
]


@pytest.mark.parametrize(("reason", "english"), REASONS)
def test_why_there_is_no_rri_in_the_readers_language(reason: Reason, english: str) -> None:
    """`yjaudit.stats` gives a code and the group; the words (and the group's) are ours."""
    assert presenters.reason_text("ethnicity", reason).startswith(english)
    with translation.override("cy"):
        welsh = presenters.reason_text("ethnicity", reason)
    assert welsh and welsh[0].isupper() and welsh != presenters.reason_text("ethnicity", reason)
    for words in ("has a count", "no children", "no events", "other", "white", "White"):
        assert words not in welsh, (words, welsh)


def test_stage_and_age_words() -> None:
    assert presenters.stage_text("started") == "Children starting an intervention"
    assert presenters.base_stage_text("population") == "of the population aged 10 to 17"
    assert presenters.ages_text((10, 17)) == "10 to 17" and presenters.ages_text(None) == ""
    with translation.override("cy"):
        assert presenters.stage_text("custody") == "Dedfrydau o garchar"
        assert presenters.base_stage_text("court") == "o'r gwarediadau llys"
        assert presenters.ages_text((10, 17)) == "10 i 17"
