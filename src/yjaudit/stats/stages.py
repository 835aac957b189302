"""Disproportionality through the stages of the youth justice system.

Counts of children per stage and group (population, first contact, out-of-court
disposal, court, custody, ...). The first stage is each group's base; each later stage
is compared with the same group's count at the stage before, so the relative rate index
(RRI) at a stage answers "of the children of this group who reached the stage before,
how much more often than the reference group's did they reach this one?" (the YJB's
ethnic disproportionality toolkit reads stages the same way).

A flag reads the 95% interval: above 1 throughout is over-represented, below 1
throughout under-represented, otherwise no evidence of a difference. A group with no
RRI carries a `Reason` (a code, the group it is about), which its reader words.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from .disproportionality import Z_95, Reason, Why, relative_rate_index

OVER = "over-represented"
UNDER = "under-represented"
NO_DIFFERENCE = "no evidence of a difference"
REFERENCE = "reference"


@dataclass(frozen=True, slots=True)
class StageCount:
    stage: str
    group: str
    count: int


@dataclass(frozen=True, slots=True)
class GroupRate:
    group: str
    count: int
    base: int
    rate: float | None
    rri: float | None
    ci_low: float | None
    ci_high: float | None
    flag: str | None
    reason: Reason | None = None  # why there is no RRI or no interval


@dataclass(frozen=True, slots=True)
class StageRates:
    stage: str
    base_stage: str
    groups: tuple[GroupRate, ...]


class StagesError(ValueError):
    """Counts that do not make stages: `index` is the position of the offending count."""

    def __init__(self, message: str, *, index: int | None = None, field: str | None = None):
        self.message, self.index, self.field = message, index, field
        super().__init__(message)


class CountAboveBase(StagesError):
    """A group counts more children at a stage than at the stage before. Its values, so a
    page can say so in its reader's words (the message is the CLI's, in English)."""

    def __init__(self, group: str, stage: str, count: int, base_stage: str, base: int, index: int):
        self.group, self.stage, self.count = group, stage, count
        self.base_stage, self.base = base_stage, base
        super().__init__(
            f"{group} at {stage}: {count} is more than the {base} at {base_stage}, "
            "the stage before (each stage counts children from the one before)",
            index=index,
            field="count",
        )


def flag_for(ci_low: float | None, ci_high: float | None) -> str | None:
    if ci_low is None or ci_high is None:
        return None
    if ci_low > 1:
        return OVER
    if ci_high < 1:
        return UNDER
    return NO_DIFFERENCE


def staged_rri(
    counts: Sequence[StageCount], reference: str, *, z: float = Z_95
) -> tuple[StageRates, ...]:
    """RRI per later stage and group against `reference`, stages in order of appearance."""
    table, stages, groups = _table(counts)
    if reference not in groups:
        raise StagesError(
            f"the reference group {reference!r} has no counts "
            f"(groups in the file: {', '.join(groups)})",
            field="group",
        )
    if len(stages) < 2:
        raise StagesError(
            "at least two stages are needed: the first is each group's base", field="stage"
        )
    results = []
    for before, stage in itertools.pairwise(stages):
        ref_count, ref_base = table[stage, reference][0], table[before, reference][0]
        rows = []
        for group in groups:
            count, index = table[stage, group]
            base = table[before, group][0]
            if count > base:
                raise CountAboveBase(group, stage, count, before, base, index)
            rows.append(_rate(group, count, base, reference, ref_count, ref_base, z))
        results.append(StageRates(stage, before, tuple(rows)))
    return tuple(results)


def _rate(
    group: str, count: int, base: int, reference: str, ref_count: int, ref_base: int, z: float
) -> GroupRate:
    rate = count / base if base else None
    if group == reference:
        reason = _no_rri_reason(reference, count, base, is_reference=True)
        return GroupRate(
            group,
            count,
            base,
            rate,
            None if reason else 1.0,
            None,
            None,
            None if reason else REFERENCE,
            reason,
        )
    reason = _no_rri_reason(group, count, base) or _no_rri_reason(
        reference, ref_count, ref_base, is_reference=True
    )
    if reason:
        return GroupRate(group, count, base, rate, None, None, None, None, reason)
    r = relative_rate_index(count, base, ref_count, ref_base, z=z)
    return GroupRate(
        group,
        count,
        base,
        rate,
        r.rri,
        r.ci_low,
        r.ci_high,
        flag_for(r.ci_low, r.ci_high),
        r.reason,
    )


def _no_rri_reason(
    group: str, count: int, base: int, *, is_reference: bool = False
) -> Reason | None:
    if base == 0:
        return Reason(Why.NO_BASE, group, is_reference)
    if count == 0:
        return Reason(Why.ZERO_COUNT, group, is_reference)
    return None


def _table(
    counts: Sequence[StageCount],
) -> tuple[dict[tuple[str, str], tuple[int, int]], list[str], list[str]]:
    table: dict[tuple[str, str], tuple[int, int]] = {}
    stages: list[str] = []
    groups: list[str] = []
    for index, c in enumerate(counts):
        if not c.stage:
            raise StagesError("the stage is empty", index=index, field="stage")
        if not c.group:
            raise StagesError("the group is empty", index=index, field="group")
        if isinstance(c.count, bool) or not isinstance(c.count, int) or c.count < 0:
            raise StagesError(
                f"the count must be a whole number of at least 0, not {c.count!r}",
                index=index,
                field="count",
            )
        if (c.stage, c.group) in table:
            raise StagesError(f"{c.group} at {c.stage} is given twice", index=index, field="group")
        if c.stage not in stages:
            stages.append(c.stage)
        if c.group not in groups:
            groups.append(c.group)
        table[c.stage, c.group] = (c.count, index)
    for stage in stages:
        for group in groups:
            if (stage, group) not in table:
                first = min(i for (s, _), (_, i) in table.items() if s == stage)
                raise StagesError(
                    f"{group} has no count at {stage} (every group needs a row at every stage; "
                    "write 0 for none)",
                    index=first,
                    field="group",
                )
    return table, stages, groups
