"""Compliance figures on hand-made timelines: each rule kind met on the last day,
missed by one, not yet due, closed early, and an event before the start."""

from __future__ import annotations

import datetime as dt

import pytest

from yjaudit.compliance import (
    Case,
    Event,
    Month,
    RecordsError,
    Scope,
    Status,
    compliance_figures,
    occasions,
    parse_rule_set_text,
    trend,
)

D = dt.date
RULES = parse_rule_set_text(
    """id: t
name: Test rules
events: [assessment, contact, home_visit]
rules:
  - id: assess
    title: Assessment within 15 working days
    inferred: true
    event: assessment
    applies_to: {disposals: [yro]}
    first: {working_days: 15}
  - id: contact
    title: Two contacts a week
    inferred: true
    event: contact
    applies_to: {intervention_levels: [intensive]}
    every: {weeks: 1, at_least: 2}
  - id: visit
    title: Home visit within 5 days, then every month
    inferred: true
    event: home_visit
    first: {days: 5}
    every: {months: 1}
""",
    "t.yaml",
)
# Monday 5 January 2026: 15 working days later is Monday 26 January.
START = D(2026, 1, 5)
DEADLINE = D(2026, 1, 26)


def case(ref: str, **kw: object) -> Case:
    base: dict[str, object] = {
        "reference": ref,
        "start": START,
        "disposal": "yro",
        "case_manager": "cm1",
        "team": "north",
    }
    base.update(kw)
    return Case(**base)  # type: ignore[arg-type]


def status(rule: str, cases: list[Case], events: list[Event], as_of: dt.date) -> dict:
    return {
        (o.reference, o.opens, o.due): o.status
        for o in occasions(RULES, cases, events, as_of=as_of, horizon=D(2026, 3, 31))
        if o.rule == rule
    }


@pytest.mark.parametrize(
    ("event_day", "as_of", "expected"),
    [
        (DEADLINE, D(2026, 2, 1), Status.MET),  # met on the last day
        (DEADLINE + dt.timedelta(days=1), D(2026, 2, 1), Status.MISSED),  # missed by one
        (None, D(2026, 1, 27), Status.MISSED),  # the day after the deadline
        (None, DEADLINE, Status.NOT_YET_DUE),  # can still be done today
        (None, D(2026, 1, 20), Status.NOT_YET_DUE),
        (D(2026, 1, 2), D(2026, 2, 1), Status.MISSED),  # an event before the start
        (START, D(2026, 2, 1), Status.MET),  # on the start day
        (D(2026, 1, 20), D(2026, 1, 19), Status.NOT_YET_DUE),  # recorded after as_of
    ],
)
def test_deadline(event_day: dt.date | None, as_of: dt.date, expected: Status) -> None:
    events = [Event("A", "assessment", event_day)] if event_day else []
    assert status("assess", [case("A")], events, as_of) == {("A", START, DEADLINE): expected}


def test_deadline_rule_only_for_its_disposals_and_not_for_a_case_closed_early() -> None:
    cases = [
        case("RO", disposal="referral-order"),
        case("EARLY", end=DEADLINE - dt.timedelta(days=1)),
        case("LASTDAY", end=DEADLINE),
    ]
    events = [Event("EARLY", "assessment", START)]
    # EARLY closed before its deadline: no longer due, even though the work was done.
    assert status("assess", cases, events, D(2026, 3, 1)) == {
        ("LASTDAY", START, DEADLINE): Status.MISSED
    }


def test_weekly_contacts_each_week_is_an_occasion() -> None:
    c = case("W", intervention_level="intensive", end=D(2026, 1, 27))
    week = dt.timedelta(weeks=1)
    events = [
        # week 1 (5-11 Jan): two contacts, the second on its last day -> met
        Event("W", "contact", D(2026, 1, 5)),
        Event("W", "contact", D(2026, 1, 11)),
        # week 2 (12-18 Jan): one contact, the second a day late -> missed by one
        Event("W", "contact", D(2026, 1, 12)),
        Event("W", "contact", D(2026, 1, 19)),
        # week 3 (19-25 Jan): the contact of the 19th and one more
        Event("W", "contact", D(2026, 1, 25)),
        Event("W", "contact", D(2025, 12, 30)),  # before the start: never counts
    ]
    got = status("contact", [c], events, D(2026, 2, 10))
    # Week 4 (26 Jan - 1 Feb) ends after the case closed on the 27th: not owed.
    assert got == {
        ("W", START, START + week - dt.timedelta(days=1)): Status.MET,
        ("W", START + week, START + 2 * week - dt.timedelta(days=1)): Status.MISSED,
        ("W", START + 2 * week, START + 3 * week - dt.timedelta(days=1)): Status.MET,
    }


def test_first_visit_then_monthly_windows_from_the_day_after_the_deadline() -> None:
    c = case("V", start=D(2026, 1, 31))
    events = [Event("V", "home_visit", D(2026, 2, 5)), Event("V", "home_visit", D(2026, 3, 6))]
    got = status("visit", [c], events, D(2026, 3, 31))
    assert got == {
        ("V", D(2026, 1, 31), D(2026, 2, 5)): Status.MET,  # on the deadline
        ("V", D(2026, 2, 6), D(2026, 3, 5)): Status.MISSED,  # the visit came a day late
        # 6 March to 5 April: not ended by the horizon (31 March), so not listed
    }


def test_figures_per_scope_with_missed_references_and_zero_months() -> None:
    cases = [
        case("A1", team="north", case_manager="amy"),
        case("A2", team="north", case_manager="ben"),
        case("A3", team="south", case_manager="cat"),
        case("A4", team="south", case_manager="cat", start=D(2026, 1, 26)),
    ]
    events = [Event("A1", "assessment", D(2026, 1, 20))]
    figures = compliance_figures(
        RULES,
        cases,
        events,
        months=[Month(2026, 1), Month(2026, 2)],
        as_of=D(2026, 2, 3),
    )
    assess = {(f.month.label, f.scope, f.group): f for f in figures if f.rule == "assess"}
    jan = assess["2026-01", Scope.SERVICE, ""]
    assert (jan.due, jan.met, jan.missed, jan.not_yet_due) == (3, 1, 2, 0)
    assert jan.missed_cases == ("A2", "A3")
    assert jan.rate == pytest.approx(1 / 3)
    low, high = jan.interval  # type: ignore[misc]
    assert low < 1 / 3 < high
    north = assess["2026-01", Scope.TEAM, "north"]
    assert (north.due, north.met, north.missed_cases) == (2, 1, ("A2",))
    assert assess["2026-01", Scope.CASE_MANAGER, "cat"].missed_cases == ("A3",)
    # A4 started 26 January: due 16 February, not yet due on 3 February.
    feb = assess["2026-02", Scope.SERVICE, ""]
    assert (feb.due, feb.not_yet_due, feb.missed) == (1, 1, 0)
    # The contact rule has no intensive case: the service still has a zero row.
    contact = [f for f in figures if f.rule == "contact"]
    assert [(f.month.label, f.scope, f.due) for f in contact] == [
        ("2026-01", Scope.SERVICE, 0),
        ("2026-02", Scope.SERVICE, 0),
    ]
    assert contact[0].rate is None


def test_trend_has_twelve_months_per_rule() -> None:
    cases = [case(f"T{i}", start=D(2025, 3, 2) + dt.timedelta(days=30 * i)) for i in range(12)]
    events = [Event(c.reference, "assessment", c.start) for c in cases[::2]]
    got = trend(RULES, cases, events, last_month=Month(2026, 2), as_of=D(2026, 3, 1))
    series = got["assess"]
    assert [f.month for f in series] == [Month(2025, 3).shifted(i) for i in range(12)]
    assert sum(f.met for f in series) == 6
    assert sum(f.missed for f in series) == 6


def test_bad_records_are_refused() -> None:
    with pytest.raises(RecordsError, match="given twice"):
        list(occasions(RULES, [case("X"), case("X")], [], as_of=START, horizon=START))
    with pytest.raises(RecordsError, match="ends before"):
        list(occasions(RULES, [case("X", end=D(2025, 1, 1))], [], as_of=START, horizon=START))


def test_bundled_rules_by_risk_and_monthly_frequency() -> None:
    from yjaudit.compliance import RiskLevel, find_rule_set

    rules = find_rule_set("national-standards-local-2019")
    cases = [
        Case("HIGH-SW", D(2026, 1, 1), safety_wellbeing=RiskLevel.HIGH, rosh=RiskLevel.LOW),
        Case("MEDIUM", D(2026, 1, 1), safety_wellbeing=RiskLevel.MEDIUM),
        Case("STD", D(2026, 1, 31), intervention_level="standard"),
    ]
    events = [
        Event("HIGH-SW", "home_visit", D(2026, 1, 31)),  # last day of its first month
        Event("STD", "contact", D(2026, 2, 1)),
        Event("STD", "contact", D(2026, 2, 27)),  # second contact by 27 February: met
        Event("STD", "contact", D(2026, 3, 30)),  # one contact only from 28 Feb: missed
    ]
    got = {
        (o.rule, o.reference, o.due): o.status
        for o in occasions(rules, cases, events, as_of=D(2026, 4, 1), horizon=D(2026, 3, 31))
        if o.rule in {"home-visit-high-risk", "contact-standard"}
    }
    assert got == {
        ("home-visit-high-risk", "HIGH-SW", D(2026, 1, 31)): Status.MET,
        ("home-visit-high-risk", "HIGH-SW", D(2026, 2, 28)): Status.MISSED,
        ("home-visit-high-risk", "HIGH-SW", D(2026, 3, 31)): Status.MISSED,
        ("contact-standard", "STD", D(2026, 2, 27)): Status.MET,
        ("contact-standard", "STD", D(2026, 3, 30)): Status.MISSED,
    }
