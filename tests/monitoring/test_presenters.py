"""Figures in words: breakdown values from the code lists, why a figure has no value."""

from __future__ import annotations

import pytest

from yjaudit.indicators import Figure
from yjaudit.monitoring import presenters


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
