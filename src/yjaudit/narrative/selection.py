"""Strengths and areas for improvement picked from prompt or question results.

Each result carries a finding written as the end of a sentence ("assessment drew on
all available sources of information"); a selected result is worded
"In all but one of the 15 relevant cases, assessment drew on ...". Thresholds, the
minimum number of cases and how many to keep are settings (`selection` in the rule
file). Strengths come strongest first, areas for improvement weakest first; ties go
to the result resting on more cases, then to the order given (the framework's order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Protocol

from .numbers import sentence_start
from .phrases import Phrase, describe, whole_percent
from .settings import NarrativeSettings, PercentBasis, default_settings


class FindingKind(StrEnum):
    STRENGTH = "strength"
    IMPROVEMENT = "improvement"


@dataclass(frozen=True, slots=True)
class ResultItem:
    """One prompt or key question's result.

    `percent` is optional: by default it is k / n. Pass the engine's percentage when
    it differs from the count (points with "partly" worth half), so selection follows
    the published figure while the wording still gives the cases behind it.
    """

    id: str
    finding: str
    k: int
    n: int
    percent: Fraction | int | float | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    kind: FindingKind
    phrase: Phrase
    sentence: str
    percent: Fraction  # the percentage compared with the thresholds


@dataclass(frozen=True, slots=True)
class Selection:
    strengths: tuple[Finding, ...]
    improvements: tuple[Finding, ...]
    # Results left out for resting on too few cases to call either way.
    too_few_cases: tuple[str, ...] = ()


class FigureLike(Protocol):
    """What `item_from_figure` reads from an engine Figure (yjaudit.engine.types)."""

    @property
    def numerator(self) -> Fraction: ...
    @property
    def denominator(self) -> Fraction: ...
    @property
    def answers(self) -> int: ...
    @property
    def percent(self) -> int | None: ...


def item_from_figure(id: str, finding: str, figure: FigureLike) -> ResultItem:
    """A ResultItem from an engine figure whose points are whole cases (yes = 1, no = 0).

    Figures with part points ("partly" = 0.5) cannot be worded as "k of n cases";
    build the ResultItem from the answer counts instead (k = cases answered yes) and
    pass the figure's percent.
    """
    if figure.denominator != figure.answers or figure.numerator.denominator != 1:
        raise ValueError(
            f"result {id!r}: {figure.numerator} of {figure.denominator} points is not a "
            "count of cases; give k and n as counts of answers"
        )
    return ResultItem(id, finding, int(figure.numerator), figure.answers, figure.percent)


def _compared_percent(item: ResultItem, basis: PercentBasis) -> Fraction:
    p = item.percent
    if p is not None:
        return Fraction(str(p)) if isinstance(p, float) else Fraction(p)
    if basis is PercentBasis.ROUNDED:
        return Fraction(whole_percent(item.k, item.n))
    return Fraction(100 * item.k, item.n)


def _clause(finding: str) -> str:
    text = finding.strip().rstrip(".").strip()
    # "Assessment drew ..." becomes "assessment drew ..."; "RoSH analysis", "MAPPA" and
    # "I" stay: only a first word that is capitalised and otherwise lower case changes.
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        text = text[0].lower() + text[1:]
    return text


def word_finding(
    item: ResultItem, kind: FindingKind, *, settings: NarrativeSettings | None = None
) -> str:
    """The sentence for one result, e.g. "In 13 of the 15 relevant cases, ...\"."""
    return _word(item, kind, settings or default_settings())[1]


def _word(item: ResultItem, kind: FindingKind, s: NarrativeSettings) -> tuple[Phrase, str]:
    if kind is FindingKind.STRENGTH:
        style, template = s.selection.strength_style, s.templates.strength
    else:
        style, template = s.selection.improvement_style, s.templates.improvement
    phrase = describe(item.k, item.n, settings=s, style=style)
    sentence = template.format(phrase=phrase.text, finding=_clause(item.finding))
    return phrase, sentence_start(sentence, s.language)


def select_findings(
    items: Iterable[ResultItem], *, settings: NarrativeSettings | None = None
) -> Selection:
    s = settings or default_settings()
    rules = s.selection
    strengths: list[tuple[Fraction, int, int, Finding]] = []
    improvements: list[tuple[Fraction, int, int, Finding]] = []
    too_few: list[str] = []
    for order, item in enumerate(items):
        describe(item.k, item.n, settings=s)  # validates k and n before anything else
        if item.n == 0:
            continue  # nothing applied: neither a strength nor a weakness
        percent = _compared_percent(item, rules.percent_basis)
        if not 0 <= percent <= 100:
            raise ValueError(f"result {item.id!r}: percent {float(percent):g} is outside 0-100")
        if percent >= rules.strength_min_percent:
            kind, minimum, bucket = FindingKind.STRENGTH, rules.strength_min_n, strengths
        elif percent < rules.improvement_below_percent:
            kind, minimum, bucket = FindingKind.IMPROVEMENT, rules.improvement_min_n, improvements
        else:
            continue
        if item.n < minimum:
            too_few.append(item.id)
            continue
        phrase, sentence = _word(item, kind, s)
        finding = Finding(item.id, kind, phrase, sentence, percent)
        bucket.append((percent, item.n, order, finding))
    strengths.sort(key=lambda t: (-t[0], -t[1], t[2]))
    improvements.sort(key=lambda t: (t[0], -t[1], t[2]))
    return Selection(
        strengths=tuple(t[3] for t in strengths[: rules.max_strengths]),
        improvements=tuple(t[3] for t in improvements[: rules.max_improvements]),
        too_few_cases=tuple(too_few),
    )
