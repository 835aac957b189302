import random
from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yjaudit.sampling import Unit, allocate, draw, replacement_for
from yjaudit.sampling.draw import shares


def caseload(n: int = 500, seed: int = 7) -> list[Unit]:
    """A synthetic caseload with a realistic mix (its own generator, not the global one)."""
    rng = random.Random(seed)
    units = []
    for i in range(n):
        units.append(
            Unit(
                id=f"C{i:04d}",
                stratum="court" if rng.random() < 0.6 else "out-of-court",
                attributes={
                    "sex": "male" if rng.random() < 0.85 else "female",
                    "ethnicity": rng.choices(
                        ["white", "black", "asian", "mixed", "other"], [70, 12, 8, 8, 2]
                    )[0],
                    "rosh": rng.choices(["low", "medium", "high", "very-high"], [50, 35, 12, 3])[0],
                },
            )
        )
    return units


def test_500_case_caseload_stratum_shares_within_one_case():
    units = caseload()
    total = Counter(u.stratum for u in units)
    for size in (14, 45, 68, 91, 100):
        sample = draw(units, size, seed=42)
        got = Counter(u.stratum for u in sample)
        assert len(sample) == size
        assert len({u.id for u in sample}) == size
        for stratum, n in total.items():
            exact = Fraction(n * size, len(units))
            assert abs(got[stratum] - exact) < 1, (size, stratum, got[stratum], exact)


def test_same_seed_same_sample_different_seed_different_sample():
    units = caseload()
    first = [u.id for u in draw(units, 68, seed=2024)]
    assert first == [u.id for u in draw(list(reversed(units)), 68, seed=2024)]
    assert first != [u.id for u in draw(units, 68, seed=2025)]


def test_draw_does_not_touch_the_global_generator():
    random.seed(1)
    expected = random.random()
    random.seed(1)
    draw(caseload(), 50, seed=3)
    assert random.random() == expected


def test_sex_ethnicity_and_rosh_balanced_within_strata():
    units = caseload()
    sample = draw(units, 91, seed=11)
    for stratum in ("court", "out-of-court"):
        pop = [u for u in units if u.stratum == stratum]
        got = [u for u in sample if u.stratum == stratum]
        # Sorting by sex first makes sex match the stratum's share within one case.
        exact = Fraction(sum(u.attributes["sex"] == "male" for u in pop) * len(got), len(pop))
        assert abs(sum(u.attributes["sex"] == "male" for u in got) - exact) < 1
        for attr in ("ethnicity", "rosh"):
            pop_share = shares(pop, attr)
            got_share = shares(got, attr)
            for value, n in pop_share.items():
                # A nested attribute can drift by a case per group above it.
                assert abs(got_share[value] - n * len(got) / len(pop)) <= 4, (attr, value)


def test_allocation_largest_remainder():
    assert allocate({"court": 300, "out-of-court": 200}, 68) == {"court": 41, "out-of-court": 27}
    assert allocate({"a": 1, "b": 1, "c": 1}, 2) == {"a": 1, "b": 1, "c": 0}
    with pytest.raises(ValueError, match="cannot sample"):
        allocate({"a": 3}, 4)


def test_replacement_comes_from_the_same_stratum_and_prefers_a_like_case():
    units = caseload()
    sample = draw(units, 45, seed=5)
    removed = sample[0]
    ids = {u.id for u in sample}
    new = replacement_for(units, removed, exclude=ids, seed=5)
    assert new is not None
    assert new.stratum == removed.stratum
    assert new.id not in ids
    assert new.attributes == removed.attributes  # a like case exists in 500
    assert replacement_for(units, removed, exclude=ids, seed=5) == new


def test_no_replacement_when_the_stratum_is_exhausted():
    units = [Unit("a", "court"), Unit("b", "court"), Unit("c", "out-of-court")]
    assert replacement_for(units, units[0], exclude={"a", "b"}, seed=1) is None


def test_duplicate_ids_refused():
    with pytest.raises(ValueError, match="twice"):
        draw([Unit("a", "court"), Unit("a", "court")], 1, seed=1)


unit_lists = st.lists(
    st.tuples(
        st.sampled_from(["court", "out-of-court", "unknown"]),
        st.sampled_from(["male", "female", ""]),
        st.sampled_from(["low", "medium", "high", "very-high", ""]),
    ),
    min_size=1,
    max_size=120,
)


@settings(max_examples=60, deadline=None)
@given(rows=unit_lists, fraction=st.floats(0, 1), seed=st.integers(0, 2**32))
def test_properties_of_any_draw(rows, fraction, seed):
    units = [Unit(f"U{i}", s, {"sex": sex, "rosh": rosh}) for i, (s, sex, rosh) in enumerate(rows)]
    size = round(fraction * len(units))
    sample = draw(units, size, seed)
    ids = [u.id for u in sample]
    assert len(ids) == size == len(set(ids))
    assert set(ids) <= {u.id for u in units}
    total = Counter(u.stratum for u in units)
    got = Counter(u.stratum for u in sample)
    for stratum, n in total.items():
        assert abs(got[stratum] - Fraction(n * size, len(units))) < 1
    assert [u.id for u in draw(list(reversed(units)), size, seed)] == ids
    # The first balancing attribute matches its share within each stratum to one case.
    for stratum, n in total.items():
        if not got[stratum]:
            continue
        pop_sex = Counter(u.attributes["sex"] for u in units if u.stratum == stratum)
        got_sex = Counter(u.attributes["sex"] for u in sample if u.stratum == stratum)
        for value, m in pop_sex.items():
            assert abs(got_sex[value] - Fraction(m * got[stratum], n)) < 1


@settings(max_examples=40, deadline=None)
@given(sizes=st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 400), min_size=1))
def test_allocation_sums_and_never_exceeds_a_stratum(sizes):
    total = sum(sizes.values())
    for size in {0, total // 3, total}:
        counts = allocate(sizes, size)
        assert sum(counts.values()) == size
        assert all(0 <= counts[s] <= sizes[s] for s in sizes)


def test_a_redraw_keeps_the_kept_units_and_draws_only_the_rest():
    units = caseload()
    first = draw(units, 68, seed=1)
    kept = first[:10]
    again = draw(units, 68, seed=2, keep=kept)
    assert again[:10] == kept and len(again) == 68
    assert len({u.id for u in again}) == 68
    total = Counter(u.stratum for u in units)
    got = Counter(u.stratum for u in again)
    for stratum, n in total.items():
        assert abs(got[stratum] - Fraction(n * 68, len(units))) < 1


def test_with_nothing_kept_a_redraw_is_the_plain_draw():
    units = caseload()
    assert draw(units, 45, seed=11, keep=()) == draw(units, 45, seed=11)


def test_kept_units_overfilling_a_stratum_cost_the_others_places():
    units = caseload(100)
    court = [u for u in units if u.stratum == "court"]
    sample = draw(units, 10, seed=4, keep=court[:9])
    assert len(sample) == 10 and sample[:9] == court[:9]
    more = draw(units, 10, seed=4, keep=court[:12])  # more kept than places
    assert more == court[:12]


def test_kept_units_outside_the_caseload_stay():
    units = caseload(100)
    outsider = Unit(id="GONE", stratum="court", attributes={"sex": "male"})
    sample = draw(units, 10, seed=4, keep=[outsider])
    assert sample[0] == outsider and len(sample) == 10
