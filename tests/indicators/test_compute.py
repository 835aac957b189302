"""Indicator figures against hand-computed values on small record sets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjaudit.indicators import (
    RecordTable,
    available,
    compute,
    find_indicator_set,
    quarter_containing,
    quarters_ending,
)
from yjaudit.indicators.schema import RECORD_SETS
from yjaudit.stats.intervals import byar, exact_poisson, wilson

KPI = find_indicator_set("yjb-kpi-2023")
NATIONAL = find_indicator_set("yjb-national-indicators")
Q1 = quarter_containing(dt.date(2025, 5, 10))  # 2025-26 Q1: April to June 2025


def interventions(rows: list[dict[str, Any]]) -> RecordTable:
    return RecordTable.from_rows(rows, RECORD_SETS["interventions"])


def child(end: str, **fields: Any) -> dict[str, Any]:
    return {
        "end_date": dt.date.fromisoformat(end),
        "start_date": dt.date(2024, 1, 1),
        "sex": "female",
        "ethnicity": "white",
        "age": 15,
        **fields,
    }


def test_quarters_follow_the_financial_year() -> None:
    assert (Q1.start, Q1.end, Q1.label) == (dt.date(2025, 4, 1), dt.date(2025, 6, 30), "2025-26 Q1")
    q4 = quarter_containing(dt.date(2026, 3, 31))
    assert q4.label == "2025-26 Q4" and q4.start == dt.date(2026, 1, 1)
    trend = quarters_ending(q4, 8)
    assert [q.label for q in trend][:2] == ["2024-25 Q1", "2024-25 Q2"]
    assert trend[-1] == q4 and len(trend) == 8


def test_kpi1_by_hand_with_unknowns_left_out() -> None:
    records = interventions(
        [
            child("2025-04-01", accommodation_suitable_end=True),
            child("2025-06-30", accommodation_suitable_end=True),  # last day counts
            child("2025-05-05", accommodation_suitable_end=False),
            child("2025-05-06", accommodation_suitable_end=None),  # not recorded: left out
            child("2025-07-01", accommodation_suitable_end=False),  # next quarter
            child("2025-05-07", accommodation_suitable_end=True, ethnicity="black"),
            child("2025-05-08", accommodation_suitable_end=True),
        ]
    )
    (fig,) = compute(KPI.get("kpi1-accommodation"), records, Q1)
    assert (fig.numerator, fig.denominator) == (4, 5)
    assert fig.value == pytest.approx(80.0)
    low, high = wilson(4, 5) or (0, 0)
    assert (fig.ci_low, fig.ci_high) == pytest.approx((low * 100, high * 100))
    assert fig.ci_low == pytest.approx(37.6, abs=0.1) and fig.ci_high == pytest.approx(
        96.4, abs=0.1
    )
    assert fig.differs_from(95.0) is False and fig.differs_from(30.0) is True


def test_breakdown_suppresses_small_cells() -> None:
    rows = [child("2025-05-01", accommodation_suitable_end=True) for _ in range(6)]
    rows += [child("2025-05-01", accommodation_suitable_end=False, ethnicity="black")]
    figs = compute(KPI.get("kpi1-accommodation"), interventions(rows), Q1, by=["ethnicity"])
    by_group = {f.group: f for f in figs}
    black = by_group[("black",)]
    assert black.suppressed and black.value is None and black.ci_low is None
    assert (black.numerator, black.denominator) == (0, 1) and not black.secondary
    # The whole-service figure (7 children) minus white's 6 would give black's 1 away:
    # white is hidden too (secondary suppression).
    white = by_group[("white",)]
    assert white.suppressed and white.secondary and white.value is None


def test_breakdown_hides_the_next_smallest_cell_only() -> None:
    rows = [child("2025-05-01", accommodation_suitable_end=True) for _ in range(9)]
    rows += [child("2025-05-01", accommodation_suitable_end=True, ethnicity="asian")] * 6
    rows += [child("2025-05-01", accommodation_suitable_end=False, ethnicity="black")] * 2
    figs = compute(KPI.get("kpi1-accommodation"), interventions(rows), Q1, by=["ethnicity"])
    by_group = {f.group[0]: f for f in figs}
    assert by_group["black"].suppressed and not by_group["black"].secondary
    assert by_group["asian"].secondary and by_group["asian"].value is None
    assert not by_group["white"].suppressed and by_group["white"].value == pytest.approx(100.0)
    # The whole service is never hidden by a breakdown's rule.
    (total,) = compute(KPI.get("kpi1-accommodation"), interventions(rows), Q1)
    assert (total.numerator, total.denominator, total.suppressed) == (15, 17, False)


def test_empty_period_and_zero_denominator() -> None:
    (fig,) = compute(KPI.get("kpi3-send"), interventions([]), Q1)
    assert (fig.numerator, fig.denominator, fig.value) == (0, 0, None)
    assert fig.note == "no records in the period"


def test_funnel_second_step_counts_only_those_offered() -> None:
    rows = [
        child("2025-05-01", mh_need=True, mh_offered=True, mh_attending=True),
        child("2025-05-01", mh_need=True, mh_offered=True, mh_attending=False),
        child("2025-05-01", mh_need=True, mh_offered=False, mh_attending=False),
    ] * 2
    offered = compute(KPI.get("kpi4-mental-health-offered"), interventions(rows), Q1)[0]
    attending = compute(KPI.get("kpi4-mental-health-attending"), interventions(rows), Q1)[0]
    assert (offered.numerator, offered.denominator) == (4, 6)
    assert (attending.numerator, attending.denominator) == (2, 4)
    assert attending.suppressed  # 4 children offered: below the minimum of 5


def test_kpi10_sums_victims() -> None:
    rows = [
        child("2025-05-01", victims_consenting=3, victims_engaged_rj=2),
        child("2025-05-02", victims_consenting=4, victims_engaged_rj=1),
        child("2025-05-03", victims_consenting=None, victims_engaged_rj=None),
    ]
    (fig,) = compute(KPI.get("kpi10-victims-restorative-justice"), interventions(rows), Q1)
    assert (fig.numerator, fig.denominator) == (3, 7)
    assert fig.value == pytest.approx(300 / 7)


def test_first_time_entrants_rate_over_population() -> None:
    fte = NATIONAL.get("first-time-entrants")
    rows = [
        {"start_date": dt.date(2024, 9, 1), "first_time_entrant": True, "age": 14, "sex": "male"},
        {"start_date": dt.date(2025, 6, 1), "first_time_entrant": True, "age": 16, "sex": "male"},
        {"start_date": dt.date(2025, 6, 2), "first_time_entrant": True, "age": 18, "sex": "male"},
        {"start_date": dt.date(2024, 6, 30), "first_time_entrant": True, "age": 12, "sex": "male"},
        {"start_date": dt.date(2025, 5, 1), "first_time_entrant": False, "age": 12, "sex": "male"},
    ]
    population = RecordTable.from_rows(
        [
            {"age": 10, "sex": "male", "count": 6000, "year": 2025},
            {"age": 17, "sex": "female", "count": 4000, "year": 2025},
            {"age": 18, "sex": "male", "count": 9999, "year": 2025},  # outside 10-17
            {"age": 12, "sex": "male", "count": 7777, "year": 2024},  # an earlier year
            {"age": 12, "sex": "male", "count": 8888, "year": 2026},  # a later year
        ],
        RECORD_SETS["population"],
    )
    # Rolling 12 months to June 2025: July 2024 to June 2025 holds 2 entrants aged 10-17:
    # too few children to show (the rule counts the numerator for rates).
    (fig,) = compute(fte, interventions(rows), Q1, population=population)
    assert (fig.numerator, fig.denominator, fig.suppressed) == (2, 10_000, True)
    assert fig.value is None and fig.ci_low is None
    # Four more entrants in the window: 6 of 10,000, 60 per 100,000, exact Poisson (< 10).
    more = [{**rows[0], "age": 13 + i % 4} for i in range(4)]
    (fig,) = compute(fte, interventions(rows + more), Q1, population=population)
    assert (fig.numerator, fig.denominator, fig.suppressed) == (6, 10_000, False)
    assert fig.value == pytest.approx(60.0)  # per 100,000
    low, high = exact_poisson(6)
    assert fig.ci_low == pytest.approx(low * 10) and fig.ci_high == pytest.approx(high * 10)


def test_reoffending_cohort_waits_for_its_outcome_and_suppresses_under_30() -> None:
    binary = NATIONAL.get("reoffending-binary")
    frequency = NATIONAL.get("reoffending-frequency")
    cohort = RecordTable.from_rows(
        [
            {
                "cohort_start": dt.date(2025, 4, 1),
                "reoffended": i < 12,
                "reoffences": 3 if i < 12 else 0,
            }
            for i in range(40)
        ],
        RECORD_SETS["reoffending_cohort"],
    )
    (fig,) = compute(binary, cohort, Q1)
    assert (fig.numerator, fig.denominator, fig.value) == (12, 40, pytest.approx(30.0))
    (freq,) = compute(frequency, cohort, Q1)
    # 36 reoffences by 12 reoffenders: 3 each, and the 12 are below the minimum of 30.
    assert (freq.numerator, freq.denominator, freq.suppressed) == (36, 12, True)
    assert available(binary, Q1, dt.date(2026, 12, 31)) is False
    assert available(binary, Q1, dt.date(2027, 1, 1)) is True
    small = RecordTable.from_rows(
        [{"cohort_start": dt.date(2025, 4, 1), "reoffended": True}] * 29,
        RECORD_SETS["reoffending_cohort"],
    )
    assert compute(binary, small, Q1)[0].suppressed


flags = st.one_of(st.none(), st.booleans())
records = st.lists(
    st.fixed_dictionaries(
        {
            "end_date": st.dates(dt.date(2025, 3, 1), dt.date(2025, 8, 1)),
            "sex": st.sampled_from(["female", "male", "unknown"]),
            "ethnicity": st.sampled_from(["white", "black", "asian", "mixed", "other"]),
            "age": st.integers(10, 18),
            "ete_suitable_end": flags,
        }
    ),
    max_size=120,
)


@given(records)
def test_groups_add_up_to_the_whole_and_match_a_plain_count(rows: list[dict[str, Any]]) -> None:
    indicator = KPI.get("kpi2-ete")
    table = interventions(rows)
    (whole,) = compute(indicator, table, Q1)
    in_q1 = [r for r in rows if Q1.start <= r["end_date"] <= Q1.end]
    known = [r for r in in_q1 if r["ete_suitable_end"] is not None]
    assert whole.denominator == len(known)
    assert whole.numerator == sum(1 for r in known if r["ete_suitable_end"])
    groups = compute(indicator, table, Q1, by=["sex", "ethnicity"])
    assert sum(f.denominator for f in groups) == whole.denominator
    assert sum(f.numerator for f in groups) == whole.numerator
    for f in groups:
        plain = [r for r in known if (r["sex"], r["ethnicity"]) == f.group]
        assert f.denominator == len(plain)
        if f.value is not None:
            assert f.ci_low is not None and f.ci_high is not None
            assert f.ci_low <= f.value <= f.ci_high


# Each remaining indicator on a small hand-made file: (indicator, rows, numerator,
# denominator), counted by hand from the rows (all in 2025-26 Q1 unless said).
def _many(n: int, **fields: Any) -> list[dict[str, Any]]:
    return [child("2025-05-01", **fields) for _ in range(n)]


HAND_COUNTED = [
    # KPI 2: 5 of 7 known in suitable ETE; 2 unknown left out.
    (
        "kpi2-ete",
        _many(5, ete_suitable_end=True) + _many(2, ete_suitable_end=False) + _many(2),
        5,
        7,
    ),
    # KPI 5, step 1: 6 with a need, 4 of them offered; 3 without a need left out.
    (
        "kpi5-substance-misuse-offered",
        _many(4, sm_need=True, sm_offered=True)
        + _many(2, sm_need=True, sm_offered=False)
        + _many(3, sm_need=False),
        4,
        6,
    ),
    # KPI 5, step 2: of the 5 offered, 3 attending.
    (
        "kpi5-substance-misuse-attending",
        _many(3, sm_need=True, sm_offered=True, sm_attending=True)
        + _many(2, sm_need=True, sm_offered=True, sm_attending=False)
        + _many(2, sm_need=True, sm_offered=False),
        3,
        5,
    ),
    # KPI 6: out-of-court only, completion recorded: 5 of 6; court cases left out.
    (
        "kpi6-out-of-court-completion",
        _many(5, intervention_type="out-of-court", ooc_completed=True)
        + _many(1, intervention_type="out-of-court", ooc_completed=False)
        + _many(4, intervention_type="court", ooc_completed=True)
        + _many(2, intervention_type="out-of-court"),
        5,
        6,
    ),
    # KPI 8: 2 of 8 recorded as open to early help; 1 not recorded left out.
    ("kpi8-early-help", _many(2, early_help=True) + _many(6, early_help=False) + _many(1), 2, 8),
    ("kpi8-child-in-need", _many(1, child_in_need=True) + _many(5, child_in_need=False), 1, 6),
    ("kpi8-child-protection", _many(6, child_protection=False), 0, 6),
    ("kpi8-looked-after", _many(3, looked_after=True) + _many(3, looked_after=False), 3, 6),
]


@pytest.mark.parametrize(
    ("indicator_id", "rows", "numerator", "denominator"),
    HAND_COUNTED,
    ids=[c[0] for c in HAND_COUNTED],
)
def test_each_kpi_by_hand(
    indicator_id: str, rows: list[dict[str, Any]], numerator: int, denominator: int
) -> None:
    (fig,) = compute(KPI.get(indicator_id), interventions(rows), Q1)
    assert (fig.numerator, fig.denominator) == (numerator, denominator)
    assert fig.value == pytest.approx(100 * numerator / denominator)
    low, high = wilson(numerator, denominator) or (0, 0)
    assert (fig.ci_low, fig.ci_high) == pytest.approx((low * 100, high * 100))


def test_kpi7_board_attendance_by_partner() -> None:
    # Two meetings in the quarter, police at both, health at one: 3 of 4 places attended.
    rows = [
        {"meeting_date": dt.date(2025, 4, 10), "partner": "police", "attended": True},
        {"meeting_date": dt.date(2025, 4, 10), "partner": "health", "attended": False},
        {"meeting_date": dt.date(2025, 6, 12), "partner": "police", "attended": True},
        {"meeting_date": dt.date(2025, 6, 12), "partner": "health", "attended": True},
        {"meeting_date": dt.date(2025, 7, 1), "partner": "health", "attended": False},  # Q2
    ]
    table = RecordTable.from_rows(rows, RECORD_SETS["board_attendance"])
    (whole,) = compute(KPI.get("kpi7-board-attendance"), table, Q1)
    assert (whole.numerator, whole.denominator, whole.value) == (3, 4, pytest.approx(75.0))
    by = {
        f.group: (f.numerator, f.denominator)
        for f in compute(KPI.get("kpi7-board-attendance"), table, Q1, by=["partner"])
    }
    assert by == {("health",): (1, 2), ("police",): (2, 2)}


@pytest.mark.parametrize(
    ("indicator_id", "field", "per"),
    [("kpi9-serious-violence", "serious_violence", 10_000)],
)
def test_kpi9_rate_by_hand(indicator_id: str, field: str, per: int) -> None:
    # 12 children with a proven serious violence offence in the 12 months to June 2025,
    # over 20,000 children aged 10-17: 6 per 10,000 (Byar's method from 10 on).
    rows = [{"start_date": dt.date(2024, 8, 1), field: True, "age": 15, "sex": "male"}] * 12 + [
        {"start_date": dt.date(2024, 6, 30), field: True, "age": 15, "sex": "male"}
    ]
    population = RecordTable.from_rows(
        [{"age": 14, "sex": "male", "count": 20_000, "year": 2025}], RECORD_SETS["population"]
    )
    (fig,) = compute(KPI.get(indicator_id), interventions(rows), Q1, population=population)
    assert (fig.numerator, fig.denominator) == (12, 20_000)
    assert fig.value == pytest.approx(6.0)
    low, high = byar(12)
    assert (fig.ci_low, fig.ci_high) == pytest.approx((low / 2, high / 2))


def test_custody_rate_by_hand() -> None:
    # 7 custodial sentences (one outside the 12 months) over 14,000 children: 0.5 per 1,000.
    rows = [{"start_date": dt.date(2025, 1, 5), "custodial_sentence": True, "age": 16}] * 7
    rows.append({"start_date": dt.date(2024, 5, 5), "custodial_sentence": True, "age": 16})
    population = RecordTable.from_rows(
        [{"age": 16, "sex": "male", "count": 14_000, "year": 2025}], RECORD_SETS["population"]
    )
    custody = NATIONAL.get("custody-rate")
    (fig,) = compute(custody, interventions(rows), Q1, population=population)
    assert (fig.numerator, fig.denominator, fig.value) == (7, 14_000, pytest.approx(0.5))
    low, high = exact_poisson(7)
    assert (fig.ci_low, fig.ci_high) == pytest.approx((low / 14, high / 14))


AREA = find_indicator_set("area-context").get("offences-per-1000")


def test_offences_per_1000_counts_disposals_offences_over_the_10_to_17_population() -> None:
    # Coventry's published figure: 44 offences per 1,000 children aged 10-17 (Core Case
    # Inspection, contextual information). Here 88 offences over 2,000 children.
    def disposal(start: str, kind: str, offences: int | None, age: int = 15) -> dict[str, Any]:
        return {
            "start_date": dt.date.fromisoformat(start),
            "intervention_type": kind,
            "offences": offences,
            "age": age,
            "sex": "male",
        }

    rows = [disposal("2025-05-01", "court", 3) for _ in range(20)]  # 60
    rows += [disposal("2024-08-01", "out-of-court", 2) for _ in range(14)]  # 28: in 12 months
    rows += [disposal("2025-05-01", "prevention", 5)]  # no disposal: not counted
    rows += [disposal("2025-05-01", "court", 4, age=18)]  # outside 10-17
    rows += [disposal("2024-06-30", "court", 9)]  # before the 12 months
    rows += [disposal("2025-05-01", "court", None)]  # no count: adds none
    population = RecordTable.from_rows(
        [
            {"age": 12, "sex": "male", "count": 1200, "year": 2025},
            {"age": 16, "sex": "female", "count": 800, "year": 2025},
            {"age": 18, "sex": "male", "count": 500, "year": 2025},  # outside 10-17
        ],
        RECORD_SETS["population"],
    )
    (fig,) = compute(AREA, interventions(rows), Q1, population=population)
    assert (fig.numerator, fig.denominator) == (88, 2000)
    assert fig.value == pytest.approx(44.0)
    low, high = byar(88)
    assert (fig.ci_low, fig.ci_high) == pytest.approx((low / 2, high / 2))
    assert fig.ci_low == pytest.approx(35.3, abs=0.1) and fig.ci_high == pytest.approx(
        54.2, abs=0.1
    )
    # England and Wales' 38 lies inside the interval: no evidence of a difference.
    assert fig.differs_from(38.0) is False
    # By sex: girls have population but no offences (0 is shown); boys 88.
    by_sex = {
        f.group: f
        for f in compute(AREA, interventions(rows), Q1, by=["sex"], population=population)
    }
    assert by_sex[("female",)].numerator == 0 and not by_sex[("female",)].suppressed
    # Three offences are below the minimum of 5: not shown.
    (few,) = compute(
        AREA, interventions([disposal("2025-05-01", "court", 3)]), Q1, population=population
    )
    assert few.suppressed and few.value is None
