"""A count "k of n" in the words an inspector writes, never without the counts.

The phrase is a noun phrase that reads after "In": "In all but one of the 15 relevant
cases, ...". Which phrase is used is decided in this order:

1. n = 0: "no relevant cases" (there is nothing to report).
2. k = n: "all 12 relevant cases" ("the one relevant case", "both relevant cases").
3. k = 0: "none of the 6 relevant cases" ("neither of the two ...").
4. all but: at most `all_but.max_misses` fall short and n >= `all_but.min_n`:
   "all but one of the 15 relevant cases".
5. counts ("13 of the 15 relevant cases") or proportion ("nearly three-quarters of
   the relevant cases (11 of 15)"), by `style` (auto: counts up to `counts_up_to_n`).
   A proportion is a landmark's words when k / n is exactly that fraction ("two-thirds
   of the relevant cases (10 of 15)"), otherwise the band holding the exact
   percentage; some bands add the whole percentage: "(47%, 7 of 15)".

Every threshold and word comes from the settings (see defaults.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .numbers import number, sentence_start
from .settings import NarrativeSettings, Style, default_settings


class Kind(StrEnum):
    NO_CASES = "no-cases"
    ALL = "all"
    NONE = "none"
    ALL_BUT = "all-but"
    COUNTS = "counts"
    LANDMARK = "landmark"
    BAND = "band"


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str  # lower-case start, to sit inside a sentence
    kind: Kind
    k: int
    n: int
    percent: int | None  # whole percent, rounded half up; None when n = 0
    counts: str  # the bare counts, e.g. "11 of 15" ("" when n = 0)
    quantity: str | None = None  # the band or landmark words, for proportion phrases
    language: str = "en"  # the settings' language, for `sentence_case`

    @property
    def sentence_case(self) -> str:
        """The phrase opening a sentence: "All but one ...", "Thirteen of the 15 ..."."""
        return sentence_start(self.text, self.language)

    def __str__(self) -> str:
        return self.text


def whole_percent(k: int, n: int) -> int:
    """k / n as a whole percentage, rounded half up (as the engine and HMIP round)."""
    if n <= 0:
        raise ValueError("a percentage needs at least one case")
    value = Fraction(100 * k, n)
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def _shown_percent(k: int, n: int, percent: int | None) -> str:
    # Never "0%" for some cases or "100%" for not quite all: 1 of 201 is "<1%".
    if percent is None:
        return ""
    if percent == 0 and k > 0:
        return "<1"
    if percent == 100 and k < n:
        return ">99"
    return str(percent)


def _whole(value: object, name: str) -> int:
    # Counts may arrive as the engine's Fractions; they must still be whole cases.
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise TypeError(f"{name} must be a whole number, not {value!r}")
    try:
        whole = int(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{name} must be a whole number of cases, not {value!r}") from None
    if whole != value:
        raise ValueError(f"{name} must be a whole number of cases, not {value!r}")
    return whole


def describe(
    k: int | Fraction,
    n: int | Fraction,
    *,
    settings: NarrativeSettings | None = None,
    style: Style | str | None = None,
    noun: tuple[str, str] | None = None,
) -> Phrase:
    """Put "k of n" into words.

    `style` overrides the settings' style; `noun` overrides the counted noun as
    (singular, plural), e.g. ("custody case", "custody cases").
    """
    s = settings or default_settings()
    k, n = _whole(k, "k"), _whole(n, "n")
    if n < 0 or k < 0:
        raise ValueError(f"counts cannot be negative (k={k}, n={n})")
    if k > n:
        raise ValueError(f"k ({k}) cannot exceed n ({n})")
    chosen = Style(style) if style is not None else s.style
    singular, plural = noun if noun is not None else (s.noun.singular, s.noun.plural)
    t = s.templates
    words = s.words_up_to

    percent = whole_percent(k, n) if n else None
    fields: dict[str, str] = {
        "k": number(k, words),
        "n": number(n, words),
        "misses": number(n - k, words),
        "k_digits": str(k),
        "n_digits": str(n),
        "percent": _shown_percent(k, n, percent),
        "case": singular,
        "cases": plural,
    }
    counts = t.bracket_counts.format(**fields) if n else ""

    def make(template: str, kind: Kind, quantity: str | None = None) -> Phrase:
        text = template.format(**fields, quantity=quantity or "", counts=counts)
        return Phrase(text, kind, k, n, percent, counts, quantity, s.language)

    if n == 0:
        return make(t.no_cases, Kind.NO_CASES)
    if k == n:
        return make({1: t.all_of_one, 2: t.all_of_two}.get(n, t.all), Kind.ALL)
    if k == 0:
        return make({1: t.none_of_one, 2: t.none_of_two}.get(n, t.none), Kind.NONE)
    if n - k <= s.all_but.max_misses and n >= s.all_but.min_n:
        return make(t.all_but, Kind.ALL_BUT)
    if chosen is Style.COUNTS or (chosen is Style.AUTO and n <= s.counts_up_to_n):
        return make(t.counts, Kind.COUNTS)
    fraction = Fraction(k, n)
    landmark = s.landmark_for(fraction)
    if landmark is not None:
        return make(t.proportion, Kind.LANDMARK, landmark.words)
    band = s.band_for(100 * fraction)
    template = t.proportion_with_percent if band.show_percent else t.proportion
    return make(template, Kind.BAND, band.words)
