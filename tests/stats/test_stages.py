"""Disproportionality through stages: each stage's base is the stage before."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjaudit.stats import Reason, Why
from yjaudit.stats.stages import (
    NO_DIFFERENCE,
    OVER,
    REFERENCE,
    UNDER,
    CountAboveBase,
    StageCount,
    StagesError,
    staged_rri,
)


def _counts(rows: list[tuple[str, str, int]]) -> list[StageCount]:
    return [StageCount(*r) for r in rows]


def test_stages_by_hand() -> None:
    # Population 40,000 White, 2,000 Black; cautioned or sentenced 800 and 120: rates 2%
    # and 6%, RRI 3; half-width 1.96 sqrt(1/120 - 1/2000 + 1/800 - 1/40000) = 0.18654,
    # so 3 exp(-/+0.18654) = 2.4895, 3.6152 (hand-computed).
    # Custody: 20 of 800 and 9 of 120: 2.5% and 7.5%, RRI 3 again, from the arrests.
    rows = [
        ("population", "White", 40_000),
        ("population", "Black", 2_000),
        ("contact", "White", 800),
        ("contact", "Black", 120),
        ("custody", "White", 20),
        ("custody", "Black", 9),
    ]
    contact, custody = staged_rri(_counts(rows), "White")
    assert (contact.stage, contact.base_stage) == ("contact", "population")
    white, black = contact.groups
    assert (white.rri, white.flag, white.ci_low) == (1.0, REFERENCE, None)
    assert (black.count, black.base, black.rate) == (120, 2000, 0.06)
    assert black.rri == pytest.approx(3.0)
    half = 1.96 * math.sqrt(1 / 120 - 1 / 2000 + 1 / 800 - 1 / 40000)
    assert black.ci_low == pytest.approx(3 * math.exp(-half))
    assert black.ci_high == pytest.approx(3 * math.exp(half))
    assert (round(black.ci_low, 4), round(black.ci_high, 4)) == (2.4895, 3.6152)
    assert black.flag == OVER
    assert custody.base_stage == "contact"
    assert custody.groups[1].base == 120 and custody.groups[1].rri == pytest.approx(3.0)


def test_under_and_no_difference() -> None:
    rows = [
        ("population", "White", 10_000),
        ("population", "Asian", 10_000),
        ("population", "Mixed", 1_000),
        ("ooc", "White", 500),
        ("ooc", "Asian", 200),
        ("ooc", "Mixed", 52),
    ]
    (ooc,) = staged_rri(_counts(rows), "White")
    flags = {g.group: g.flag for g in ooc.groups}
    assert flags == {"White": REFERENCE, "Asian": UNDER, "Mixed": NO_DIFFERENCE}


def test_zero_counts_give_no_rri_and_say_why() -> None:
    rows = [
        ("population", "White", 1000),
        ("population", "Other", 50),
        ("court", "White", 10),
        ("court", "Other", 0),
        ("custody", "White", 0),
        ("custody", "Other", 0),
    ]
    court, custody = staged_rri(_counts(rows), "White")
    white, other = court.groups
    assert other.rri is None and other.flag is None
    assert other.reason == Reason(Why.ZERO_COUNT, "Other", reference=False)
    assert white.reason is None and white.flag == REFERENCE
    # Custody: the reference has none (so it has no RRI, nor does anyone else), and Other
    # had no children at the stage before (its own reason comes first).
    white, other = custody.groups
    assert white.rri is None and white.flag is None
    assert white.reason == Reason(Why.ZERO_COUNT, "White", reference=True)
    assert other.reason == Reason(Why.NO_BASE, "Other", reference=False)


def test_a_group_with_children_but_a_reference_without_says_it_is_the_reference() -> None:
    rows = [
        ("population", "White", 1000),
        ("population", "Black", 100),
        ("court", "White", 0),
        ("court", "Black", 4),
        ("custody", "White", 0),
        ("custody", "Black", 1),
    ]
    court, custody = staged_rri(_counts(rows), "White")
    black = court.groups[1]
    assert (black.count, black.base, black.rri) == (4, 100, None)
    assert black.reason == Reason(Why.ZERO_COUNT, "White", reference=True)
    # At custody the reference had no children at the stage before.
    assert custody.groups[1].reason == Reason(Why.NO_BASE, "White", reference=True)


def test_a_count_above_the_stage_before_gives_its_values() -> None:
    """For a page to say so in its reader's words; the message stays the CLI's."""
    rows = [("population", "W", 100), ("population", "B", 3), ("started", "W", 5)]
    rows.append(("started", "B", 6))
    with pytest.raises(CountAboveBase) as caught:
        staged_rri(_counts(rows), "W")
    found = caught.value
    assert (found.group, found.stage, found.count) == ("B", "started", 6)
    assert (found.base_stage, found.base, found.index, found.field) == ("population", 3, 3, "count")
    assert isinstance(found, StagesError) and "6 is more than the 3" in found.message


def test_reasons_are_codes_not_words() -> None:
    """The pure package says why in codes; the pages and the CLI word them (in Welsh too)."""
    assert {w.value for w in Why} == {
        "reference-no-events",
        "group-no-events",
        "no-base",
        "zero-count",
    }
    rows = [("p", "A", 10), ("p", "B", 0), ("q", "A", 0), ("q", "B", 0)]
    for stage in staged_rri(_counts(rows), "A"):
        for g in stage.groups:
            assert g.reason is not None and isinstance(g.reason, Reason)
            assert not isinstance(g.reason, str) and " " not in g.reason.why


@pytest.mark.parametrize(
    ("rows", "reference", "message", "index", "field"),
    [
        ([("p", "W", 10), ("q", "W", 11)], "W", "more than the 10", 1, "count"),
        ([("p", "W", 10), ("p", "W", 10)], "W", "given twice", 1, "group"),
        ([("p", "W", 10), ("p", "B", 10), ("q", "W", 1)], "W", "B has no count at q", 2, "group"),
        ([("p", "W", 10), ("q", "W", 1)], "X", "reference group 'X'", None, "group"),
        ([("p", "W", 10)], "W", "at least two stages", None, "stage"),
        ([("p", "W", -1), ("q", "W", 1)], "W", "whole number", 0, "count"),
        ([("", "W", 1)], "W", "stage is empty", 0, "stage"),
    ],
)
def test_bad_counts_name_the_row_and_field(
    rows: list, reference: str, message: str, index: int | None, field: str
) -> None:
    with pytest.raises(StagesError, match=message) as caught:
        staged_rri(_counts(rows), reference)
    assert (caught.value.index, caught.value.field) == (index, field)


populations = st.integers(1, 50_000)


shares = st.floats(0.01, 1)


@given(st.lists(st.tuples(populations, shares, shares), min_size=2, max_size=5))
def test_reference_is_one_and_each_rri_is_its_rate_ratio(groups: list) -> None:
    rows = []
    for i, (pop, share1, share2) in enumerate(groups):
        first = max(1, int(pop * share1))
        second = max(1, int(first * share2))
        rows += [("a", f"g{i}", pop), ("b", f"g{i}", first), ("c", f"g{i}", second)]
    rows.sort(key=lambda r: r[0])
    for stage in staged_rri(_counts(rows), "g0"):
        ref = stage.groups[0]
        assert ref.rri == 1.0 and ref.flag == REFERENCE
        for g in stage.groups[1:]:
            assert g.rri == pytest.approx((g.count / g.base) / (ref.count / ref.base))
            assert g.ci_low is not None and g.ci_high is not None
            assert g.ci_low <= g.rri * (1 + 1e-9) and g.rri <= g.ci_high * (1 + 1e-9)
