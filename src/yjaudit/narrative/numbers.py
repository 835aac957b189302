"""Whole numbers as inspectors and GOV.UK write them.

In running text, small numbers are words ("nine cases") and larger ones digits
("15 cases"); the cut-off is a setting (`words_up_to`). A sentence never starts with a
digit, so `spell` writes any whole number out for that case ("Thirteen of the 15 ...").
"""

from __future__ import annotations

_UNITS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_MAX_SPELLED = 999_999


def spell(n: int) -> str:
    """`n` in words, British style ("one hundred and five"), for 0 to 999,999."""
    if not 0 <= n <= _MAX_SPELLED:
        raise ValueError(f"can only spell whole numbers from 0 to {_MAX_SPELLED}, not {n}")
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return _TENS[tens] + (f"-{_UNITS[units]}" if units else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{_UNITS[hundreds]} hundred"
        return head + (f" and {spell(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = f"{spell(thousands)} thousand"
    if not rest:
        return head
    # "two thousand and five" but "two thousand, one hundred and five".
    return head + (f" and {spell(rest)}" if rest < 100 else f", {spell(rest)}")


def number(n: int, words_up_to: int) -> str:
    """`n` for running text: words from one to `words_up_to`, digits otherwise.

    Zero is written as the digit: the phrases say "none" or "no" instead of "zero".
    """
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    if 1 <= n <= words_up_to:
        return _UNITS[n] if n < 20 else spell(n)
    return str(n)


def capitalise_first(text: str) -> str:
    """Upper-case the first letter, leaving the rest alone (keeps "RoSH", "MAPPA")."""
    return text[:1].upper() + text[1:]


def sentence_start(text: str, language: str = "en") -> str:
    """Text made fit to open a sentence: capitalised, and (in English) a leading number
    spelled out. Welsh keeps the digits: a spelled number would need mutation rules."""
    if language != "en":
        return capitalise_first(text)
    digits = ""
    for ch in text:
        if not ch.isdigit():
            break
        digits += ch
    rest = text[len(digits) :]
    # "47%" or "2.5" at the start cannot be spelled sensibly: leave them as they are.
    if digits and int(digits) <= _MAX_SPELLED and not rest.startswith(("%", ".", ",")):
        text = spell(int(digits)) + text[len(digits) :]
    return capitalise_first(text)
