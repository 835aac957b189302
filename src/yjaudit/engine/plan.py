"""A framework compiled for scoring: questions numbered, points and pools laid out.

Both scoring paths (plain Python and NumPy) work from the same plan, so they number
questions, answer values and pooled units identically. Nothing here is specific to a
framework: it is all read from the framework's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm

from yjaudit.spec.model import (
    AppliesWhen,
    BandBasis,
    Framework,
    OverallMethod,
    QuestionRef,
    RatedBy,
    RatingScheme,
    Standard,
    StandardAggregation,
)

from .types import EngineInputError, Figure

# Kinds of pooled unit: each pools the applicable answers of a set of questions and
# counts the distinct cases behind them.
STANDARD = "standard"
DOMAIN = "domain"
SECTION = "section"
HEADLINE = "headline"
OVERALL = "overall"


@dataclass(frozen=True, slots=True)
class Unit:
    kind: str
    id: str
    questions: tuple[int, ...]  # question codes pooled


@dataclass(frozen=True)
class Plan:
    framework: Framework
    questions: tuple[QuestionRef, ...]  # question code -> question (framework order)
    code: Mapping[str, int]  # question id -> code
    # Per question: each answer-type value's points (None = not applicable), by value
    # index in the answer type, and the type's maximum points.
    points: tuple[tuple[Fraction | None, ...], ...]
    max_points: tuple[Fraction, ...]
    conditions: tuple[AppliesWhen | None, ...]
    condition_attributes: tuple[str, ...]  # every attribute a condition reads
    units: tuple[Unit, ...]
    unit_index: Mapping[tuple[str, str], int]
    units_of_question: tuple[tuple[int, ...], ...]
    # Case standards (framework order) and their key-question codes.
    case_standards: tuple[Standard, ...]
    standard_kqs: Mapping[str, tuple[int, ...]]
    # Per case standard, the codes a points total scores: its key questions, its prompts
    # or both, as the framework's points_items says (key questions by default).
    standard_items: Mapping[str, tuple[int, ...]]
    # LCM of every point's denominator: points * scale are integers (vectorised path).
    scale: int
    # Figures already built in this scoring call, by their inputs (figures are
    # immutable; splits by service repeat the same counts many times).
    figure_cache: dict[tuple[int, ...], Figure] = field(default_factory=dict)

    @property
    def has_conditions(self) -> bool:
        return any(c is not None for c in self.conditions)

    def unit(self, kind: str, ident: str) -> int:
        return self.unit_index[(kind, ident)]


def _check_percent_scheme(scheme: RatingScheme | None, what: str) -> None:
    if scheme is not None and scheme.basis is BandBasis.POINTS:
        raise EngineInputError(
            f"{what} uses rating scheme {scheme.id!r}, which bands points, not percentages",
            field="framework",
        )


def compile_plan(framework: Framework) -> Plan:
    questions = tuple(framework.questions.values())
    code = {q.id: i for i, q in enumerate(questions)}
    points = tuple(tuple(v.points for v in q.answer_type.values) for q in questions)
    conditions = tuple(q.applies_when for q in questions)
    case_standards = tuple(s for s in framework.standards if s.rated_by is RatedBy.CASES)
    standard_items = _standard_items(framework, case_standards, code)
    _check_percent_schemes(framework, case_standards)
    units = _units(framework, questions, case_standards, standard_items)
    per_question: list[list[int]] = [[] for _ in questions]
    for u, unit in enumerate(units):
        for qc in unit.questions:
            per_question[qc].append(u)
    return Plan(
        framework=framework,
        questions=questions,
        code=code,
        points=points,
        max_points=tuple(q.answer_type.max_points for q in questions),
        conditions=conditions,
        condition_attributes=_condition_attributes(conditions),
        units=units,
        unit_index={(u.kind, u.id): i for i, u in enumerate(units)},
        units_of_question=tuple(tuple(x) for x in per_question),
        case_standards=case_standards,
        standard_kqs={s.id: tuple(code[kq.id] for kq in s.key_questions) for s in case_standards},
        standard_items=standard_items,
        scale=_scale(points),
    )


def _condition_attributes(conditions: tuple[AppliesWhen | None, ...]) -> tuple[str, ...]:
    """Every attribute a condition reads, in first-use order."""
    attrs: list[str] = []
    for cond in conditions:
        for c in cond.all if cond else ():
            if c.attribute not in attrs:
                attrs.append(c.attribute)
    return tuple(attrs)


def _standard_items(
    framework: Framework, case_standards: tuple[Standard, ...], code: Mapping[str, int]
) -> dict[str, tuple[int, ...]]:
    """Per case standard, the question codes its points total scores."""
    with_kqs = framework.scores_points_on("key_question")
    with_prompts = framework.scores_points_on("prompt")
    return {
        s.id: tuple(
            c
            for kq in s.key_questions
            for c in (
                ([code[kq.id]] if with_kqs else [])
                + ([code[p.id] for p in kq.prompts] if with_prompts else [])
            )
        )
        for s in case_standards
    }


def _check_percent_schemes(framework: Framework, case_standards: tuple[Standard, ...]) -> None:
    """Figures banded as percentages must not name a points scheme."""
    for s in case_standards:
        if framework.aggregation_of(s) is not StandardAggregation.COUNTS_ONLY:
            _check_percent_scheme(framework.rating_scheme(s.rating_scheme), f"standard {s.id!r}")
    for h in framework.headlines:
        _check_percent_scheme(framework.rating_scheme(h.rating_scheme), f"headline {h.id!r}")
    if framework.overall.method is OverallMethod.POINTS_OVER_MAXIMUM:
        _check_percent_scheme(framework.rating_scheme(framework.overall.rating_scheme), "overall")


def _units(
    framework: Framework,
    questions: tuple[QuestionRef, ...],
    case_standards: tuple[Standard, ...],
    standard_items: Mapping[str, tuple[int, ...]],
) -> tuple[Unit, ...]:
    """The pooled units: standards, domains, sections, headlines, then the overall.
    They score the items points_items names (key questions by default)."""
    units: list[Unit] = []
    for s in case_standards:
        units.append(Unit(STANDARD, s.id, standard_items[s.id]))
    for d in framework.domains:
        kqs = tuple(k for s in d.standards if s.id in standard_items for k in standard_items[s.id])
        units.append(Unit(DOMAIN, d.id, kqs))
    for sec in framework.sections:
        kqs = tuple(k for sid in sec.standards for k in standard_items.get(sid, ()))
        units.append(Unit(SECTION, sec.id, kqs))
    for h in framework.headlines:
        tags = set(h.tags)
        pooled = tuple(
            i
            for i, q in enumerate(questions)
            if (q.kind == "key_question" or h.include_prompts) and tags.intersection(q.tags)
        )
        units.append(Unit(HEADLINE, h.id, pooled))
    counted = tuple(k for s in case_standards if s.counted for k in standard_items[s.id])
    units.append(Unit(OVERALL, "overall", counted))
    return tuple(units)


def _scale(points: tuple[tuple[Fraction | None, ...], ...]) -> int:
    """LCM of every point's denominator."""
    scale = 1
    for pts in points:
        for p in pts:
            if p is not None:
                scale = lcm(scale, p.denominator)
    return scale
