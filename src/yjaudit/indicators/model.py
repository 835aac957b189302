"""The indicator definition format, as typed models (documented in docs/indicators.md).

An indicator set file (YAML) names its indicators; each says which records it counts
(a source: intervention records, a reoffending cohort, board attendance...), which of
them make the denominator and the numerator, how a period selects records, how the
value is expressed (a proportion, a rate per N, a ratio), which breakdowns make sense
and when a figure is too small to show. Every indicator carries its source, or
`inferred: true` where no published definition was found. Nothing about a particular
indicator is written in code.

Pure Python: no Django.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from yjaudit.spec.model import SpecError

from .schema import RECORD_SETS

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64)
]
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Scalar = str | int | bool


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(StrEnum):
    PROPORTION = "proportion"  # numerator / denominator, shown as a percentage (Wilson)
    RATE = "rate"  # count per `per` of a population (exact Poisson / Byar)
    RATIO = "ratio"  # a sum per counted record, e.g. reoffences per reoffender (Byar)


class PeriodRule(StrEnum):
    QUARTER = "quarter"  # records whose anchor date falls in the quarter
    ROLLING_12_MONTHS = "rolling-12-months"  # the 12 months ending with the quarter
    # A cohort whose start date (the anchor) falls in the quarter, read once its outcome
    # is known (`available_after_months`): the reoffending measures.
    COHORT = "cohort"


class Condition(_Model):
    """One test on a record's field; a record must pass every condition of a list."""

    field: FieldName
    equals: Scalar | None = None
    is_in: tuple[Scalar, ...] | None = Field(default=None, alias="in")
    at_least: int | None = None
    at_most: int | None = None
    known: bool | None = None  # true: the field has a value; false: it is blank

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [self.equals, self.is_in, self.at_least, self.at_most, self.known]
        given = sum(t is not None for t in tests)
        if given == 0:
            raise ValueError("give a test: equals, in, at_least, at_most or known")
        if given > 1 and not (
            given == 2 and self.at_least is not None and self.at_most is not None
        ):
            raise ValueError("give one test per condition (at_least with at_most is allowed)")
        return self


class Measure(_Model):
    """What one side of the fraction adds up: records passing `where`, or a field's sum."""

    where: tuple[Condition, ...] = ()
    sum: FieldName | None = None  # add this whole-number field instead of counting records


class PopulationDenominator(_Model):
    """A rate's denominator from population figures (e.g. children aged 10-17)."""

    population: Literal["population"]
    where: tuple[Condition, ...] = ()


class Suppression(_Model):
    """Figures are not shown when the counted side is below `below` (a statistical rule):
    the denominator for proportions (too few children to read a share from), the
    numerator for rates (a handful of named events, e.g. three first-time entrants of one
    ethnicity, identifies children). Zero is not a small count: it names nobody."""

    below: int = Field(ge=1)
    on: Literal["denominator", "numerator"] = "denominator"
    # Secondary suppression in a breakdown: when one cell is hidden, the next smallest
    # is hidden too, so no hidden cell is the total minus the cells shown
    # (`yjaudit.indicators.suppression`). The total stays: it is the headline figure.
    secondary: Literal["next-smallest"] = "next-smallest"
    source: str = ""
    inferred: bool = False


class Indicator(_Model):
    id: Identifier
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    source: str = ""
    inferred: bool = False
    kind: Kind
    # Which record set it counts; the data files name their records the same way.
    records: FieldName
    # The date field that places a record in a period.
    anchor: FieldName
    period: PeriodRule = PeriodRule.QUARTER
    # A period's figure is shown only this many months after the period ends (a
    # reoffending cohort: 12 months to reoffend and 6 more for proof).
    available_after_months: int = Field(default=0, ge=0, le=60)
    denominator: Measure | PopulationDenominator
    numerator: Measure
    per: int = Field(default=100, ge=1)  # 100 for a percentage, 100000 for FTE rates
    higher_is_better: bool | None = None  # None: neither direction is "better"
    breakdowns: tuple[FieldName, ...] = ()
    suppress: Suppression | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        population = isinstance(self.denominator, PopulationDenominator)
        if self.kind is Kind.RATE and not population:
            problems.append((("denominator",), "a rate's denominator is population: population"))
        if self.kind is not Kind.RATE and population:
            problems.append((("denominator",), f"a {self.kind} counts records, not population"))
        if (
            self.kind is Kind.PROPORTION
            and isinstance(self.denominator, Measure)
            and bool(self.numerator.sum) != bool(self.denominator.sum)
        ):
            problems.append(
                (("numerator",), "a proportion sums on both sides (e.g. victims) or on neither")
            )
        if self.kind is Kind.RATIO and not self.numerator.sum:
            problems.append((("numerator", "sum"), "a ratio adds up a field: give sum"))
        if len(set(self.breakdowns)) != len(self.breakdowns):
            problems.append((("breakdowns",), "a breakdown is listed twice"))
        problems.extend(self._unknown_fields())
        if problems:
            raise SpecError(problems)
        return self

    def _unknown_fields(self) -> list[tuple[tuple[str | int, ...], str]]:
        fields = RECORD_SETS.get(self.records)
        if fields is None:
            return [
                (("records",), f"unknown records {self.records!r}; use {', '.join(RECORD_SETS)}")
            ]
        used: list[tuple[tuple[str | int, ...], str]] = [(("anchor",), self.anchor)]
        used += [(("breakdowns", i), b) for i, b in enumerate(self.breakdowns)]
        for side in ("numerator", "denominator"):
            measure = getattr(self, side)
            if isinstance(measure, Measure) and measure.sum:
                used.append(((side, "sum"), measure.sum))
            for i, cond in enumerate(measure.where):
                if isinstance(measure, Measure):
                    used.append(((side, "where", i, "field"), cond.field))
        problems = [
            (path, f"{self.records} records have no field {name!r}")
            for path, name in used
            if name not in fields
        ]
        if isinstance(self.denominator, PopulationDenominator):
            pop = RECORD_SETS["population"]
            problems += [
                (("denominator", "where", i, "field"), f"population has no field {c.field!r}")
                for i, c in enumerate(self.denominator.where)
                if c.field not in pop
            ]
            problems += [
                (("breakdowns", i), f"population figures have no {b!r} to break the rate down by")
                for i, b in enumerate(self.breakdowns)
                if b not in pop
            ]
        if fields.get(self.anchor, "date") != "date":
            problems.append((("anchor",), f"{self.anchor!r} is not a date field"))
        return problems


class IndicatorSet(_Model):
    """A file of indicators (e.g. the YJB's key performance indicators)."""

    id: Identifier
    name: str = Field(min_length=1, max_length=200)
    source: str = ""
    notes: str = ""
    # The first month of a reporting year: 4 (April) for the YJB's financial-year quarters.
    year_starts_month: int = Field(default=4, ge=1, le=12)
    # Counts below this use the exact Poisson interval; Byar's method from there on.
    exact_poisson_below: int = Field(default=10, ge=1)
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> IndicatorSet:
        seen: set[str] = set()
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for i, ind in enumerate(self.indicators):
            if ind.id in seen:
                problems.append((("indicators", i, "id"), f"indicator {ind.id!r} is given twice"))
            seen.add(ind.id)
        if problems:
            raise SpecError(problems)
        return self

    def get(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)
