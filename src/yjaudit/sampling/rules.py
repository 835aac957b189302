"""Sample-size rules as data (``rules/*.yaml``), validated on load.

A rule turns a caseload (the number of relevant cases) into a sample size. Three
kinds cover the programmes we know of:

- ``table``: the size read from caseload bands, then held between minimum and maximum
  (HMIP: minimum 14, maximum 91; the bands between are inferred, see the file);
- ``proportion``: a share of the caseload rounded up, at least ``minimum`` (YJB
  National Standards self-assessment: 20%, minimum 20);
- ``fixed``: a set number (SQS: 20), or, with no size in the file, the number the
  round asks for ("fixed N").

Whatever the rule says, a sample never exceeds the caseload.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from yjaudit.spec.wording import SOURCE_LANGUAGE

RULES_DIR = Path(__file__).resolve().parent / "rules"

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Model):
    """Caseloads up to and including ``up_to`` (None: any larger caseload) get ``size``."""

    up_to: int | None = Field(default=None, ge=1)
    size: int = Field(ge=1)


class SampleRule(_Model):
    id: RuleId
    name: str = Field(min_length=1)
    kind: Literal["table", "proportion", "fixed"]
    source: str = ""
    # True where no primary text gives the figures: shown beside the rule in the app.
    inferred: bool = False
    notes: str = ""
    minimum: int | None = Field(default=None, ge=1)
    maximum: int | None = Field(default=None, ge=1)
    proportion: Decimal | None = Field(default=None, gt=0, le=1)
    size: int | None = Field(default=None, ge=1)
    bands: tuple[Band, ...] = ()
    # Whose records the rule samples (children's cases, victims' cases, managers'
    # oversight); None: any. A round may use a rule of its own subject or of none.
    subject: Literal["children", "victims", "managers"] | None = None
    # True: the size is per stratum (per manager, for management oversight), each
    # stratum drawn on its own; False: for the whole caseload, shared between strata.
    per_stratum: bool = False

    @model_validator(mode="after")
    def _check(self) -> SampleRule:
        if self.minimum and self.maximum and self.maximum < self.minimum:
            raise ValueError("maximum is below minimum")
        if self.kind == "table":
            if not self.bands:
                raise ValueError("a table rule needs bands")
            if self.bands[-1].up_to is not None:
                raise ValueError("the last band must have no up_to (it covers any larger caseload)")
            if any(b.up_to is None for b in self.bands[:-1]):
                raise ValueError("only the last band may omit up_to")
            limits = [b.up_to or 0 for b in self.bands[:-1]]
            if limits != sorted(limits) or len(set(limits)) != len(limits):
                raise ValueError("band up_to values must increase")
            sizes = [b.size for b in self.bands]
            if sizes != sorted(sizes):
                raise ValueError("band sizes must not decrease as the caseload grows")
        elif self.bands:
            raise ValueError(f"bands belong to table rules, not {self.kind}")
        if self.kind == "proportion" and self.proportion is None:
            raise ValueError("a proportion rule needs proportion (e.g. 0.2)")
        if self.kind != "proportion" and self.proportion is not None:
            raise ValueError(f"proportion belongs to proportion rules, not {self.kind}")
        if self.kind != "fixed" and self.size is not None:
            raise ValueError(f"size belongs to fixed rules, not {self.kind}")
        return self

    @property
    def needs_requested_size(self) -> bool:
        """A fixed rule with no size in its file takes the round's number ("fixed N")."""
        return self.kind == "fixed" and self.size is None

    def size_for(self, caseload: int, requested: int | None = None) -> int:
        """The sample size for a caseload; never more than the caseload itself."""
        if caseload < 0:
            raise ValueError("caseload cannot be negative")
        if self.kind == "table":
            size = next(b.size for b in self.bands if b.up_to is None or caseload <= b.up_to)
        elif self.kind == "proportion":
            assert self.proportion is not None
            size = math.ceil(Decimal(caseload) * self.proportion)
        elif self.size is not None:
            size = self.size
        else:
            if requested is None or requested < 1:
                raise ValueError(f"rule {self.id} needs the number of cases to sample")
            size = requested
        if self.minimum is not None:
            size = max(size, self.minimum)
        if self.maximum is not None:
            size = min(size, self.maximum)
        return min(size, caseload)


class RuleFileError(Exception):
    """A rule file that cannot be used, with every problem as ``file: field: message``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def parse_rule(text: str, name: str) -> SampleRule:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleFileError([f"{name}: not valid YAML: {exc}"]) from None
    if not isinstance(data, dict):
        raise RuleFileError([f"{name}: expected a mapping of rule fields"])
    try:
        return SampleRule.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "rule"
            problems.append(f"{name}: {where}: {err['msg']}")
        raise RuleFileError(problems) from None


def load_rules(
    directory: Path | None = None, language: str = SOURCE_LANGUAGE
) -> dict[str, SampleRule]:
    """Every rule in a directory, by id; raises RuleFileError listing all problems.

    `language` asks for the rules' words (name, notes) in that language: a wording file
    beside each rule's file (`rules/cy/<file>`, see `wording`) gives them; a rule without
    one keeps its own words. Sizes never depend on the language. A wording file that
    cannot be used raises FrameworkFileError naming its file, line and field.
    """
    directory = directory or RULES_DIR
    rules: dict[str, SampleRule] = {}
    paths: dict[str, Path] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            rule = parse_rule(path.read_text(encoding="utf-8"), path.name)
        except RuleFileError as exc:
            problems.extend(exc.problems)
            continue
        if rule.id in rules:
            problems.append(f"{path.name}: id: {rule.id!r} is already used by another file")
            continue
        rules[rule.id] = rule
        paths[rule.id] = path
    if problems:
        raise RuleFileError(problems)
    if language == SOURCE_LANGUAGE:
        return rules
    # Imported here: the wording module reads this one's models.
    from .wording import rules_in_language

    return rules_in_language(rules, paths, directory, language)
