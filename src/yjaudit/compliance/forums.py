"""Risk forum coverage: every open case whose risk of serious harm or safety and
wellbeing rating is at or above the service's threshold must be held by at least one
risk management forum ("Derby YOS, progress against HMIP areas for improvement,
9 September 2019": "total coverage ... 'Medium' or higher").

The forums and the threshold are data (rules/forums/risk-forums.yaml). A case is
*uncovered* on a date when it is open, its higher rating is at or above the threshold
and no membership of a known forum holds it that day; it has been uncovered since the
first day of that run (the later of its start and the day after its last membership
ended), and `days_uncovered` counts from that day to the date, both included.
Risk ratings are the case's current ratings (no history yet).

Pure Python: no Django.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from yjaudit.spec.model import SpecError

from .model import Identifier, RiskLevel, _risk
from .months import Month
from .records import Case, Membership
from .workdays import ONE_DAY


class Forum(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Identifier
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    source: str = ""
    inferred: bool = False


class ForumPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Identifier
    name: str = Field(min_length=1, max_length=200)
    source: str = ""
    inferred: bool = False
    threshold: RiskLevel = RiskLevel.MEDIUM
    forums: tuple[Forum, ...] = Field(min_length=1)

    @field_validator("threshold", mode="before")
    @classmethod
    def _risk_word(cls, value: object) -> object:
        return _risk(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _unique(self) -> ForumPolicy:
        seen: set[str] = set()
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for i, forum in enumerate(self.forums):
            if forum.id in seen:
                problems.append((("forums", i, "id"), f"forum {forum.id!r} is given twice"))
            seen.add(forum.id)
        if problems:
            raise SpecError(problems)
        return self

    @property
    def forum_ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.forums)


@dataclass(frozen=True, slots=True)
class Uncovered:
    reference: str
    case_manager: str
    team: str
    risk: RiskLevel
    since: dt.date
    days_uncovered: int


@dataclass(frozen=True, slots=True)
class Coverage:
    month: Month
    on: dt.date  # the day counted: the month's last day, or as_of within the month
    at_or_above: int  # open cases at or above the threshold
    covered: int
    uncovered: tuple[str, ...]  # references, sorted

    @property
    def rate(self) -> float | None:
        return self.covered / self.at_or_above if self.at_or_above else None


def check_memberships(policy: ForumPolicy, memberships: Iterable[Membership]) -> list[str]:
    problems = []
    for i, m in enumerate(memberships, start=1):
        if m.forum not in policy.forum_ids:
            problems.append(
                f"membership {i} ({m.reference}): unknown forum {m.forum!r}; "
                f"known: {', '.join(sorted(policy.forum_ids))}"
            )
        if m.end is not None and m.end < m.start:
            problems.append(f"membership {i} ({m.reference}): ends before it starts")
    return problems


def _by_reference(
    policy: ForumPolicy, memberships: Iterable[Membership]
) -> dict[str, list[Membership]]:
    memberships = list(memberships)
    problems = check_memberships(policy, memberships)
    if problems:
        raise ValueError("; ".join(problems))
    out: dict[str, list[Membership]] = defaultdict(list)
    for m in memberships:
        out[m.reference].append(m)
    return out


def _uncovered_since(case: Case, held: Sequence[Membership], on: dt.date) -> dt.date | None:
    """None when a membership holds the case on `on`; else the first uncovered day."""
    if any(m.holds_on(on) for m in held):
        return None
    ended = [m.end for m in held if m.end is not None and m.end < on]
    since = max(ended) + ONE_DAY if ended else case.start
    return max(since, case.start)


def uncovered_cases(
    policy: ForumPolicy,
    cases: Iterable[Case],
    memberships: Iterable[Membership],
    on: dt.date,
    *,
    threshold: RiskLevel | None = None,
) -> list[Uncovered]:
    """Open cases at or above the threshold held by no forum on `on`, longest first."""
    threshold = threshold or policy.threshold
    held = _by_reference(policy, memberships)
    out = []
    for case in cases:
        risk = case.risk
        if not case.open_on(on) or risk is None or risk < threshold:
            continue
        since = _uncovered_since(case, held.get(case.reference, []), on)
        if since is not None:
            out.append(
                Uncovered(
                    case.reference,
                    case.case_manager,
                    case.team,
                    risk,
                    since,
                    (on - since).days + 1,
                )
            )
    out.sort(key=lambda u: (-u.days_uncovered, u.reference))
    return out


def coverage_by_month(
    policy: ForumPolicy,
    cases: Sequence[Case],
    memberships: Iterable[Membership],
    months: Sequence[Month],
    *,
    as_of: dt.date,
    threshold: RiskLevel | None = None,
) -> list[Coverage]:
    """Coverage on each month's last day (or on `as_of` in the month that holds it);
    months that start after `as_of` are left out."""
    memberships = list(memberships)
    out = []
    for month in months:
        if month.first > as_of:
            continue
        on = min(month.last, as_of)
        gaps = uncovered_cases(policy, cases, memberships, on, threshold=threshold)
        limit = threshold or policy.threshold
        total = sum(1 for c in cases if c.open_on(on) and c.risk is not None and c.risk >= limit)
        out.append(
            Coverage(month, on, total, total - len(gaps), tuple(sorted(u.reference for u in gaps)))
        )
    return out
