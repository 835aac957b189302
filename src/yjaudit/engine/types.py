"""The engine's inputs and results. Plain frozen dataclasses: no Django, no I/O.

Every figure carries its exact fraction (numerator / denominator, NA excluded), the
number of cases behind it, a whole percentage rounded half up, the rating and band
points where the framework rates it, and a 95% Wilson interval, so a reader can see
how sure each figure is. A figure below the framework's minimum number of cases is
"not rated": it keeps its counts but has no rating, and says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

# -- inputs ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer: a case, a question (key question or prompt id) and an answer code.

    `value` is the code of one of the question's answer-type values (e.g. "yes",
    "partly", "no", "na"); spellings and aliases are resolved by `resolve_value`.
    """

    case_id: str
    question_id: str
    value: str


@dataclass(frozen=True, slots=True)
class Judgement:
    """An inspector's rating of a judgement standard (e.g. 1.1 Governance and leadership)."""

    standard_id: str
    rating: str  # a band label of the standard's rating scheme
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Override:
    """A rating set by hand over the computed one, for any standard, with its reason."""

    standard_id: str
    rating: str
    reason: str


# Case attributes: case id -> attribute name -> value (e.g. {"setting": "custody"}).
CaseAttributes = Mapping[str, Mapping[str, str]]


# -- results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    numerator: Fraction  # points scored (a count of "yes" on yes/no questions)
    denominator: Fraction  # maximum points over applicable answers (NA excluded)
    cases: int  # cases with an applicable answer behind this figure
    answers: int  # applicable answers behind this figure
    percent: int | None  # whole percent, rounded half up; None when nothing applies
    rating: str | None  # band label; None when not rated or not rated by this framework
    points: int | None  # the band's points, where the scheme gives points
    ci_low: float | None  # 95% Wilson interval, percent, one decimal
    ci_high: float | None
    not_rated_reason: str | None = None

    @property
    def fraction(self) -> Fraction | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def rated(self) -> bool:
        return self.rating is not None


@dataclass(frozen=True, slots=True)
class PromptResult:
    id: str
    text: str
    figure: Figure


@dataclass(frozen=True, slots=True)
class KeyQuestionResult:
    id: str
    text: str
    theme: str
    figure: Figure
    prompts: tuple[PromptResult, ...] = ()


@dataclass(frozen=True, slots=True)
class StandardResult:
    id: str
    name: str
    domain_id: str
    rated_by: Literal["cases", "judgement"]
    counted: bool
    # For case standards, the figure from the aggregation; for judgement standards the
    # counts are zero and the rating comes from the judgement.
    figure: Figure
    key_questions: tuple[KeyQuestionResult, ...] = ()
    # The rating that stands (override > judgement > computed), its points, and why.
    rating: str | None = None
    points: int | None = None
    computed_rating: str | None = None
    override_reason: str | None = None
    judgement_reason: str | None = None
    # Which key question decided (lowest-key-question aggregation).
    deciding_key_question: str | None = None
    # Whose records a case standard is read from: "children", "victims" or "managers";
    # None for a judgement standard (read from no register).
    subject: str | None = "children"


@dataclass(frozen=True, slots=True)
class DomainResult:
    id: str
    name: str
    figure: Figure  # pooled points over maximum of the domain's case standards
    # Where the framework rates the domain (an "area", HMIP 2025): its rating, band
    # points, the most points it could have, and why it is not rated.
    rating: str | None = None
    points: int | None = None
    max_points: int | None = None
    not_rated_reason: str | None = None


@dataclass(frozen=True, slots=True)
class GroupResult:
    """A headline score (tagged questions pooled) or a section score (standards pooled)."""

    id: str
    name: str
    figure: Figure


@dataclass(frozen=True, slots=True)
class OverallResult:
    method: str  # the framework's OverallMethod value
    rating: str | None
    percent: int | None = None  # for points-over-maximum
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    points: int | None = None  # for sum-of-standard-points
    max_points: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    not_rated_reason: str | None = None
    standards_counted: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreResult:
    framework_id: str
    cases: int
    standards: tuple[StandardResult, ...]
    domains: tuple[DomainResult, ...]
    sections: tuple[GroupResult, ...]
    headlines: tuple[GroupResult, ...]
    overall: OverallResult
    warnings: tuple[str, ...] = ()

    def standard(self, standard_id: str) -> StandardResult:
        for s in self.standards:
            if s.id == standard_id:
                return s
        raise KeyError(standard_id)

    def domain(self, domain_id: str) -> DomainResult:
        for d in self.domains:
            if d.id == domain_id:
                return d
        raise KeyError(domain_id)


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """The whole-sample result and, per split attribute, one result per attribute value."""

    result: ScoreResult
    splits: Mapping[str, Mapping[str, ScoreResult]] = field(default_factory=dict)


class EngineInputError(ValueError):
    """Input the engine cannot score. `index` is the position of the offending answer.

    `other_index` points at a related earlier input (e.g. the first answer of a
    duplicated case and question).
    """

    def __init__(
        self,
        message: str,
        *,
        index: int | None = None,
        field: str | None = None,
        other_index: int | None = None,
    ):
        super().__init__(message)
        self.index = index
        self.field = field
        self.other_index = other_index
