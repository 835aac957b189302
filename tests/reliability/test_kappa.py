import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yjaudit.reliability import (
    IntervalMethod,
    NaPolicy,
    cohen_kappa,
    fleiss_cohen_everitt_se,
)


def from_table(table: dict[tuple[str, str], int]) -> list[tuple[int, str, str]]:
    pairs: list[tuple[int, str, str]] = []
    for (a, b), count in table.items():
        pairs += [(len(pairs) + i, a, b) for i in range(count)]
    return pairs


# Cohen's classic 2x2 (as in most textbooks): 50 items, yes/yes 20, yes/no 5, no/yes 10,
# no/no 15. p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = 0.2 / 0.5 = 0.4.
CLASSIC = from_table({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15})


def test_classic_two_by_two() -> None:
    r = cohen_kappa(CLASSIC)
    assert (r.n, r.agreed, r.percent) == (50, 35, 70.0)
    assert r.kappa == pytest.approx(0.4, abs=1e-12)
    assert r.expected == pytest.approx(0.5)
    assert r.categories == ("no", "yes")
    assert r.table == ((15, 10), (5, 20))  # rows: rater A's no, yes


def test_classic_se_by_hand() -> None:
    # Fleiss, Cohen and Everitt (1969), with p11 = .4, p12 = .1, p21 = .2, p22 = .3
    # (1 = yes), rows p1. = p2. = .5, columns p.1 = .6, p.2 = .4, kappa = .4:
    # A = .4 (1 - 1.1 * .6)^2 + .3 (1 - .9 * .6)^2        = .04624 + .06348 = .10972
    # B = .6^2 (.1 (.6 + .5)^2 + .2 (.4 + .5)^2)           = .36 * .283      = .10188
    # C = (.4 - .5 * .6)^2                                                   = .01
    # SE = sqrt(.10972 + .10188 - .01) / (.5 sqrt(50))   = .448999 / 3.535534 = .126996
    by_hand = math.sqrt(0.10972 + 0.10188 - 0.01) / (0.5 * math.sqrt(50))
    r = cohen_kappa(CLASSIC)
    assert r.se == pytest.approx(by_hand, rel=1e-9)
    assert r.se == pytest.approx(0.126996, abs=1e-6)
    assert r.ci_low == pytest.approx(0.4 - 1.96 * by_hand)
    assert r.ci_high == pytest.approx(0.4 + 1.96 * by_hand)
    assert r.interval is IntervalMethod.ASYMPTOTIC


def test_fleiss_three_category_example() -> None:
    # Fleiss (1981), diagnoses of 100 patients by two psychiatrists, as proportions:
    # rows .75 .01 .04 / .05 .04 .01 / .00 .00 .10. p_o = .89, p_e = .66, kappa = .676.
    # The SE (.0877) agrees with statsmodels' cohens_kappa std_kappa (checked once by hand).
    cats = ("psychotic", "neurotic", "organic")
    counts = [[75, 1, 4], [5, 4, 1], [0, 0, 10]]
    table = {(cats[i], cats[j]): counts[i][j] for i in range(3) for j in range(3)}
    r = cohen_kappa(from_table(table), categories=cats)
    assert r.kappa == pytest.approx(0.23 / 0.34)
    assert r.se == pytest.approx(0.0877029535, rel=1e-8)
    assert r.table == tuple(tuple(row) for row in counts)


def test_asymmetric_three_by_three_se() -> None:
    # Off-diagonal cells differ from their mirror images, so swapping i and j in the
    # B term would change the SE; .1579383 is statsmodels' std_kappa for this table.
    cats = ("a", "b", "c")
    counts = [[3, 1, 0], [2, 5, 1], [0, 2, 6]]
    table = {(cats[i], cats[j]): counts[i][j] for i in range(3) for j in range(3)}
    r = cohen_kappa(from_table(table))
    assert r.kappa == pytest.approx(0.5384615385)
    assert r.se == pytest.approx(0.1579382941, rel=1e-8)


def test_everything_not_applicable() -> None:
    r = cohen_kappa([(1, "na", "na"), (2, "na", "yes")])
    assert (r.n, r.na_both, r.na_one, r.kappa_reason) == (0, 1, 1, "no pairs to compare")


@given(
    pair_lists_early := st.lists(
        st.tuples(
            st.sampled_from(["yes", "partly", "no"]), st.sampled_from(["yes", "partly", "no"])
        ),
        min_size=1,
        max_size=40,
    )
)
def test_category_order_does_not_change_kappa(pairs: list[tuple[str, str]]) -> None:
    items = [(i, a, b) for i, (a, b) in enumerate(pairs)]
    one = cohen_kappa(items, categories=("yes", "partly", "no"))
    two = cohen_kappa(items, categories=("no", "yes", "partly"))
    assert one.percent == two.percent
    if one.kappa is not None:
        assert one.kappa == pytest.approx(two.kappa, abs=1e-12)
        assert one.se == pytest.approx(two.se, abs=1e-12)


def test_no_pairs() -> None:
    r = cohen_kappa([])
    assert (r.n, r.percent, r.kappa, r.se, r.ci_low) == (0, None, None, None, None)
    assert r.kappa_reason == "no pairs to compare"


def test_all_agree_on_one_category() -> None:
    r = cohen_kappa([(i, "yes", "yes") for i in range(8)])
    assert r.percent == 100.0
    assert r.kappa is None and r.ci_low is None and r.se is None
    assert r.kappa_reason is not None and "'yes'" in r.kappa_reason
    assert r.expected == 1.0
    assert r.percent_ci is not None and r.percent_ci[1] == 100.0


def test_single_item_single_category() -> None:
    r = cohen_kappa([("case-1", "no", "no")], categories=("yes", "partly", "no"))
    assert r.kappa is None and r.percent == 100.0
    assert r.table == ((0, 0, 0), (0, 0, 0), (0, 0, 1))


def test_opposite_single_categories_give_zero() -> None:
    r = cohen_kappa([(i, "yes", "no") for i in range(6)])
    assert r.percent == 0.0
    assert r.kappa == 0.0
    assert r.expected == 0.0


def test_perfect_agreement_two_categories() -> None:
    r = cohen_kappa([(1, "yes", "yes"), (2, "no", "no"), (3, "yes", "yes")])
    assert r.kappa == 1.0
    assert r.se == 0.0
    assert (r.ci_low, r.ci_high) == (1.0, 1.0)


def test_interval_clipped_to_minus_one_and_one() -> None:
    r = cohen_kappa([(1, "yes", "no"), (2, "no", "yes")])
    assert r.kappa == -1.0
    assert r.ci_low == -1.0
    assert r.ci_high is not None and r.ci_high <= 1.0


def test_na_excluded_and_counted() -> None:
    pairs = [
        (1, "yes", "yes"),
        (2, "no", "yes"),
        (3, "NA", "n/a"),  # both not applicable
        (4, "na", "yes"),  # applicability disagreement
        (5, "no", "Not applicable"),
        (6, None, "yes"),  # unanswered
        (7, "yes", "  "),
    ]
    r = cohen_kappa(pairs)
    assert (r.n, r.na_both, r.na_one, r.missing) == (2, 1, 2, 2)
    assert r.categories == ("no", "yes")


def test_na_as_category() -> None:
    pairs = [(1, "yes", "yes"), (2, "na", "na"), (3, "na", "yes"), (4, None, "no")]
    r = cohen_kappa(pairs, na_policy=NaPolicy.CATEGORY)
    assert (r.n, r.agreed, r.na_both, r.na_one, r.missing) == (3, 2, 0, 0, 1)
    assert r.categories == ("na", "yes")


def test_values_normalised() -> None:
    r = cohen_kappa([(1, " Yes", "yes"), (2, "NO", "no "), (3, "Partly", "no")])
    assert r.categories == ("no", "partly", "yes")
    assert r.agreed == 2


def test_categories_fix_order_and_reject_unknown() -> None:
    r = cohen_kappa(CLASSIC, categories=("Yes", "No"))
    assert r.table == ((20, 5), (10, 15))
    with pytest.raises(ValueError, match="not among the categories"):
        cohen_kappa([(1, "yes", "maybe")], categories=("yes", "no"))
    with pytest.raises(ValueError, match="listed twice"):
        cohen_kappa([], categories=("yes", "YES"))


def test_bad_options() -> None:
    with pytest.raises(ValueError):
        cohen_kappa(CLASSIC, interval="jackknife")
    with pytest.raises(ValueError):
        cohen_kappa(CLASSIC, na_policy="ignore")
    with pytest.raises(ValueError, match="bootstrap_samples"):
        cohen_kappa(CLASSIC, interval="bootstrap", bootstrap_samples=0)


def test_no_interval() -> None:
    r = cohen_kappa(CLASSIC, interval="none")
    assert r.kappa == pytest.approx(0.4) and r.se is not None
    assert (r.ci_low, r.ci_high) == (None, None)


def test_bootstrap_is_deterministic_and_sensible() -> None:
    a = cohen_kappa(CLASSIC, interval="bootstrap")
    b = cohen_kappa(CLASSIC, interval="bootstrap")
    c = cohen_kappa(CLASSIC, interval="bootstrap", seed=7)
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)
    assert (a.ci_low, a.ci_high) != (c.ci_low, c.ci_high)
    assert a.ci_low is not None and a.ci_high is not None
    assert a.ci_low < 0.4 < a.ci_high
    # Close to the asymptotic interval (.151, .649) for 50 independent items.
    assert a.ci_low == pytest.approx(0.151, abs=0.05)
    assert a.ci_high == pytest.approx(0.649, abs=0.05)


def test_bootstrap_resamples_items_not_pairs() -> None:
    # One case holds every pair: every resample is that case, so no spread at all.
    pairs = [("case-1", a, b) for _, a, b in CLASSIC]
    r = cohen_kappa(pairs, interval="bootstrap", bootstrap_samples=200)
    assert r.items == 1
    assert r.ci_low == pytest.approx(0.4) and r.ci_high == pytest.approx(0.4)


def test_bootstrap_counts_undefined_resamples() -> None:
    pairs = [(i, "yes", "yes") for i in range(9)] + [(9, "yes", "no")]
    r = cohen_kappa(pairs, interval="bootstrap", bootstrap_samples=500)
    assert r.bootstrap_undefined > 0
    assert r.notes and "undefined kappa" in r.notes[0]


def test_se_none_when_undefined() -> None:
    assert fleiss_cohen_everitt_se(np.array([[4, 0], [0, 0]])) is None
    assert fleiss_cohen_everitt_se(np.zeros((2, 2), dtype=np.int64)) is None


# -- properties ---------------------------------------------------------------------------

values = st.sampled_from(["yes", "partly", "no"])
pair_lists = st.lists(st.tuples(values, values), min_size=1, max_size=60)


def numbered(pairs: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    return [(i, a, b) for i, (a, b) in enumerate(pairs)]


@given(pair_lists)
def test_kappa_bounded_and_interval_holds_it(pairs: list[tuple[str, str]]) -> None:
    r = cohen_kappa(numbered(pairs))
    assert r.percent is not None and 0.0 <= r.percent <= 100.0
    if r.kappa is not None:
        assert -1.0 - 1e-12 <= r.kappa <= 1.0 + 1e-12
        assert r.ci_low is not None and r.ci_high is not None
        assert -1.0 <= r.ci_low <= r.kappa + 1e-12 <= r.ci_high + 2e-12 <= 1.0 + 2e-12
        assert r.se is not None and r.se >= 0.0
    else:
        assert len({v for p in pairs for v in p}) == 1


@given(pair_lists)
def test_symmetric_in_raters(pairs: list[tuple[str, str]]) -> None:
    ab = cohen_kappa(numbered(pairs))
    ba = cohen_kappa(numbered([(b, a) for a, b in pairs]))
    assert ab.percent == ba.percent
    assert (ab.kappa is None) == (ba.kappa is None)
    if ab.kappa is not None:
        assert ab.kappa == pytest.approx(ba.kappa, abs=1e-12)
        assert ab.se == pytest.approx(ba.se, abs=1e-12)
    assert ab.table == tuple(zip(*ba.table, strict=True))


@given(pair_lists)
def test_full_agreement_iff_all_equal(pairs: list[tuple[str, str]]) -> None:
    r = cohen_kappa(numbered(pairs))
    all_equal = all(a == b for a, b in pairs)
    assert (r.percent == 100.0) == all_equal
    if r.kappa is not None:
        assert (r.kappa == 1.0) == all_equal


@settings(max_examples=30)
@given(pair_lists)
def test_bootstrap_interval_bounded(pairs: list[tuple[str, str]]) -> None:
    r = cohen_kappa(numbered(pairs), interval="bootstrap", bootstrap_samples=200)
    if r.ci_low is not None and r.ci_high is not None:
        assert -1.0 - 1e-9 <= r.ci_low <= r.ci_high <= 1.0 + 1e-9
