"""Risk forum coverage: open cases at or above the threshold under no forum."""

from __future__ import annotations

import datetime as dt

import pytest

from yjaudit.compliance import (
    Case,
    Membership,
    Month,
    RiskLevel,
    coverage_by_month,
    load_forum_policy,
    uncovered_cases,
)

D = dt.date
POLICY = load_forum_policy()
M, H, L, VH = RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.LOW, RiskLevel.VERY_HIGH


def c(ref: str, rosh: RiskLevel | None, sw: RiskLevel | None, **kw: object) -> Case:
    base: dict[str, object] = {"start": D(2026, 1, 1), "case_manager": "amy", "team": "north"}
    base.update(kw)
    return Case(ref, rosh=rosh, safety_wellbeing=sw, **base)  # type: ignore[arg-type]


CASES = [
    c("LOW", L, L),
    c("MED-SW", L, M),  # safety and wellbeing alone brings it in
    c("HIGH-HELD", H, None),
    c("VH-LAPSED", VH, L),
    c("CLOSED", H, H, end=D(2026, 2, 10)),
    c("NO-RATING", None, None),
    c("LATE", M, M, start=D(2026, 2, 20)),
]
MEMBERSHIPS = [
    Membership("HIGH-HELD", "MAPPA", D(2026, 1, 5)),
    Membership("VH-LAPSED", "IPC", D(2026, 1, 1), D(2026, 2, 14)),
    Membership("LOW", "RSM", D(2026, 1, 1)),
]


def test_uncovered_on_a_date_with_days_uncovered() -> None:
    got = uncovered_cases(POLICY, CASES, MEMBERSHIPS, D(2026, 2, 28))
    assert [(u.reference, u.since, u.days_uncovered, u.risk) for u in got] == [
        ("MED-SW", D(2026, 1, 1), 59, M),  # never held: since its start
        ("VH-LAPSED", D(2026, 2, 15), 14, VH),  # since the day after the IPC ended
        ("LATE", D(2026, 2, 20), 9, M),
    ]


def test_membership_on_its_last_day_still_covers() -> None:
    got = uncovered_cases(POLICY, CASES, MEMBERSHIPS, D(2026, 2, 14))
    assert "VH-LAPSED" not in {u.reference for u in got}
    assert "CLOSED" not in {u.reference for u in got}  # closed on the 10th
    got = uncovered_cases(POLICY, CASES, MEMBERSHIPS, D(2026, 2, 15))
    assert [u.days_uncovered for u in got if u.reference == "VH-LAPSED"] == [1]


def test_threshold_is_data_and_can_be_raised() -> None:
    got = uncovered_cases(POLICY, CASES, MEMBERSHIPS, D(2026, 2, 28), threshold=H)
    assert [u.reference for u in got] == ["VH-LAPSED"]


def test_coverage_per_month() -> None:
    got = coverage_by_month(
        POLICY,
        CASES,
        MEMBERSHIPS,
        [Month(2026, 1), Month(2026, 2), Month(2026, 3)],
        as_of=D(2026, 2, 20),
    )
    assert [(x.month.label, x.on, x.at_or_above, x.covered, x.uncovered) for x in got] == [
        ("2026-01", D(2026, 1, 31), 4, 2, ("CLOSED", "MED-SW")),
        ("2026-02", D(2026, 2, 20), 4, 1, ("LATE", "MED-SW", "VH-LAPSED")),
    ]
    assert got[0].rate == pytest.approx(0.5)


def test_unknown_forums_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown forum 'PANEL'"):
        uncovered_cases(POLICY, CASES, [Membership("LOW", "PANEL", D(2026, 1, 1))], D(2026, 2, 1))
