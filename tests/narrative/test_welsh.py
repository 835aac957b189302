"""The Welsh wording (defaults.cy.yaml): the same rules as the English, in Welsh words,
with digits for numbers (no mutation rules needed) and nothing English left."""

from __future__ import annotations

import pytest

from yjaudit.narrative import (
    FindingKind,
    ResultItem,
    default_settings,
    describe,
    select_findings,
    sentence_start,
    word_finding,
)

CY = default_settings("cy")


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        (0, 0, "dim achos perthnasol"),
        (1, 1, "yr unig achos perthnasol"),
        (2, 2, "y ddau achos perthnasol"),
        (12, 12, "pob un o'r 12 achos perthnasol"),
        (0, 1, "dim un achos perthnasol (0 o 1)"),
        (0, 2, "dim un o'r ddau achos perthnasol"),
        (0, 6, "dim un o'r 6 achos perthnasol"),
        (14, 15, "pob un ond 1 o'r 15 achos perthnasol"),
        (3, 4, "3 o'r 4 achos perthnasol"),
        (13, 15, "13 o'r 15 achos perthnasol"),
        (20, 30, "dwy ran o dair o'r achosion perthnasol (20 o 30)"),
        (11, 40, "ychydig dros chwarter o'r achosion perthnasol (28%, 11 o 40)"),
        (35, 40, "y rhan fwyaf o'r achosion perthnasol (35 o 40)"),
        (2, 40, "lleiafrif bach o'r achosion perthnasol (5%, 2 o 40)"),
    ],
)
def test_counts_in_welsh(k: int, n: int, expected: str) -> None:
    assert describe(k, n, settings=CY).text == expected


def test_the_welsh_file_has_the_english_rules() -> None:
    en = default_settings()
    assert CY.language == "cy" and en.language == "en"
    assert CY.selection == en.selection
    assert [b.from_ for b in CY.bands] == [b.from_ for b in en.bands]
    assert [lm.fraction for lm in CY.landmarks] == [lm.fraction for lm in en.landmarks]


def test_a_welsh_sentence_keeps_its_digits() -> None:
    phrase = describe(13, 15, settings=CY)
    assert phrase.sentence_case == "13 o'r 15 achos perthnasol"
    assert describe(13, 15).sentence_case == "Thirteen of the 15 relevant cases"
    assert sentence_start("13 o'r 15", "cy") == "13 o'r 15"


def test_findings_are_worded_in_welsh() -> None:
    item = ResultItem("1.1", "Roedd yr asesiad yn defnyddio pob ffynhonnell", 14, 15)
    assert word_finding(item, FindingKind.STRENGTH, settings=CY) == (
        "O ran pob un ond 1 o'r 15 achos perthnasol, roedd yr asesiad yn defnyddio pob ffynhonnell."
    )
    weak = ResultItem("1.2", "Roedd y cynllun yn glir", 7, 15)
    chosen = select_findings([item, weak], settings=CY)
    assert [f.id for f in chosen.strengths] == ["1.1"]
    assert chosen.improvements[0].sentence == (
        "O ran llai na hanner o'r achosion perthnasol (47%, 7 o 15), roedd y cynllun yn glir."
    )


def test_any_other_language_gets_english() -> None:
    assert default_settings("fr") == default_settings("en")
