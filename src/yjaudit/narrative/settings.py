"""The narrative rule file: phrase thresholds and wording as validated data.

`defaults.yaml` beside this module is the documented default; `load_settings(path)`
reads another file, and `settings_from_mapping` validates data from elsewhere (a
database row, a test). Every problem is reported with file, line and field.
"""

from __future__ import annotations

import itertools
import string
from enum import StrEnum
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)


def _to_fraction(v: object) -> object:
    # Limits stay exact (two-thirds is 200/3 per cent, not 66.67), so a boundary test
    # on k / n never depends on float rounding.
    if isinstance(v, bool):
        raise ValueError("must be a number, not true/false")
    if isinstance(v, int | float | str):
        try:
            return Fraction(str(v).strip())
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{v!r} is not a number or fraction") from None
    return v


Exact = Annotated[Fraction, BeforeValidator(_to_fraction)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Style(StrEnum):
    AUTO = "auto"
    COUNTS = "counts"
    PROPORTION = "proportion"


class PercentBasis(StrEnum):
    ROUNDED = "rounded-percent"
    EXACT = "exact-percent"


class AllBut(_Model):
    max_misses: int = Field(ge=0)
    min_n: int = Field(ge=2)


class Noun(_Model):
    singular: str = Field(min_length=1)
    plural: str = Field(min_length=1)


class Landmark(_Model):
    fraction: Exact
    words: str = Field(min_length=1)

    @field_validator("fraction")
    @classmethod
    def _inside(cls, v: Fraction) -> Fraction:
        if not 0 < v < 1:
            raise ValueError("a landmark fraction must lie strictly between 0 and 1")
        return v


class Band(_Model):
    from_: Exact = Field(alias="from")
    to: Exact
    words: str = Field(min_length=1)
    show_percent: bool = False

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if not self.from_ < self.to:
            raise ValueError(f"band {self.words!r}: 'from' must be below 'to'")
        return self


# The placeholders each template may use; anything else is a typo caught on load.
_COUNT_FIELDS = {"k", "n", "misses", "k_digits", "n_digits", "percent", "case", "cases"}
TEMPLATE_FIELDS: dict[str, frozenset[str]] = {
    "no_cases": frozenset(_COUNT_FIELDS),
    "all_of_one": frozenset(_COUNT_FIELDS),
    "all_of_two": frozenset(_COUNT_FIELDS),
    "all": frozenset(_COUNT_FIELDS),
    "none_of_one": frozenset(_COUNT_FIELDS),
    "none_of_two": frozenset(_COUNT_FIELDS),
    "none": frozenset(_COUNT_FIELDS),
    "all_but": frozenset(_COUNT_FIELDS),
    "counts": frozenset(_COUNT_FIELDS),
    "proportion": frozenset(_COUNT_FIELDS | {"quantity", "counts"}),
    "proportion_with_percent": frozenset(_COUNT_FIELDS | {"quantity", "counts"}),
    "bracket_counts": frozenset(_COUNT_FIELDS),
    "strength": frozenset({"phrase", "finding"}),
    "improvement": frozenset({"phrase", "finding"}),
}


class Templates(_Model):
    no_cases: str
    all_of_one: str
    all_of_two: str
    all: str
    none_of_one: str
    none_of_two: str
    none: str
    all_but: str
    counts: str
    proportion: str
    proportion_with_percent: str
    bracket_counts: str
    strength: str
    improvement: str

    @model_validator(mode="after")
    def _placeholders(self) -> Templates:
        for name, allowed in TEMPLATE_FIELDS.items():
            text = getattr(self, name)
            try:
                used = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
            except ValueError as exc:
                raise ValueError(f"template {name!r}: {exc}") from None
            if "" in used:
                raise ValueError(f"template {name!r} has an empty placeholder {{}}")
            unknown = sorted(used - allowed)
            if unknown:
                raise ValueError(
                    f"template {name!r} uses unknown placeholder(s) {unknown}; "
                    f"allowed: {sorted(allowed)}"
                )
        for name in ("strength", "improvement"):
            if "{phrase}" not in getattr(self, name):
                raise ValueError(f"template {name!r} must contain {{phrase}}")
        return self


class Selection(_Model):
    strength_style: Style = Style.AUTO
    improvement_style: Style = Style.PROPORTION
    strength_min_percent: Exact
    strength_min_n: int = Field(ge=1)
    improvement_below_percent: Exact
    improvement_min_n: int = Field(ge=1)
    percent_basis: PercentBasis = PercentBasis.ROUNDED
    max_strengths: int = Field(ge=0)
    max_improvements: int = Field(ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> Selection:
        for name in ("strength_min_percent", "improvement_below_percent"):
            if not 0 <= getattr(self, name) <= 100:
                raise ValueError(f"{name} must be between 0 and 100")
        # A result must never be both a strength and an area for improvement.
        if self.improvement_below_percent > self.strength_min_percent:
            raise ValueError(
                "improvement_below_percent is above strength_min_percent: a result "
                "could be both a strength and an area for improvement"
            )
        return self


class NarrativeSettings(_Model):
    version: Literal[1]
    # The language the wording is in ("en" or "cy"): English spells small numbers and a
    # number opening a sentence; the Welsh file keeps digits (no mutation rules needed).
    language: Literal["en", "cy"] = "en"
    words_up_to: int = Field(ge=0, le=99)
    style: Style
    counts_up_to_n: int = Field(ge=0)
    all_but: AllBut
    noun: Noun
    landmarks: tuple[Landmark, ...] = ()
    bands: tuple[Band, ...] = Field(min_length=1)
    templates: Templates
    selection: Selection

    @model_validator(mode="after")
    def _cover(self) -> NarrativeSettings:
        bands = self.bands
        if bands[0].from_ != 0:
            raise ValueError("bands: the first band must start at 0")
        if bands[-1].to != 100:
            raise ValueError("bands: the last band must end at 100")
        for a, b in itertools.pairwise(bands):
            if a.to != b.from_:
                raise ValueError(
                    f"bands: {a.words!r} ends at {_pct(a.to)} but {b.words!r} starts at "
                    f"{_pct(b.from_)}; list bands in order, each starting where the "
                    "last one ends"
                )
        fractions = [lm.fraction for lm in self.landmarks]
        if len(set(fractions)) != len(fractions):
            raise ValueError("landmarks: a fraction is listed twice")
        return self

    def band_for(self, percent: Fraction) -> Band:
        """The band holding an exact percentage strictly between 0 and 100."""
        for band in self.bands:
            if band.from_ <= percent < band.to:
                return band
        raise ValueError(f"no band holds {percent}%")  # unreachable once validated

    def landmark_for(self, fraction: Fraction) -> Landmark | None:
        for lm in self.landmarks:
            if lm.fraction == fraction:
                return lm
        return None


def _pct(v: Fraction) -> str:
    return f"{float(v):g}%"


class NarrativeSettingsError(ValueError):
    """A rule file that cannot be used; `problems` lists each as "file:line: field: msg"."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _lines(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _lines(value_node, (*path, key_node.value), out)
            out[(*path, key_node.value)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, (*path, i), out)


def settings_from_mapping(
    data: object, *, source: str = "<settings>", lines: dict[tuple[Any, ...], int] | None = None
) -> NarrativeSettings:
    """Validate parsed data, or raise NarrativeSettingsError naming every problem."""
    if not isinstance(data, dict):
        raise NarrativeSettingsError([f"{source}: the rule file must be a mapping of settings"])
    try:
        return NarrativeSettings.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple("from" if p == "from_" else p for p in err["loc"])
            line = None
            if lines:
                probe = loc
                while probe and probe not in lines:
                    probe = probe[:-1]
                line = lines.get(probe)
            where = f"{source}:{line}" if line else source
            field = ".".join(str(p) for p in loc) or "(top level)"
            message = err["msg"].removeprefix("Value error, ")
            problems.append(f"{where}: {field}: {message}")
        raise NarrativeSettingsError(problems) from None


def parse_settings(text: str, *, source: str = "<settings>") -> NarrativeSettings:
    """Parse and validate YAML text."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise NarrativeSettingsError([f"{where}: not valid YAML: {exc}"]) from None
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _lines(node, (), lines)
    return settings_from_mapping(data, source=source, lines=lines)


def load_settings(path: str | Path) -> NarrativeSettings:
    """Read and validate a rule file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise NarrativeSettingsError([f"{p}: cannot read: {exc.strerror}"]) from None
    return parse_settings(text, source=str(p))


DEFAULTS_FILE = "defaults.yaml"
# The wording in each language; English is the documented default.
DEFAULTS_FILES = {"en": DEFAULTS_FILE, "cy": "defaults.cy.yaml"}


@cache
def default_settings(language: str = "en") -> NarrativeSettings:
    """The defaults shipped with the package: defaults.yaml, or its Welsh sibling
    defaults.cy.yaml for "cy" (any other language gets English)."""
    name = DEFAULTS_FILES.get(language, DEFAULTS_FILE)
    text = resources.files("yjaudit.narrative").joinpath(name).read_text(encoding="utf-8")
    return parse_settings(text, source=name)
