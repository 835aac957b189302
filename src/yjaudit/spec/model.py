"""The inspection framework format, as typed models.

A framework file (YAML, documented in docs/frameworks.md) is parsed into these models.
Every rule the engine applies (answer values and their points, rating bands, how a
standard and the overall aggregate, minimum case counts, applicability) is data here:
nothing about a particular framework is written in code.

This module must not import Django: the engine and the CLI use it on their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64)
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Path = tuple[str | int, ...]


class SpecError(ValueError):
    """Rules broken inside a model, each with where it broke (a path below the model).

    Pydantic reports a validator's error at the model that raised it; the loader adds
    each path so that a message points at the offending line and field of the file.
    """

    def __init__(self, problems: list[tuple[Path, str]]):
        self.problems = problems
        super().__init__("; ".join(msg for _, msg in problems))


class RatedBy(StrEnum):
    CASES = "cases"
    JUDGEMENT = "judgement"


class Subject(StrEnum):
    """Whose records a case standard is read from (one register per kind)."""

    CHILDREN = "children"  # children's cases (every edition before 2025)
    VICTIMS = "victims"  # victims' cases (HMIP 2025 V1.1)
    MANAGERS = "managers"  # managers' oversight records


class PointsItem(StrEnum):
    """Which answered items a points total scores."""

    KEY_QUESTION = "key_question"
    PROMPT = "prompt"


class DomainRatingMethod(StrEnum):
    # The domain's standards' band points summed, the sum banded by a points scheme.
    SUM_OF_STANDARD_POINTS = "sum-of-standard-points"
    # The domain takes the rating of its lowest-rated standard (fewest band points;
    # ties: the first in file order).
    LOWEST_STANDARD = "lowest-standard"


class Scope(StrEnum):
    COURT = "court"
    OUT_OF_COURT = "out-of-court"
    RESETTLEMENT = "resettlement"
    ORGANISATIONAL = "organisational"
    ALL = "all"


class Theme(StrEnum):
    DESISTANCE = "desistance"
    SAFETY_OF_CHILD = "safety-of-child"
    SAFETY_OF_OTHERS = "safety-of-others"
    OTHER = "other"


class StandardAggregation(StrEnum):
    # The standard takes the figures of its lowest key question (HMIP 2018/2021).
    LOWEST_KEY_QUESTION = "lowest-key-question"
    # Sum of points over sum of maximum points across the standard's key questions
    # (HMIP-style local audits, CCI criteria).
    POINTS_OVER_MAXIMUM = "points-over-maximum"
    # Unweighted mean of the key questions' exact fractions.
    MEAN = "mean"
    # Counts only, no percentage-based rating (SQS).
    COUNTS_ONLY = "counts-only"


class OverallMethod(StrEnum):
    # Each counted standard's band points summed, the sum banded (HMIP 2018/2021).
    SUM_OF_STANDARD_POINTS = "sum-of-standard-points"
    # All points over all maximum across counted standards with answers, banded.
    POINTS_OVER_MAXIMUM = "points-over-maximum"
    # Each rated domain's band points summed, the sum banded (HMIP 2025: the overall
    # from the ratings of the areas: organisational delivery, children, victims).
    SUM_OF_DOMAIN_POINTS = "sum-of-domain-points"
    NONE = "none"


class BandBasis(StrEnum):
    # Band the percentage rounded half up to a whole number (what HMIP and Derby do).
    ROUNDED_PERCENT = "rounded-percent"
    # Band the exact percentage.
    EXACT_PERCENT = "exact-percent"
    # Band a points total (the overall sum of standard points).
    POINTS = "points"


def _exact_number(v: object, what: str) -> Fraction:
    """A number from YAML, kept exact (0.5 is one half, not a float)."""
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int | float | str):
        try:
            return Fraction(str(v).strip())
        except (ValueError, ZeroDivisionError):
            pass
    raise ValueError(f"{what} must be a number, not {v!r}")


class AnswerValue(_Model):
    """One allowed answer: its code in files, its label, and how it scores."""

    value: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=32)]
    label: str
    # Points scored; None means "not applicable": the answer is excluded from the figure.
    points: Fraction | None = None
    # Other spellings accepted on import (case-insensitive), e.g. "n/a", "not applicable".
    aliases: tuple[str, ...] = ()

    @field_validator("points", mode="before")
    @classmethod
    def _exact_points(cls, v: object) -> object:
        # Points are kept exact: 0.5 from YAML becomes Fraction(1, 2), never a float sum.
        if v is None or isinstance(v, Fraction):
            return v
        if isinstance(v, bool):
            raise ValueError("points must be a number, not true/false")
        return _exact_number(v, "points")

    @property
    def excluded(self) -> bool:
        return self.points is None


class AnswerType(_Model):
    id: Identifier
    label: str
    values: tuple[AnswerValue, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _check(self) -> AnswerType:
        problems: list[tuple[Path, str]] = []
        if not any(v.points is not None for v in self.values):
            problems.append((("values",), "needs at least one value with points"))
        spellings: set[str] = set()
        for i, v in enumerate(self.values):
            for spelling in (v.value, *v.aliases):
                key = spelling.strip().lower()
                if key in spellings:
                    at: Path = ("values", i, "value" if spelling == v.value else "aliases")
                    problems.append((at, f"{spelling!r} is accepted twice in this answer type"))
                spellings.add(key)
        if problems:
            raise SpecError(problems)
        return self

    @cached_property
    def max_points(self) -> Fraction:
        return max(v.points for v in self.values if v.points is not None)

    def lookup(self, raw: str) -> AnswerValue | None:
        """The value a spelling stands for (case-insensitive, aliases allowed), or None."""
        key = raw.strip().lower()
        for v in self.values:
            if key == v.value or key in (a.lower() for a in v.aliases):
                return v
        return None


class Band(_Model):
    lower: Fraction
    label: str
    points: int | None = None
    # The wording a report prints beside the label, e.g. "MODERATE improvement required".
    description: str = ""

    @field_validator("lower", mode="before")
    @classmethod
    def _exact(cls, v: object) -> object:
        if isinstance(v, bool):
            raise ValueError("a band's lower limit must be a number, not true/false")
        return _exact_number(v, "a band's lower limit")


class RatingScheme(_Model):
    id: Identifier
    basis: BandBasis = BandBasis.ROUNDED_PERCENT
    # Highest band first; a value takes the first band whose lower limit it reaches.
    bands: tuple[Band, ...] = Field(min_length=1)
    source: str = ""

    @model_validator(mode="after")
    def _check(self) -> RatingScheme:
        problems: list[tuple[Path, str]] = []
        for i in range(1, len(self.bands)):
            if self.bands[i].lower >= self.bands[i - 1].lower:
                problems.append(
                    (
                        ("bands", i, "lower"),
                        "bands must be listed highest first, each lower limit below the one "
                        f"before ({self.bands[i].lower} is not below {self.bands[i - 1].lower})",
                    )
                )
        if self.bands[-1].lower != 0:
            problems.append(
                (("bands", len(self.bands) - 1, "lower"), "the last band must start at 0")
            )
        if self.basis is not BandBasis.POINTS:
            for i, b in enumerate(self.bands):
                if b.lower > 100:
                    problems.append(
                        (("bands", i, "lower"), "a percentage band cannot start above 100")
                    )
        labels: set[str] = set()
        for i, b in enumerate(self.bands):
            if b.label.strip().lower() in labels:
                problems.append((("bands", i, "label"), f"band label {b.label!r} is repeated"))
            labels.add(b.label.strip().lower())
        if problems:
            raise SpecError(problems)
        return self

    def band_for(self, value: Fraction) -> Band:
        for band in self.bands:
            if value >= band.lower:
                return band
        return self.bands[-1]

    def band_by_label(self, label: str) -> Band | None:
        key = label.strip().lower()
        for band in self.bands:
            if band.label.lower() == key:
                return band
        return None


class Condition(_Model):
    """A test on one case attribute, e.g. setting in [custody], or rosh at least medium."""

    attribute: Identifier
    # Exactly one of these is given.
    equals: str | None = None
    in_: tuple[str, ...] | None = Field(default=None, alias="in")
    not_in: tuple[str, ...] | None = None
    at_least: str | None = None
    # The ordered scale for at_least, lowest first, e.g. [low, medium, high, very-high].
    order: tuple[str, ...] | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _check(self) -> Condition:
        given = [n for n in ("equals", "in_", "not_in", "at_least") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("a condition needs exactly one of: equals, in, not_in, at_least")
        if self.at_least is not None:
            if not self.order:
                raise ValueError("at_least needs an order (the scale, lowest first)")
            if self.at_least not in self.order:
                raise ValueError(f"at_least {self.at_least!r} is not in the order")
        return self

    def holds(self, attributes: dict[str, str]) -> bool | None:
        """True/False, or None when the case lacks the attribute (cannot tell)."""
        raw = attributes.get(self.attribute)
        if raw is None or raw == "":
            return None
        value = raw.strip().lower()
        if self.equals is not None:
            return value == self.equals.lower()
        if self.in_ is not None:
            return value in {v.lower() for v in self.in_}
        if self.not_in is not None:
            return value not in {v.lower() for v in self.not_in}
        assert self.order is not None and self.at_least is not None
        order = [o.lower() for o in self.order]
        if value not in order:
            return None
        return order.index(value) >= order.index(self.at_least.lower())


class AppliesWhen(_Model):
    """All conditions must hold for a question to apply to a case."""

    all: tuple[Condition, ...] = Field(min_length=1)

    def holds(self, attributes: dict[str, str]) -> bool | None:
        results = [c.holds(attributes) for c in self.all]
        if any(r is False for r in results):
            return False
        if any(r is None for r in results):
            return None
        return True


class Prompt(_Model):
    id: Identifier
    text: str
    guidance: str = ""
    answer_type: Identifier | None = None  # defaults to the key question's
    applies_when: AppliesWhen | None = None
    tags: tuple[str, ...] = ()


class KeyQuestion(_Model):
    id: Identifier
    text: str
    theme: Theme = Theme.OTHER
    guidance: str = ""
    answer_type: Identifier | None = None  # defaults to the framework's default
    applies_when: AppliesWhen | None = None
    # Headline scores (CCI) pool the questions carrying a tag.
    tags: tuple[str, ...] = ()
    prompts: tuple[Prompt, ...] = ()


class Standard(_Model):
    id: Identifier
    name: str
    rated_by: RatedBy
    # Whose records the key questions are answered from (case standards only).
    subject: Subject = Subject.CHILDREN
    counted: bool = True
    scope: Scope = Scope.ALL
    description: str = ""
    aggregation: StandardAggregation | None = None  # defaults to the framework's
    rating_scheme: Identifier | None = None  # defaults to the framework's
    minimum_cases: int | None = Field(default=None, ge=0)
    applies_when: AppliesWhen | None = None
    # Judgement standards only: "not rated" unless the sample holds at least one case
    # meeting these conditions (HMIP 2021 resettlement: no custody cases, no rating).
    requires_cases: AppliesWhen | None = None
    key_questions: tuple[KeyQuestion, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Standard:
        if self.rated_by is RatedBy.CASES and not self.key_questions:
            raise ValueError(f"standard {self.id!r} is rated from cases but has no key questions")
        if self.rated_by is RatedBy.JUDGEMENT and self.key_questions:
            raise ValueError(
                f"standard {self.id!r} is rated by judgement and cannot have key questions"
            )
        if self.subject is not Subject.CHILDREN and self.rated_by is not RatedBy.CASES:
            raise SpecError(
                [
                    (
                        ("subject",),
                        "subject is for case standards only (a judgement standard is not "
                        "read from any register)",
                    )
                ]
            )
        if self.requires_cases is not None and self.rated_by is not RatedBy.JUDGEMENT:
            raise SpecError(
                [
                    (
                        ("requires_cases",),
                        "requires_cases is for judgement standards only (a case standard "
                        "is not rated when no case answers it)",
                    )
                ]
            )
        return self


class DomainRating(_Model):
    """How a domain (an inspection's "area") is rated from its standards' ratings."""

    method: DomainRatingMethod
    # A points scheme (sum-of-standard-points only).
    rating_scheme: Identifier | None = None
    source: str = ""

    @model_validator(mode="after")
    def _check(self) -> DomainRating:
        if self.method is DomainRatingMethod.SUM_OF_STANDARD_POINTS and not self.rating_scheme:
            raise SpecError([(("rating_scheme",), "sum-of-standard-points needs a rating_scheme")])
        if self.method is DomainRatingMethod.LOWEST_STANDARD and self.rating_scheme:
            raise SpecError(
                [
                    (
                        ("rating_scheme",),
                        "lowest-standard takes its standard's own band: give no rating_scheme",
                    )
                ]
            )
        return self


class Domain(_Model):
    id: Identifier
    name: str
    description: str = ""
    # None: the domain's figure is reported, not rated (every edition before 2025).
    rating: DomainRating | None = None
    standards: tuple[Standard, ...] = Field(min_length=1)


class Headline(_Model):
    id: Identifier
    name: str
    # Pools every key question (and, with include_prompts, prompt) carrying any of these tags.
    tags: tuple[str, ...] = Field(min_length=1)
    include_prompts: bool = False
    rating_scheme: Identifier | None = None


class Section(_Model):
    """A group of standards scored together (CCI's sections 1-3)."""

    id: Identifier
    name: str
    standards: tuple[Identifier, ...] = Field(min_length=1)


class Overall(_Model):
    method: OverallMethod
    rating_scheme: Identifier | None = None

    @model_validator(mode="after")
    def _check(self) -> Overall:
        if self.method is not OverallMethod.NONE and self.rating_scheme is None:
            raise SpecError(
                [
                    (
                        ("rating_scheme",),
                        f"overall method {self.method.value!r} needs a rating_scheme",
                    )
                ]
            )
        return self


def _unique_ids(
    problems: list[tuple[Path, str]],
    field: str,
    kind: str,
    items: tuple[AnswerType | RatingScheme, ...],
) -> set[str]:
    """The ids of `items`, each repeat reported at its own id."""
    ids: set[str] = set()
    for i, item in enumerate(items):
        if item.id in ids:
            problems.append(((field, i, "id"), f"{kind} id {item.id!r} is repeated"))
        ids.add(item.id)
    return ids


@dataclass(frozen=True)
class _References:
    """Reports a reference to an answer type or rating scheme the framework lacks."""

    answer_ids: set[str]
    scheme_ids: set[str]
    problems: list[tuple[Path, str]]

    def answer(self, at: Path, ident: str | None) -> None:
        if ident is not None and ident not in self.answer_ids:
            self.problems.append((at, f"answer type {ident!r} is not defined in answer_types"))

    def scheme(self, at: Path, ident: str | None) -> None:
        if ident is not None and ident not in self.scheme_ids:
            self.problems.append((at, f"rating scheme {ident!r} is not defined in rating_schemes"))


class Framework(_Model):
    id: Identifier
    name: str
    edition: str
    publisher: str
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    language: str = "en"
    description: str = ""
    # Where the rules come from: cited in docs and shown in the app.
    sources: tuple[str, ...] = ()
    answer_types: tuple[AnswerType, ...] = Field(min_length=1)
    default_answer_type: Identifier
    rating_schemes: tuple[RatingScheme, ...] = ()
    default_rating_scheme: Identifier | None = None
    default_aggregation: StandardAggregation = StandardAggregation.LOWEST_KEY_QUESTION
    # What a points total (points-over-maximum standards, domains, sections, overall)
    # scores: key questions only (the default), prompts only, or both (Derby's audit
    # scored prompt-level items).
    points_items: tuple[PointsItem, ...] = Field(default=(PointsItem.KEY_QUESTION,), min_length=1)
    # Below this many cases with an applicable answer, a figure is "not rated".
    minimum_cases: int = Field(default=1, ge=0)
    # Attribute split by default in reports (e.g. custody / community for CCI).
    default_splits: tuple[Identifier, ...] = ()
    domains: tuple[Domain, ...] = Field(min_length=1)
    sections: tuple[Section, ...] = ()
    headlines: tuple[Headline, ...] = ()
    overall: Overall

    @model_validator(mode="after")
    def _check(self) -> Framework:
        # Every cross-reference is checked and every problem kept, each with its path,
        # so one load reports all of them at their own lines.
        problems: list[tuple[Path, str]] = []
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            problems.append((("effective_to",), "effective_to is before effective_from"))
        refs = _References(
            _unique_ids(problems, "answer_types", "answer type", self.answer_types),
            _unique_ids(problems, "rating_schemes", "rating scheme", self.rating_schemes),
            problems,
        )
        refs.answer(("default_answer_type",), self.default_answer_type)
        refs.scheme(("default_rating_scheme",), self.default_rating_scheme)
        self._check_tree(refs, problems)
        self._check_sections_and_headlines(refs, problems)
        schemes = {r.id: r for r in self.rating_schemes}
        self._check_overall(refs, problems, schemes)
        for i, item in enumerate(self.points_items):
            if item in self.points_items[:i]:
                problems.append((("points_items", i), f"{item.value!r} is listed twice"))
        self._check_domain_ratings(problems, schemes)
        if problems:
            raise SpecError(problems)
        return self

    def _check_tree(self, refs: _References, problems: list[tuple[Path, str]]) -> None:
        """Ids unique across domains, standards, key questions and prompts; their answer
        types and rating schemes defined; every rated standard has a scheme."""
        seen: dict[str, str] = {}

        def unique(at: Path, kind: str, ident: str) -> None:
            if ident in seen:
                problems.append(
                    (
                        (*at, "id"),
                        f"id {ident!r} is already used by a {seen[ident]}: ids of domains, "
                        "standards, key questions and prompts are unique in a framework",
                    )
                )
            else:
                seen[ident] = kind

        for di, d in enumerate(self.domains):
            unique(("domains", di), "domain", d.id)
            for si, s in enumerate(d.standards):
                at_s: Path = ("domains", di, "standards", si)
                unique(at_s, "standard", s.id)
                refs.scheme((*at_s, "rating_scheme"), s.rating_scheme)
                self._check_standard_has_scheme(problems, at_s, s)
                for ki, kq in enumerate(s.key_questions):
                    at_k: Path = (*at_s, "key_questions", ki)
                    unique(at_k, "key question", kq.id)
                    refs.answer((*at_k, "answer_type"), kq.answer_type)
                    for pi, pr in enumerate(kq.prompts):
                        at_p: Path = (*at_k, "prompts", pi)
                        unique(at_p, "prompt", pr.id)
                        refs.answer((*at_p, "answer_type"), pr.answer_type)

    def _check_standard_has_scheme(
        self, problems: list[tuple[Path, str]], at: Path, s: Standard
    ) -> None:
        scheme_id = s.rating_scheme or self.default_rating_scheme
        aggregation = s.aggregation or self.default_aggregation
        if scheme_id is None and (
            s.rated_by is RatedBy.JUDGEMENT or aggregation is not StandardAggregation.COUNTS_ONLY
        ):
            problems.append(
                (
                    at,
                    f"standard {s.id!r} is rated but has no rating scheme (give "
                    "rating_scheme here or default_rating_scheme)",
                )
            )

    def _check_sections_and_headlines(
        self, refs: _References, problems: list[tuple[Path, str]]
    ) -> None:
        """Sections name existing standards; headlines name carried tags and schemes."""
        standard_ids = {s.id for s in self.standards}
        for i, sec in enumerate(self.sections):
            for j, sid in enumerate(sec.standards):
                if sid not in standard_ids:
                    problems.append(
                        (("sections", i, "standards", j), f"no standard has id {sid!r}")
                    )
        all_tags = {t for s in self.standards for kq in s.key_questions for t in kq.tags} | {
            t for s in self.standards for kq in s.key_questions for p in kq.prompts for t in p.tags
        }
        for i, h in enumerate(self.headlines):
            refs.scheme(("headlines", i, "rating_scheme"), h.rating_scheme)
            missing = [t for t in h.tags if t not in all_tags]
            if missing:
                problems.append(
                    (("headlines", i, "tags"), f"no question carries the tag(s) {missing}")
                )

    def _check_overall(
        self,
        refs: _References,
        problems: list[tuple[Path, str]],
        schemes: dict[str, RatingScheme],
    ) -> None:
        """The overall's scheme fits its method; summed standards give points."""
        refs.scheme(("overall", "rating_scheme"), self.overall.rating_scheme)
        overall_scheme = schemes.get(self.overall.rating_scheme or "")
        if (
            overall_scheme is not None
            and overall_scheme.basis is BandBasis.POINTS
            and self.overall.method
            not in (OverallMethod.SUM_OF_STANDARD_POINTS, OverallMethod.SUM_OF_DOMAIN_POINTS)
        ):
            # A points total exists only when standard or domain points are summed.
            problems.append(
                (
                    ("overall", "rating_scheme"),
                    f"overall method {self.overall.method.value!r} gives a percentage: its "
                    f"scheme cannot have basis 'points' (only sum-of-standard-points and "
                    f"sum-of-domain-points can)",
                )
            )
        if self.overall.method is not OverallMethod.SUM_OF_STANDARD_POINTS:
            return
        # Each counted standard must turn its rating into points.
        for di, d in enumerate(self.domains):
            for si, s in enumerate(d.standards):
                scheme = schemes.get(s.rating_scheme or self.default_rating_scheme or "")
                if s.counted and scheme and any(b.points is None for b in scheme.bands):
                    problems.append(
                        (
                            ("domains", di, "standards", si),
                            f"standard {s.id!r} is counted in a sum of standard points, "
                            f"but rating scheme {scheme.id!r} gives no points to every band",
                        )
                    )

    def _check_domain_ratings(
        self, problems: list[tuple[Path, str]], schemes: dict[str, RatingScheme]
    ) -> None:
        """Rated domains turn standard ratings into points; check each step can."""
        rated = [d for d in self.domains if d.rating is not None]
        if self.overall.method is OverallMethod.SUM_OF_DOMAIN_POINTS and not rated:
            problems.append(
                (
                    ("overall", "method"),
                    "sum-of-domain-points needs at least one domain with a rating",
                )
            )
        for di, d in enumerate(self.domains):
            if d.rating is None:
                continue
            at_d: Path = ("domains", di, "rating")
            if d.rating.rating_scheme is not None:
                scheme = schemes.get(d.rating.rating_scheme)
                if scheme is None:
                    problems.append(
                        (
                            (*at_d, "rating_scheme"),
                            f"rating scheme {d.rating.rating_scheme!r} is not defined in "
                            "rating_schemes",
                        )
                    )
                elif scheme.basis is not BandBasis.POINTS:
                    problems.append(
                        (
                            (*at_d, "rating_scheme"),
                            f"a domain's sum of standard points is banded by a points "
                            f"scheme; {scheme.id!r} has basis {scheme.basis.value!r}",
                        )
                    )
                elif self.overall.method is OverallMethod.SUM_OF_DOMAIN_POINTS and any(
                    b.points is None for b in scheme.bands
                ):
                    problems.append(
                        (
                            (*at_d, "rating_scheme"),
                            f"domain {d.id!r} is summed into the overall, but rating scheme "
                            f"{scheme.id!r} gives no points to every band",
                        )
                    )
            for si, s in enumerate(d.standards):
                st_scheme = schemes.get(s.rating_scheme or self.default_rating_scheme or "")
                if st_scheme is not None and any(b.points is None for b in st_scheme.bands):
                    problems.append(
                        (
                            ("domains", di, "standards", si),
                            f"standard {s.id!r} is in a rated domain, but rating scheme "
                            f"{st_scheme.id!r} gives no points to every band",
                        )
                    )

    # -- lookups used by the engine, CLI and apps --------------------------------------

    @property
    def standards(self) -> tuple[Standard, ...]:
        return tuple(s for d in self.domains for s in d.standards)

    @cached_property
    def _answer_types(self) -> dict[str, AnswerType]:
        return {a.id: a for a in self.answer_types}

    @cached_property
    def _schemes(self) -> dict[str, RatingScheme]:
        return {r.id: r for r in self.rating_schemes}

    @cached_property
    def questions(self) -> dict[str, QuestionRef]:
        """Every answerable question (key questions and prompts) by id."""
        out: dict[str, QuestionRef] = {}
        for d in self.domains:
            for s in d.standards:
                for kq in s.key_questions:
                    kq_type = self.answer_type(kq.answer_type)
                    out[kq.id] = QuestionRef(
                        id=kq.id,
                        kind="key_question",
                        text=kq.text,
                        standard_id=s.id,
                        domain_id=d.id,
                        key_question_id=kq.id,
                        answer_type=kq_type,
                        applies_when=_combine(s.applies_when, kq.applies_when),
                        tags=kq.tags,
                    )
                    for p in kq.prompts:
                        out[p.id] = QuestionRef(
                            id=p.id,
                            kind="prompt",
                            text=p.text,
                            standard_id=s.id,
                            domain_id=d.id,
                            key_question_id=kq.id,
                            answer_type=self.answer_type(p.answer_type or kq.answer_type),
                            applies_when=_combine(s.applies_when, kq.applies_when, p.applies_when),
                            tags=p.tags,
                        )
        return out

    def answer_type(self, ident: str | None) -> AnswerType:
        return self._answer_types[ident or self.default_answer_type]

    def rating_scheme(self, ident: str | None) -> RatingScheme | None:
        key = ident or self.default_rating_scheme
        return self._schemes[key] if key else None

    def standard(self, ident: str) -> Standard:
        for s in self.standards:
            if s.id == ident:
                return s
        raise KeyError(ident)

    def domain_of(self, standard_id: str) -> Domain:
        for d in self.domains:
            if any(s.id == standard_id for s in d.standards):
                return d
        raise KeyError(standard_id)

    def aggregation_of(self, standard: Standard) -> StandardAggregation:
        return standard.aggregation or self.default_aggregation

    def scores_points_on(self, kind: str) -> bool:
        """Whether points totals score answers to this kind of item ("key_question", "prompt")."""
        return PointsItem(kind) in self.points_items

    def minimum_cases_of(self, standard: Standard) -> int:
        return self.minimum_cases if standard.minimum_cases is None else standard.minimum_cases


class QuestionRef(_Model):
    """A flattened view of one answerable question with everything needed to score it."""

    id: str
    kind: Literal["key_question", "prompt"]
    text: str
    standard_id: str
    domain_id: str
    key_question_id: str
    answer_type: AnswerType
    applies_when: AppliesWhen | None
    tags: tuple[str, ...]


def _combine(*parts: AppliesWhen | None) -> AppliesWhen | None:
    conditions = tuple(c for p in parts if p is not None for c in p.all)
    return AppliesWhen(all=conditions) if conditions else None
