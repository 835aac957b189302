"""Rules of the engine, on small frameworks written in conftest.py.

Every test runs on both counting paths (plain and NumPy) through the `method` fixture.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import pytest

from yjaudit.engine import (
    Answer,
    EngineInputError,
    Judgement,
    Override,
    ScoreReport,
    ScoreResult,
    resolve_value,
    score,
)
from yjaudit.spec.model import Framework

from .conftest import YES_PARTLY_NO, build, case_standard, hmip_like, judgement_standard


@pytest.fixture(params=["plain", "vectorised"])
def method(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def run(fw: Framework, answers: Iterable[Answer], method: str, **kw: Any) -> ScoreReport:
    return score(fw, list(answers), method=method, **kw)  # type: ignore[arg-type]


def case_warnings(result: ScoreResult) -> tuple[str, ...]:
    return tuple(w for w in result.warnings if "no judgement" not in w)


def answers_for(question: str, values: str, prefix: str = "c") -> list[Answer]:
    """One answer per case: 'yyn-' = yes, yes, no, na (p = partly)."""
    code = {"y": "yes", "n": "no", "p": "partly", "-": "na"}
    return [Answer(f"{prefix}{i}", question, code[v]) for i, v in enumerate(values)]


def full(standard_values: dict[str, str], prefix: str = "c") -> list[Answer]:
    out: list[Answer] = []
    for q, values in standard_values.items():
        out += answers_for(q, values, prefix)
    return out


# -- question figures ---------------------------------------------------------------


def test_question_figure_excludes_na(hmip: Framework, method: str) -> None:
    r = run(hmip, answers_for("2.1.1", "yn-y"), method).result
    fig = r.standard("2.1").key_questions[0].figure
    assert (fig.numerator, fig.denominator, fig.answers, fig.cases) == (2, 3, 3, 3)
    assert fig.fraction == Fraction(2, 3)
    assert fig.percent == 67
    assert fig.rating == "Good" and fig.points == 2
    assert fig.ci_low is not None and fig.ci_high is not None
    assert fig.ci_low < 67 < fig.ci_high
    assert r.cases == 4  # the NA-only case is in the sample


def test_points_scale_and_half_points(method: str) -> None:
    data = hmip_like()
    data["default_answer_type"] = "yes-partly-no"
    fw = build(data)
    r = run(fw, answers_for("2.1.1", "yppn-"), method).result
    fig = r.standard("2.1").key_questions[0].figure
    assert (fig.numerator, fig.denominator) == (Fraction(2), 4)
    assert fig.percent == 50


# -- standards ----------------------------------------------------------------------


def test_lowest_key_question_decides(hmip: Framework, method: str) -> None:
    answers = full({"2.1.1": "yyyyyyyyyn", "2.1.2": "yyyyyynnnn", "2.1.3": "yyyyyyynnn"})
    s = run(hmip, answers, method).result.standard("2.1")
    assert s.deciding_key_question == "2.1.2"
    assert (s.figure.numerator, s.figure.denominator, s.figure.percent) == (6, 10, 60)
    assert s.rating == s.computed_rating == "Requires improvement"
    assert s.points == 1
    assert [k.figure.percent for k in s.key_questions] == [90, 60, 70]


def test_lowest_by_exact_fraction_not_rounded_percent(hmip: Framework, method: str) -> None:
    # 2/3 = 66.67% and 133/200 = 66.5% both round to 67: the exact fraction decides.
    answers = answers_for("2.1.1", "yyn") + [
        Answer(f"d{i}", "2.1.2", "yes" if i < 133 else "no") for i in range(200)
    ]
    s = run(hmip, answers, method).result.standard("2.1")
    assert s.deciding_key_question == "2.1.2"


def test_tie_goes_to_first_key_question(hmip: Framework, method: str) -> None:
    answers = full({"2.1.1": "yn--", "2.1.2": "yynn", "2.1.3": "yyyy"})
    s = run(hmip, answers, method).result.standard("2.1")
    assert s.deciding_key_question == "2.1.1"
    assert (s.figure.numerator, s.figure.denominator) == (1, 2)
    assert s.figure.cases == 4


def test_prompts_are_reported_but_never_decide(hmip: Framework, method: str) -> None:
    answers = full({"2.1.1": "yyyy", "2.1.2": "yyyy", "2.1.3": "yyyy", "2.1.1.1": "nnnn"})
    s = run(hmip, answers, method).result.standard("2.1")
    assert s.rating == "Outstanding"
    prompt = s.key_questions[0].prompts[0]
    assert prompt.id == "2.1.1.1"
    assert prompt.figure.percent == 0 and prompt.figure.rating == "Inadequate"


def test_key_question_without_applicable_answers_does_not_compete(
    hmip: Framework, method: str
) -> None:
    answers = full({"2.1.1": "yyyy", "2.1.2": "yyyn", "2.1.3": "----"})
    s = run(hmip, answers, method).result.standard("2.1")
    assert s.deciding_key_question == "2.1.2"
    kq3 = s.key_questions[2].figure
    assert kq3.percent is None and kq3.rating is None
    assert kq3.not_rated_reason == "no applicable answers"


def test_standard_without_answers_is_not_rated(hmip: Framework, method: str) -> None:
    s = run(hmip, answers_for("2.1.1", "y"), method).result.standard("2.2")
    assert s.rating is None and s.figure.percent is None
    assert s.figure.not_rated_reason == "no applicable answers"
    assert s.deciding_key_question is None


def test_not_rated_below_minimum_cases(method: str) -> None:
    data = hmip_like()
    data["minimum_cases"] = 5
    fw = build(data)
    answers = full({"2.1.1": "yyyy", "2.1.2": "yyyy", "2.1.3": "yyyy"})
    s = run(fw, answers, method).result.standard("2.1")
    assert s.rating is None and s.points is None
    assert s.figure.percent == 100  # the counts are still reported
    assert s.figure.not_rated_reason == "4 cases, fewer than the minimum of 5"
    assert s.key_questions[0].figure.rating is None
    # Five cases reach the minimum.
    answers += full({"2.1.1": "y", "2.1.2": "y", "2.1.3": "y"}, prefix="e")
    assert run(fw, answers, method).result.standard("2.1").rating == "Outstanding"
    # A standard's own minimum wins over the framework's.
    data["domains"][1]["standards"][0]["minimum_cases"] = 2
    s = run(build(data), answers_for("2.1.1", "yy"), method).result.standard("2.1")
    assert s.rating == "Outstanding"


def test_points_over_maximum_pools_key_questions(method: str) -> None:
    data = hmip_like()
    data["default_aggregation"] = "points-over-maximum"
    data["default_answer_type"] = "yes-partly-no"
    fw = build(data)
    answers = full({"2.1.1": "yyyy", "2.1.2": "ypn-", "2.1.3": "nn", "2.1.1.1": "nnnn"})
    s = run(fw, answers, method).result.standard("2.1")
    # (4 + 1.5 + 0) / (4 + 3 + 2): prompts are not pooled.
    assert (s.figure.numerator, s.figure.denominator) == (Fraction(11, 2), 9)
    assert s.figure.percent == 61 and s.rating == "Requires improvement"
    assert s.figure.answers == 9 and s.figure.cases == 4
    assert s.deciding_key_question is None


def test_mean_of_key_question_fractions(method: str) -> None:
    data = hmip_like()
    data["default_aggregation"] = "mean"
    fw = build(data)
    answers = full({"2.1.1": "yn", "2.1.2": "yyyy", "2.1.3": "--"})
    s = run(fw, answers, method).result.standard("2.1")
    # (1/2 + 1) / 2 key questions with answers = 3/4 (pooled would be 5/6).
    assert s.figure.fraction == Fraction(3, 4)
    assert (s.figure.numerator, s.figure.denominator) == (Fraction(3, 2), 2)
    assert s.figure.percent == 75 and s.rating == "Good"


def test_counts_only_reports_figures_without_rating(method: str) -> None:
    data = hmip_like()
    data["default_aggregation"] = "counts-only"
    data["overall"] = {"method": "none"}
    fw = build(data)
    s = run(fw, full({"2.1.1": "yyn", "2.1.2": "yyy"}), method).result.standard("2.1")
    assert (s.figure.numerator, s.figure.denominator, s.figure.percent) == (5, 6, 83)
    assert s.rating is None and s.figure.not_rated_reason is None
    assert s.key_questions[0].figure.rating is None


def test_exact_percent_basis_does_not_round(method: str) -> None:
    data = hmip_like()
    data["default_aggregation"] = "points-over-maximum"
    data["default_answer_type"] = "yes-partly-no"
    answers = [
        Answer(f"c{i}", "2.1.1", "yes" if i < 68 else ("partly" if i == 68 else "no"))
        for i in range(86)
    ]  # 68.5 / 86 = 79.65%
    assert run(build(data), answers, method).result.standard("2.1").rating == "Outstanding"
    data["rating_schemes"][0]["basis"] = "exact-percent"
    s = run(build(data), answers, method).result.standard("2.1")
    assert s.figure.percent == 80 and s.rating == "Good"


def test_points_scheme_cannot_band_a_percentage() -> None:
    data = hmip_like()
    data["domains"][1]["standards"][0]["rating_scheme"] = "overall-points"
    data["overall"] = {"method": "none"}
    with pytest.raises(EngineInputError, match="bands points"):
        score(build(data), [])


# -- judgements and overrides --------------------------------------------------------


def test_judgements_rate_judgement_standards(hmip: Framework, method: str) -> None:
    r = run(
        hmip,
        [],
        method,
        judgements=[Judgement("1.1", " good ", "strong board"), Judgement("1.2", "OUTSTANDING")],
    ).result
    s = r.standard("1.1")
    assert (s.rating, s.points, s.computed_rating) == ("Good", 2, "Good")
    assert s.judgement_reason == "strong board"
    assert s.figure.rating == "Good" and s.figure.cases == 0 and s.figure.percent is None
    assert r.standard("1.2").rating == "Outstanding"
    assert s.rated_by == "judgement"


def test_missing_judgement_is_not_rated_and_warned(hmip: Framework, method: str) -> None:
    r = run(hmip, [], method, judgements=[Judgement("1.1", "Good")]).result
    s = r.standard("1.2")
    assert s.rating is None and s.figure.not_rated_reason == "no judgement given"
    assert "standard 1.2 is rated by judgement but no judgement was given" in r.warnings


@pytest.mark.parametrize(
    ("judgement", "field", "message"),
    [
        (Judgement("1.1", "Brilliant"), "rating", "'Brilliant' is not a rating of standard"),
        (Judgement("9.9", "Good"), "standard_id", "unknown standard '9.9'"),
        (Judgement("2.1", "Good"), "standard_id", "rated from case answers"),
    ],
)
def test_bad_judgements(hmip: Framework, judgement: Judgement, field: str, message: str) -> None:
    with pytest.raises(EngineInputError, match=message) as e:
        score(hmip, [], judgements=[Judgement("1.2", "Good"), judgement])
    assert e.value.index == 1 and e.value.field == field


def test_duplicate_judgement(hmip: Framework) -> None:
    with pytest.raises(EngineInputError, match="more than one judgement") as e:
        score(hmip, [], judgements=[Judgement("1.1", "Good"), Judgement("1.1", "Good")])
    assert e.value.index == 1


def test_override_replaces_rating_and_keeps_computed(hmip: Framework, method: str) -> None:
    answers = full({"2.1.1": "yyyn", "2.1.2": "yyyy", "2.1.3": "yyyy"})
    r = run(
        hmip,
        answers,
        method,
        overrides=[Override("2.1", "good", "moderation panel"), Override("1.1", "Inadequate", "x")],
    ).result
    s = r.standard("2.1")
    assert s.computed_rating == "Good"  # 75%
    assert (s.rating, s.points, s.override_reason) == ("Good", 2, "moderation panel")
    j = r.standard("1.1")
    assert (j.rating, j.points, j.computed_rating) == ("Inadequate", 0, None)
    r2 = run(hmip, answers, method, overrides=[Override("2.1", "Outstanding", "panel")]).result
    s2 = r2.standard("2.1")
    assert (s2.rating, s2.points, s2.computed_rating) == ("Outstanding", 3, "Good")


def test_override_needs_reason_and_known_label(hmip: Framework) -> None:
    with pytest.raises(EngineInputError, match="needs a reason") as e:
        score(hmip, [], overrides=[Override("2.1", "Good", "  ")])
    assert e.value.field == "reason" and e.value.index == 0
    with pytest.raises(EngineInputError, match="not a rating"):
        score(hmip, [], overrides=[Override("2.1", "Great", "why")])
    with pytest.raises(EngineInputError, match="more than one override"):
        score(hmip, [], overrides=[Override("2.1", "Good", "a"), Override("2.1", "Good", "b")])


# -- overall, domains, sections, headlines ------------------------------------------


def test_overall_sum_of_standard_points(hmip: Framework, method: str) -> None:
    answers = full(
        {"2.1.1": "yyyy", "2.1.2": "yyyy", "2.1.3": "yyyy", "2.2.1": "yyyn", "2.2.2": "yyyy"}
    )
    judgements = [Judgement("1.1", "Good"), Judgement("1.2", "Requires improvement")]
    o = run(hmip, answers, method, judgements=judgements).result.overall
    assert o.method == "sum-of-standard-points"
    assert (o.points, o.max_points) == (2 + 1 + 3 + 2, 12)
    assert o.rating == "Requires improvement"  # 8 on the 0-6 / 7-18 / 19-30 / 31+ bands
    assert o.standards_counted == ("1.1", "1.2", "2.1", "2.2")
    assert o.not_rated_reason is None


def test_overall_not_rated_names_unrated_standards(hmip: Framework, method: str) -> None:
    answers = full({"2.1.1": "yyyy", "2.1.2": "yyyy", "2.1.3": "yyyy"})
    o = run(hmip, answers, method, judgements=[Judgement("1.1", "Good")]).result.overall
    assert o.rating is None
    assert o.points == 5 and o.max_points == 12  # points so far are still reported
    assert o.not_rated_reason == "not rated: standards 1.2, 2.2 not rated"


def test_uncounted_standard_stays_out_of_the_overall(method: str) -> None:
    data = hmip_like()
    data["domains"][0]["standards"].append(judgement_standard("4.1", counted=False))
    fw = build(data)
    answers = full({"2.1.1": "yyyy", "2.1.2": "yyyy", "2.1.3": "yyyy", "2.2.1": "y", "2.2.2": "y"})
    judgements = [Judgement(s, "Outstanding") for s in ("1.1", "1.2")]
    o = run(fw, answers, method, judgements=judgements).result.overall
    assert o.rating == "Requires improvement" and o.points == 12
    assert "4.1" not in o.standards_counted


def test_overall_points_over_maximum(method: str) -> None:
    data = hmip_like()
    data["default_aggregation"] = "points-over-maximum"
    data["domains"][1]["standards"].append(case_standard("2.9", n_kq=1, counted=False))
    data["overall"] = {"method": "points-over-maximum", "rating_scheme": "hmip"}
    fw = build(data)
    answers = full({"2.1.1": "yyyy", "2.1.2": "yynn", "2.2.1": "n", "2.9.1": "nnnnnnnn"})
    o = run(fw, answers, method).result.overall
    assert (o.numerator, o.denominator, o.percent) == (6, 9, 67)
    assert o.rating == "Good"
    assert o.standards_counted == ("2.1", "2.2")
    assert o.ci_low is not None


def test_domain_figure_pools_case_standards(hmip: Framework, method: str) -> None:
    answers = full({"2.1.1": "yyyn", "2.2.1": "yn", "2.1.1.1": "nnnn"})
    r = run(hmip, answers, method).result
    d1, d2 = r.domains
    assert d1.figure.denominator == 0 and d1.figure.percent is None
    assert (d2.figure.numerator, d2.figure.denominator, d2.figure.cases) == (4, 6, 4)
    assert d2.figure.rating is None and d2.figure.not_rated_reason is None


def sectioned() -> Framework:
    data = hmip_like()
    data["default_aggregation"] = "points-over-maximum"
    std21 = data["domains"][1]["standards"][0]
    std21["key_questions"][0]["tags"] = ["safeguarding"]
    std21["key_questions"][1]["tags"] = ["safeguarding", "risk"]
    std21["key_questions"][0]["prompts"][0]["tags"] = ["safeguarding"]
    data["domains"][1]["standards"][1]["key_questions"][0]["tags"] = ["risk"]
    data["domains"][1]["standards"][1]["key_questions"][1]["tags"] = ["other-risk"]
    data["sections"] = [{"id": "s1", "name": "Section 1", "standards": ["2.1"]}]
    data["headlines"] = [
        {"id": "safe", "name": "Safeguarding", "tags": ["safeguarding"]},
        {
            "id": "safe-all",
            "name": "Safeguarding with prompts",
            "tags": ["safeguarding"],
            "include_prompts": True,
        },
        {"id": "risk", "name": "Risk", "tags": ["risk", "other-risk"]},
    ]
    return build(data)


def test_headlines_pool_tagged_questions(method: str) -> None:
    fw = sectioned()
    answers = full(
        {"2.1.1": "yyyy", "2.1.2": "nnyy", "2.1.3": "nnnn", "2.2.1": "nn", "2.1.1.1": "nnnn"}
    )
    r = run(fw, answers, method).result
    heads = {h.id: h.figure for h in r.headlines}
    assert (heads["safe"].numerator, heads["safe"].denominator) == (6, 8)
    assert heads["safe"].rating == "Good"  # 75%
    assert (heads["safe-all"].numerator, heads["safe-all"].denominator) == (6, 12)
    assert (heads["risk"].numerator, heads["risk"].denominator, heads["risk"].cases) == (2, 6, 4)
    assert heads["risk"].rating == "Inadequate"
    (section,) = r.sections
    assert (section.figure.numerator, section.figure.denominator) == (6, 12)
    assert section.figure.rating is None


# -- applicability and warnings -------------------------------------------------------


def custody_only() -> Framework:
    data = hmip_like()
    kqs = data["domains"][1]["standards"][0]["key_questions"]
    kqs[2]["applies_when"] = {"all": [{"attribute": "setting", "in": ["custody"]}]}
    return build(data)


def test_question_not_applying_is_excluded_with_a_warning(method: str) -> None:
    fw = custody_only()
    attrs = {"a": {"setting": "custody"}, "b": {"setting": "community"}, "c": {}}
    answers = [Answer(c, q, "yes") for c in "abc" for q in ("2.1.1", "2.1.2")] + [
        Answer("a", "2.1.3", "no"),
        Answer("b", "2.1.3", "no"),
        Answer("c", "2.1.3", "yes"),
    ]
    r = run(fw, answers, method, case_attributes=attrs).result
    kq3 = r.standard("2.1").key_questions[2].figure
    # a (custody) counts, b (community) is excluded, c (setting unknown) is included.
    assert (kq3.numerator, kq3.denominator, kq3.cases) == (1, 2, 2)
    assert case_warnings(r) == ("1 answer to question 2.1.3 excluded: it does not apply to case b",)


def test_na_where_question_does_not_apply_is_silent(method: str) -> None:
    fw = custody_only()
    answers = [Answer("b", q, "yes") for q in ("2.1.1", "2.1.2")] + [Answer("b", "2.1.3", "na")]
    r = run(fw, answers, method, case_attributes={"b": {"setting": "Community"}}).result
    assert case_warnings(r) == ()


def test_partial_answers_are_warned(hmip: Framework, method: str) -> None:
    answers = full({"2.1.1": "yyyyy", "2.1.2": "yyyyy", "2.1.3": "yy"})
    r = run(hmip, answers, method).result
    assert case_warnings(r) == (
        "3 cases answered only part of standard 2.1's key questions: c2, c3, c4",
    )
    many = full({"2.2.1": "yyyyyyy"})
    r = run(hmip, many, method).result
    assert case_warnings(r) == (
        "7 cases answered only part of standard 2.2's key questions: c0, c1, c2 and 4 more",
    )


def test_partial_warning_respects_applicability(method: str) -> None:
    fw = custody_only()
    answers = [Answer("b", q, "yes") for q in ("2.1.1", "2.1.2")]
    r = run(fw, answers, method, case_attributes={"b": {"setting": "community"}}).result
    assert case_warnings(r) == ()


def test_requires_cases_for_a_judgement_standard(method: str) -> None:
    data = hmip_like()
    data["domains"][0]["standards"].append(
        judgement_standard(
            "4.1",
            counted=False,
            requires_cases={"all": [{"attribute": "setting", "equals": "custody"}]},
        )
    )
    fw = build(data)
    judgements = [Judgement("4.1", "Good")]
    answers = answers_for("2.1.1", "yy")
    r = run(
        fw, answers, method, judgements=judgements, case_attributes={"c0": {"setting": "community"}}
    ).result
    s = r.standard("4.1")
    assert s.rating is None
    assert s.figure.not_rated_reason == "no case in the sample meets the standard's conditions"
    r = run(
        fw,
        answers,
        method,
        judgements=judgements,
        case_attributes={"c1": {"setting": "custody"}},
        by=["setting"],
    )
    assert r.result.standard("4.1").rating == "Good"
    assert r.splits["setting"]["custody"].standard("4.1").rating == "Good"
    assert r.splits["setting"]["unknown"].standard("4.1").rating is None


# -- input errors -------------------------------------------------------------------


def test_duplicate_answer_names_both_positions(hmip: Framework, method: str) -> None:
    answers = [
        Answer("a", "2.1.1", "yes"),
        Answer("b", "2.1.1", "yes"),
        Answer("a", "2.1.2", "yes"),
        Answer("b", "2.1.1", "no"),
        Answer("a", "2.1.1", "no"),
    ]
    with pytest.raises(EngineInputError, match=r"case 'b' answers question '2\.1\.1' more") as e:
        run(hmip, answers, method)
    assert (e.value.index, e.value.other_index) == (3, 1)


def test_unknown_question(hmip: Framework) -> None:
    with pytest.raises(EngineInputError, match=r"unknown question '9\.9'") as e:
        score(hmip, [Answer("a", "2.1.1", "yes"), Answer("a", "9.9", "yes")])
    assert (e.value.index, e.value.field) == (1, "question_id")


def test_value_not_allowed(hmip: Framework) -> None:
    answers = [
        Answer("a", "2.1.1", "yes"),
        Answer("b", "2.1.1", "no"),
        Answer("c", "2.1.1", "partly"),
    ]
    with pytest.raises(
        EngineInputError, match=r"does not allow 'partly' \(allowed: yes, no, na\)"
    ) as e:
        score(hmip, answers)
    assert (e.value.index, e.value.field) == (2, "value")


def test_blank_case_id(hmip: Framework) -> None:
    with pytest.raises(EngineInputError, match="blank case id") as e:
        score(hmip, [Answer(" ", "2.1.1", "yes")])
    assert e.value.field == "case_id"


def test_resolve_value() -> None:
    data = hmip_like()
    data["default_answer_type"] = "yes-partly-no"
    fw = build(data)
    q = fw.questions["2.1.1"]
    assert resolve_value(q, " YES ").value == "yes"
    assert resolve_value(q, "N/A").value == "na"
    assert resolve_value(q, "Partly").value == "partly"
    assert resolve_value(q, "0.5").value == "partly"
    assert resolve_value(q, "1/2").value == "partly"
    assert resolve_value(q, "1.0").value == "yes"
    assert resolve_value(q, "0").value == "no"
    for bad in ("2", "maybe", "", "nan", "-0.5"):
        with pytest.raises(EngineInputError):
            resolve_value(q, bad)


def test_resolve_value_refuses_ambiguous_points() -> None:
    data = hmip_like()
    ypn = dict(YES_PARTLY_NO)
    ypn["id"] = "two-zeros"
    ypn["values"] = [
        *YES_PARTLY_NO["values"],
        {"value": "refused", "label": "Refused", "points": 0},
    ]
    data["answer_types"].append(ypn)
    data["default_answer_type"] = "two-zeros"
    q = build(data).questions["2.1.1"]
    with pytest.raises(EngineInputError, match="could mean no or refused"):
        resolve_value(q, "0")
    assert resolve_value(q, "refused").value == "refused"


# -- splits -------------------------------------------------------------------------


def test_splits_give_a_full_result_per_value(hmip: Framework, method: str) -> None:
    answers = full({"2.1.1": "yyyyn", "2.1.2": "yyyyy", "2.1.3": "yyyyy"})
    attrs = {
        "c0": {"setting": "custody"},
        "c1": {"setting": "custody", "sex": "f"},
        "c2": {"setting": "community"},
        "c3": {"setting": ""},
    }
    report = run(
        hmip,
        answers,
        method,
        case_attributes=attrs,
        by=["setting", "sex"],
        judgements=[Judgement("1.1", "Good")],
        overrides=[Override("2.1", "Good", "x")],
    )
    setting = report.splits["setting"]
    assert list(setting) == ["community", "custody", "unknown"]
    assert [r.cases for r in setting.values()] == [1, 2, 2]
    assert setting["custody"].standard("2.1").figure.percent == 100
    assert setting["unknown"].standard("2.1").figure.percent == 50
    # Judgements rate the service, so every split keeps them; overrides are whole-sample.
    assert setting["custody"].standard("1.1").rating == "Good"
    assert setting["custody"].standard("2.1").override_reason is None
    assert report.result.standard("2.1").override_reason == "x"
    assert list(report.splits["sex"]) == ["f", "unknown"]
    assert report.splits["sex"]["unknown"].cases == 4


def test_no_answers(hmip: Framework, method: str) -> None:
    r = run(hmip, [], method, by=["setting"])
    assert r.result.cases == 0
    assert all(s.rating is None for s in r.result.standards)
    assert r.splits == {"setting": {}}
