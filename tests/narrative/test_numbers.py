import pytest

from yjaudit.narrative.numbers import capitalise_first, number, sentence_start, spell


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (1, "one"),
        (9, "nine"),
        (13, "thirteen"),
        (20, "twenty"),
        (21, "twenty-one"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (105, "one hundred and five"),
        (342, "three hundred and forty-two"),
        (1000, "one thousand"),
        (2005, "two thousand and five"),
        (2105, "two thousand, one hundred and five"),
        (999_999, "nine hundred and ninety-nine thousand, nine hundred and ninety-nine"),
    ],
)
def test_spell(n: int, words: str) -> None:
    assert spell(n) == words


@pytest.mark.parametrize("n", [-1, 1_000_000])
def test_spell_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match="spell"):
        spell(n)


@pytest.mark.parametrize(
    ("n", "limit", "text"),
    [
        (0, 9, "0"),
        (1, 9, "one"),
        (9, 9, "nine"),
        (10, 9, "10"),
        (10, 10, "ten"),
        (11, 10, "11"),
        (15, 0, "15"),
        (1, 0, "1"),
        (25, 30, "twenty-five"),
    ],
)
def test_number_words_up_to_limit(n: int, limit: int, text: str) -> None:
    assert number(n, limit) == text


def test_number_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        number(-1, 9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 of the 15 relevant cases", "Thirteen of the 15 relevant cases"),
        ("all but one", "All but one"),
        ("47% of cases", "47% of cases"),
        ("2.5 points", "2.5 points"),
        ("RoSH analysis", "RoSH analysis"),
        ("", ""),
    ],
)
def test_sentence_start(text: str, expected: str) -> None:
    assert sentence_start(text) == expected


def test_capitalise_first_keeps_rest() -> None:
    assert capitalise_first("mAPPA") == "MAPPA"
