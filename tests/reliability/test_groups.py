import pytest

from yjaudit.reliability import (
    RatedPair,
    agreement_by,
    by_question,
    by_rater_pair,
    by_standard,
    overall,
)


def rp(case: str, q: str, std: str, ra: str, rb: str, a: str | None, b: str | None) -> RatedPair:
    return RatedPair(case, q, std, ra, rb, a, b)


PAIRS = [
    rp("c1", "2.1.1", "2.1", "amy", "ben", "yes", "yes"),
    rp("c1", "2.1.2", "2.1", "amy", "ben", "no", "yes"),
    rp("c1", "2.2.1", "2.2", "amy", "ben", "yes", "yes"),
    rp("c2", "2.1.1", "2.1", "cat", "amy", "no", "no"),
    rp("c2", "2.1.2", "2.1", "cat", "amy", "partly", "yes"),
    rp("c2", "2.2.1", "2.2", "cat", "amy", "na", "na"),
    rp("c3", "2.1.1", "2.1", "ben", "amy", "yes", "no"),
]


def test_by_question() -> None:
    result = by_question(PAIRS)
    assert list(result) == ["2.1.1", "2.1.2", "2.2.1"]
    assert (result["2.1.1"].n, result["2.1.1"].agreed) == (3, 2)
    assert result["2.1.2"].agreed == 0
    assert (result["2.2.1"].n, result["2.2.1"].na_both) == (1, 1)


def test_by_standard() -> None:
    result = by_standard(PAIRS)
    assert (result["2.1"].n, result["2.1"].agreed, result["2.1"].items) == (5, 2, 3)
    assert result["2.2"].percent == 100.0


def test_by_rater_pair_orients_values() -> None:
    result = by_rater_pair(PAIRS, categories=("yes", "partly", "no"))
    assert set(result) == {("amy", "ben"), ("amy", "cat")}
    ab = result[("amy", "ben")]
    # c3 was marked ben=yes, amy=no: oriented so amy's "no" is the row.
    assert ab.table == ((2, 0, 0), (0, 0, 0), (2, 0, 0))
    ac = result[("amy", "cat")]
    assert ac.table == ((0, 1, 0), (0, 0, 0), (0, 0, 1))


def test_overall_and_custom_key() -> None:
    assert overall(PAIRS).n == 6
    by_case = agreement_by(PAIRS, lambda p: p.item_id)
    assert by_case["c1"].agreed == 2


def test_options_pass_through() -> None:
    result = by_standard(PAIRS, na_policy="category")
    assert result["2.2"].n == 2
    with pytest.raises(ValueError):
        by_standard(PAIRS, categories=("yes",))
