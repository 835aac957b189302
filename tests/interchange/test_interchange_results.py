"""JSON serialisation of engine results: exact numbers, the contract's field names."""

from __future__ import annotations

import json
from fractions import Fraction

from yjaudit.engine.types import OverallResult, ScoreReport, ScoreResult
from yjaudit.interchange import number, report_dict
from yjaudit.interchange.results import framework_dict, overall_dict
from yjaudit.spec.model import Framework


def test_number_keeps_whole_numbers_whole_and_halves_exact() -> None:
    assert number(Fraction(86)) == 86 and isinstance(number(Fraction(86)), int)
    assert number(Fraction(137, 2)) == 68.5
    assert number(None) is None
    assert number(7) == 7
    assert json.dumps([number(Fraction(415, 2)), number(Fraction(253))]) == "[207.5, 253]"


def test_overall_shapes_follow_the_method() -> None:
    summed = overall_dict(
        OverallResult(method="sum-of-standard-points", rating="Good", points=25, max_points=36)
    )
    assert summed["rating"] == "Good" and (summed["points"], summed["max_points"]) == (25, 36)
    assert "percent" not in summed
    pooled = overall_dict(
        OverallResult(
            method="points-over-maximum",
            rating="Outstanding",
            percent=82,
            numerator=Fraction(415, 2),
            denominator=Fraction(253),
            ci_low=76.9,
            ci_high=86.3,
        )
    )
    assert (pooled["percent"], pooled["numerator"], pooled["denominator"]) == (82, 207.5, 253)
    assert "max_points" not in pooled
    assert overall_dict(OverallResult(method="none", rating=None))["rating"] is None


def test_report_of_an_empty_sample(mini: Framework) -> None:
    result = ScoreResult(
        framework_id=mini.id,
        cases=0,
        standards=(),
        domains=(),
        sections=(),
        headlines=(),
        overall=OverallResult(method="none", rating=None),
        warnings=("w",),
    )
    data = report_dict(ScoreReport(result), mini, extra_warnings=("first",))
    assert data["framework"] == {
        "id": "mini-test",
        "name": "Mini test framework",
        "edition": "2024",
    }
    assert data["warnings"] == ["first", "w"]
    assert data["headlines"] == []  # the framework has headlines; this sample has no figures
    assert "splits" not in data and "sections" not in data
    assert json.loads(json.dumps(data)) == data


def test_framework_dict_is_json_and_complete(mini: Framework) -> None:
    data = framework_dict(mini)
    assert json.loads(json.dumps(data)) == data
    assert [s["id"] for s in data["standards"]] == ["1.1", "2.1", "2.2"]
    s22 = data["standards"][2]
    assert s22["aggregation"] == "points-over-maximum"
    assert s22["key_questions"][0]["answer_type"] == "ypn"
    ypn = next(a for a in data["answer_types"] if a["id"] == "ypn")
    assert [v["points"] for v in ypn["values"]] == [1, 0.5, 0, None]
    assert data["rating_schemes"][0]["bands"][0] == {
        "lower": 80, "label": "Outstanding", "points": 3,
    }  # fmt: skip


# -- area ratings (HMIP 2025: a rated domain is an "area") ------------------------------


def _lambeth_report() -> tuple[ScoreReport, Framework]:
    """Lambeth 2025 (HMIP published report): assessing Good, planning and delivery
    Outstanding, victims Requires improvement, overall Good. Ten cases per case standard
    answered to give each published rating (9, 7 and 6 yes of ten: 90%, 70%, 60%)."""
    from yjaudit.engine import Answer, Judgement, score
    from yjaudit.spec.loader import find_framework

    fw = find_framework("hmip-youth-2025-children-victims").framework
    yes = {"2.1": 7, "2.2": 9, "2.3": 9, "V1.1": 6}
    answers = [
        Answer(f"{'V' if sid.startswith('V') else 'C'}-{c}", kq.id, "yes" if c < n else "no")
        for sid, n in yes.items()
        for kq in fw.standard(sid).key_questions
        for c in range(10)
    ]
    judgements = [Judgement("V1.2", "Requires improvement", "inspectors' judgement")]
    return score(fw, answers, judgements=judgements), fw


def test_domains_carry_the_area_rating_the_engine_computes() -> None:
    report, fw = _lambeth_report()
    data = report_dict(report, fw)
    areas = {d["id"]: d["area"] for d in data["domains"]}
    assert areas["2"] == {
        "rating": "Outstanding", "points": 3, "max_points": 3, "not_rated_reason": None,
    }  # fmt: skip
    assert areas["V"]["rating"] == "Requires improvement" and areas["V"]["points"] == 1
    # The overall follows from the areas: 3 + 1 = 4 of 6, Good (as published).
    assert (data["overall"]["points"], data["overall"]["max_points"]) == (4, 6)
    assert data["overall"]["rating"] == "Good"
    # Every area in the JSON is the engine's own DomainResult, field by field.
    for d in report.result.domains:
        assert areas[d.id]["rating"] == d.rating and areas[d.id]["points"] == d.points
    assert json.loads(json.dumps(data)) == data


def test_a_framework_that_rates_no_domain_gives_area_null(mini: Framework) -> None:
    from yjaudit.engine import Answer, score

    kq = mini.standard("2.1").key_questions[0]
    data = report_dict(score(mini, [Answer("C-1", kq.id, "yes")]), mini)
    assert data["domains"] and all(d["area"] is None for d in data["domains"])
