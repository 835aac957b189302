"""Compliance figures: per rule and month, for the service, each team and each case
manager: occasions due, met, missed and not yet due, with the cases that missed.

Definitions (docs/compliance.md gives them with examples):

- An *occasion* is one time a rule asks for its event. A deadline rule (`first`) gives
  one occasion per case, from the start to the deadline. A recurring rule (`every`) gives
  consecutive fixed windows from the start (or from the day after the first deadline, when
  the rule has both): each week (or month) of the case is an occasion. Windows are fixed,
  so one late event does not move every later window.
- An occasion is *due in a month* when its due date (deadline, or the window's last day)
  falls in that month.
- It is *met* when at least `at_least` events of the rule's kind are dated inside it (from
  its first day to its due date, inclusive), counting only events on or after the case's
  start and on or before `as_of`; *missed* when not met and its due date is before `as_of`;
  otherwise *not yet due* (it can still be met).
- A case that closes before a due date owes nothing for that occasion: it is left out,
  whether or not the event happened (closed early, no longer due).

Pure Python: no Django.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from yjaudit.stats.intervals import wilson

from .model import Rule, RuleSet
from .months import Month, add_months, months_ending
from .records import Case, Event
from .workdays import ONE_DAY, Calendar, add_working_days


class Status(StrEnum):
    MET = "met"
    MISSED = "missed"
    NOT_YET_DUE = "not yet due"


class Scope(StrEnum):
    SERVICE = "service"
    TEAM = "team"
    CASE_MANAGER = "case_manager"


@dataclass(frozen=True, slots=True)
class Occasion:
    rule: str
    reference: str
    opens: dt.date
    due: dt.date
    status: Status
    met_on: dt.date | None  # the date of the event that met it


@dataclass(frozen=True, slots=True)
class Figure:
    rule: str
    month: Month
    scope: Scope
    group: str  # "" for the service, else the team or case manager
    due: int
    met: int
    missed: int
    not_yet_due: int
    missed_cases: tuple[str, ...]  # references only, sorted

    @property
    def decided(self) -> int:
        return self.met + self.missed

    @property
    def rate(self) -> float | None:
        """Met as a share of the occasions whose outcome is known."""
        return self.met / self.decided if self.decided else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.met, self.decided)


class RecordsError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def check_cases(cases: Sequence[Case]) -> list[str]:
    """Problems that make figures meaningless: a reference twice, an end before a start."""
    problems: list[str] = []
    seen: set[str] = set()
    for case in cases:
        if case.reference in seen:
            problems.append(f"case {case.reference}: the reference is given twice")
        seen.add(case.reference)
        if case.end is not None and case.end < case.start:
            problems.append(f"case {case.reference}: ends before it starts")
    return problems


def applies(rule: Rule, case: Case) -> bool:
    test = rule.applies_to
    if test.disposals and case.disposal not in test.disposals:
        return False
    if test.intervention_levels and case.intervention_level not in test.intervention_levels:
        return False
    if test.risk_at_least is not None:
        risk = case.risk
        if risk is None or risk < test.risk_at_least:
            return False
    return True


def windows(
    rule: Rule, case: Case, calendar: Calendar, horizon: dt.date
) -> Iterator[tuple[dt.date, dt.date]]:
    """(opens, due) of each occasion the case owes with a due date up to `horizon`."""
    last = horizon if case.end is None else min(horizon, case.end)
    begin = case.start
    if rule.first is not None:
        within = rule.first
        if within.working_days is not None:
            due = add_working_days(case.start, within.working_days, calendar)
        else:
            due = case.start + dt.timedelta(days=within.days or 0)
        if due > last:
            return
        yield case.start, due
        begin = due + ONE_DAY
    every = rule.every
    if every is None:
        return
    # Each window ends the day before the next opens; months are counted from `begin`
    # each time (not chained), so 31 January gives 28 February, then 31 March.
    k = 1
    opens = begin
    while True:
        if every.weeks is not None:
            following = begin + dt.timedelta(weeks=every.weeks * k)
        else:
            following = add_months(begin, (every.months or 1) * k)
        closes = following - ONE_DAY
        if closes > last:
            return
        yield opens, closes
        opens = following
        k += 1


def _index_events(
    events: Iterable[Event], cases: dict[str, Case], as_of: dt.date
) -> dict[tuple[str, str], list[dt.date]]:
    by_key: dict[tuple[str, str], list[dt.date]] = defaultdict(list)
    for e in events:
        case = cases.get(e.reference)
        # Events of unknown cases, before the start or after as_of do not count.
        if case is None or e.date < case.start or e.date > as_of:
            continue
        by_key[e.reference, e.kind].append(e.date)
    for dates in by_key.values():
        dates.sort()
    return by_key


def occasions(
    rule_set: RuleSet,
    cases: Sequence[Case],
    events: Iterable[Event],
    *,
    as_of: dt.date,
    horizon: dt.date,
    since: dt.date | None = None,
    calendar: Calendar | None = None,
) -> Iterator[Occasion]:
    """Every occasion of every rule with a due date from `since` (default: any) up to
    `horizon`, judged at `as_of`."""
    problems = check_cases(cases)
    if problems:
        raise RecordsError(problems)
    calendar = calendar or rule_set.calendar
    by_ref = {c.reference: c for c in cases}
    index = _index_events(events, by_ref, as_of)
    for rule in rule_set.rules:
        need = rule.every.at_least if rule.every is not None else 1
        for case in cases:
            if not applies(rule, case):
                continue
            dates = index.get((case.reference, rule.event), [])
            first_window = rule.first is not None
            for opens, due in windows(rule, case, calendar, horizon):
                wanted = 1 if first_window else need
                first_window = False
                if since is not None and due < since:
                    continue
                lo = bisect_left(dates, opens)
                hi = bisect_right(dates, due)
                if hi - lo >= wanted:
                    status, met_on = Status.MET, dates[lo + wanted - 1]
                elif due < as_of:
                    status, met_on = Status.MISSED, None
                else:
                    status, met_on = Status.NOT_YET_DUE, None
                yield Occasion(rule.id, case.reference, opens, due, status, met_on)


_SLOT = {Status.MET: 0, Status.MISSED: 1, Status.NOT_YET_DUE: 2}


def compliance_figures(
    rule_set: RuleSet,
    cases: Sequence[Case],
    events: Iterable[Event],
    *,
    months: Sequence[Month],
    as_of: dt.date,
    scopes: Sequence[Scope] = (Scope.SERVICE, Scope.TEAM, Scope.CASE_MANAGER),
    calendar: Calendar | None = None,
) -> list[Figure]:
    """Figures per rule, month and scope. The service has a figure for every rule and
    month (zeros included, so a trend has no gaps); teams and case managers only where
    they had an occasion due."""
    if not months:
        return []
    wanted = {(m.year, m.month) for m in months}
    groups = {
        c.reference: [
            (
                scope,
                {Scope.SERVICE: "", Scope.TEAM: c.team, Scope.CASE_MANAGER: c.case_manager}[scope],
            )
            for scope in scopes
        ]
        for c in cases
    }
    Key = tuple[str, tuple[int, int], Scope, str]
    tally: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    missed: dict[Key, set[str]] = defaultdict(set)
    for occ in occasions(
        rule_set,
        cases,
        events,
        as_of=as_of,
        horizon=max(months).last,
        since=min(months).first,
        calendar=calendar,
    ):
        month = (occ.due.year, occ.due.month)
        if month not in wanted:
            continue
        slot = _SLOT[occ.status]
        for scope, group in groups[occ.reference]:
            key = (occ.rule, month, scope, group)
            tally[key][slot] += 1
            if slot == 1:
                missed[key].add(occ.reference)
    if Scope.SERVICE in scopes:
        for rule in rule_set.rules:
            for m in months:
                tally.setdefault((rule.id, (m.year, m.month), Scope.SERVICE, ""), [0, 0, 0])
    order = {r.id: i for i, r in enumerate(rule_set.rules)}
    scope_order = {s: i for i, s in enumerate(Scope)}
    out = [
        Figure(
            rule=rule_id,
            month=Month(*month),
            scope=scope,
            group=group,
            due=sum(counts),
            met=counts[0],
            missed=counts[1],
            not_yet_due=counts[2],
            missed_cases=tuple(sorted(missed.get((rule_id, month, scope, group), ()))),
        )
        for (rule_id, month, scope, group), counts in tally.items()
    ]
    out.sort(key=lambda f: (order[f.rule], f.month, scope_order[f.scope], f.group))
    return out


def trend(
    rule_set: RuleSet,
    cases: Sequence[Case],
    events: Iterable[Event],
    *,
    last_month: Month,
    as_of: dt.date,
    count: int = 12,
    calendar: Calendar | None = None,
) -> dict[str, list[Figure]]:
    """The service's figures for each rule over `count` months ending with `last_month`."""
    figures = compliance_figures(
        rule_set,
        cases,
        events,
        months=months_ending(last_month, count),
        as_of=as_of,
        scopes=(Scope.SERVICE,),
        calendar=calendar,
    )
    out: dict[str, list[Figure]] = {r.id: [] for r in rule_set.rules}
    for f in figures:
        out[f.rule].append(f)
    return out
