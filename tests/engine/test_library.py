"""Published figures reproduced on the bundled frameworks ("Derby YOS, progress against HMIP
areas for improvement, 9 September 2019"; HM Inspectorate of Probation, "Core Case
Inspection of youth offending work in England and Wales: Coventry", 2011; HMIP's East
Sussex 2024 inspection).

Answers are constructed to give each published numerator and denominator; the engine
must then give the published percentage and rating.
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil, floor

import pytest

from yjaudit.engine import Answer, Judgement, Override, ScoreResult, score
from yjaudit.spec.loader import find_framework
from yjaudit.spec.model import Framework


def library(framework_id: str) -> Framework:
    return find_framework(framework_id).framework


def points_answers(fw: Framework, standard_id: str, num: Fraction, den: int) -> list[Answer]:
    """Cases answering every key question of a standard (yes 1, partly 0.5, no 0, NA), so
    that the standard scores num / den: `den` applicable answers, the rest NA."""
    kqs = [kq.id for kq in fw.standard(standard_id).key_questions]
    yes = floor(num)
    partly = int((num - yes) * 2)
    no = den - yes - partly
    assert no >= 0 and partly in (0, 1)
    n_cases = ceil(den / len(kqs))
    values = ["yes"] * yes + ["partly"] * partly + ["no"] * no
    values += ["na"] * (n_cases * len(kqs) - den)
    cells = [(f"{standard_id}-c{c}", q) for c in range(n_cases) for q in kqs]
    return [Answer(case, q, v) for (case, q), v in zip(cells, values, strict=True)]


def rows(
    result: ScoreResult, ids: list[str]
) -> list[tuple[Fraction, Fraction, int | None, str | None]]:
    out = []
    for sid in ids:
        f = result.standard(sid).figure
        out.append((f.numerator, f.denominator, f.percent, result.standard(sid).rating))
    return out


# -- Derby YOS, progress against HMIP areas for improvement, 9 September 2019 ----------------

DERBY_POST_COURT = [
    ("2.1", Fraction(73), 84, 87, "Outstanding"),
    ("2.2", Fraction(137, 2), 86, 80, "Outstanding"),  # 68.5 / 86 = 79.65% -> 80%
    ("2.3", Fraction(73, 2), 44, 83, "Outstanding"),
    ("2.4", Fraction(59, 2), 39, 76, "Good"),
]
DERBY_OOCD_BASELINE = [
    ("3.1", Fraction(44), 95, 46, "Inadequate"),
    ("3.2", Fraction(28), 70, 40, "Inadequate"),
    ("3.3", Fraction(30), 55, 55, "Requires improvement"),
    ("3.4", Fraction(33), 40, 83, "Outstanding"),
]
DERBY_OOCD_LATER = [
    ("3.1", Fraction(205, 2), 152, 67, "Good"),
    ("3.2", Fraction(74), 112, 66, "Good"),
    ("3.3", Fraction(68), 88, 77, "Good"),
    ("3.4", Fraction(52), 64, 81, "Outstanding"),
]


@pytest.mark.parametrize("method", ["plain", "vectorised"])
@pytest.mark.parametrize(
    ("table", "overall"),
    [
        # The seed prints 296.5 / 416 for the post-court overall (a slip repeating the
        # out-of-court total); its four rows add up to 207.5 / 253 = 82%.
        (DERBY_POST_COURT, (Fraction(415, 2), 253, 82, "Outstanding")),
        (DERBY_OOCD_BASELINE, (Fraction(135), 260, 52, "Requires improvement")),
        (DERBY_OOCD_LATER, (Fraction(593, 2), 416, 71, "Good")),
    ],
    ids=["post-court", "oocd-baseline", "oocd-later"],
)
def test_derby_self_audit(
    table: list[tuple[str, Fraction, int, int, str]],
    overall: tuple[Fraction, int, int, str],
    method: str,
) -> None:
    fw = library("hmip-style-local-audit")
    answers = [a for sid, num, den, _, _ in table for a in points_answers(fw, sid, num, den)]
    result = score(fw, answers, method=method).result  # type: ignore[arg-type]
    ids = [row[0] for row in table]
    assert rows(result, ids) == [(num, den, pct, rating) for _, num, den, pct, rating in table]
    o = result.overall
    assert (o.numerator, o.denominator, o.percent, o.rating) == overall
    assert o.standards_counted == tuple(ids)
    assert result.warnings == ()


def test_derby_post_court_is_not_the_misprinted_total() -> None:
    fw = library("hmip-style-local-audit")
    answers = [a for sid, n, d, _, _ in DERBY_POST_COURT for a in points_answers(fw, sid, n, d)]
    o = score(fw, answers).result.overall
    assert (o.numerator, o.denominator) != (Fraction(593, 2), 416)


def test_points_answers_accepted_as_numbers() -> None:
    # The CLI passes numbers of points straight through: 1 / 0.5 / 0 mean yes / partly / no.
    fw = library("hmip-style-local-audit")
    spelled = points_answers(fw, "2.2", Fraction(137, 2), 86)
    numbers = {"yes": "1", "partly": "0.5", "no": "0", "na": "na"}
    as_points = [Answer(a.case_id, a.question_id, numbers[a.value]) for a in spelled]
    assert score(fw, as_points).result == score(fw, spelled).result


# -- Core Case Inspection of youth offending work: Coventry, 2011: bands ---------------------


def yes_of(question: str, yes: int, total: int, prefix: str) -> list[Answer]:
    return [Answer(f"{prefix}{i}", question, "yes" if i < yes else "no") for i in range(total)]


@pytest.mark.parametrize(
    ("criterion", "percent", "comment"),
    [
        ("1.2", 73, "MODERATE"),
        ("2.1", 67, "MODERATE"),
        ("2.2", 84, "MINIMUM"),
        ("2.3", 81, "MINIMUM"),
        ("3.1", 58, "MODERATE"),
        ("3.2", 88, "MINIMUM"),
    ],
)
def test_coventry_criterion_bands(criterion: str, percent: int, comment: str) -> None:
    fw = library("cci-2009")
    first = fw.standard(criterion).key_questions[0].id
    result = score(fw, yes_of(first, percent, 100, "c")).result
    s = result.standard(criterion)
    assert (s.figure.percent, s.rating) == (percent, comment)


@pytest.mark.parametrize(
    ("headline", "percent", "comment"),
    [
        ("safeguarding", 73, "MODERATE"),
        ("risk-of-harm", 65, "MODERATE"),
        ("likelihood-of-reoffending", 75, "MINIMUM"),
    ],
)
def test_coventry_headline_scores(headline: str, percent: int, comment: str) -> None:
    fw = library("cci-2009")
    (hl,) = [h for h in fw.headlines if h.id == headline]
    tagged = [
        q.id
        for q in fw.questions.values()
        if q.kind == "key_question" and q.applies_when is None and set(q.tags) == set(hl.tags)
    ]
    # Spread the answers over two tagged questions of different criteria: a headline
    # pools its questions across criteria.
    q1, q2 = tagged[0], tagged[-1]
    assert fw.questions[q1].standard_id != fw.questions[q2].standard_id
    answers = yes_of(q1, percent - 30, 50, "a") + yes_of(q2, 30, 50, "b")
    result = score(fw, answers).result
    fig = next(h.figure for h in result.headlines if h.id == headline)
    assert (fig.numerator, fig.denominator, fig.percent, fig.rating) == (
        percent,
        100,
        percent,
        comment,
    )


def test_cci_band_limits_use_the_rounded_percentage() -> None:
    fw = library("cci-2009")
    q = next(k.id for k in fw.standard("2.2").key_questions if k.applies_when is None)
    at = score(fw, yes_of(q, 149, 200, "c")).result.standard("2.2")  # 74.5% -> 75
    below = score(fw, yes_of(q, 148, 200, "c")).result.standard("2.2")  # 74%
    assert (at.figure.percent, at.rating) == (75, "MINIMUM")
    assert (below.figure.percent, below.rating) == (74, "MODERATE")


def test_cci_custody_community_split() -> None:
    fw = library("cci-2009")
    q = next(k.id for k in fw.standard("1.3").key_questions if k.applies_when is None)
    answers = yes_of(q, 8, 10, "cu") + yes_of(q, 5, 10, "co")
    attrs = {
        a.case_id: {"setting": "custody" if a.case_id.startswith("cu") else "community"}
        for a in answers
    }
    report = score(fw, answers, case_attributes=attrs, by=["setting"])
    split = report.splits["setting"]
    assert split["custody"].standard("1.3").figure.percent == 80
    assert split["community"].standard("1.3").figure.percent == 50
    assert report.result.standard("1.3").figure.percent == 65


# -- HMIP inspection of youth justice services in East Sussex, 2024, on hmip-youth-2021 -----

# Lowest key question percentages giving each rating (other key questions all yes).
LOWEST = {"Outstanding": 9, "Good": 7, "Requires improvement": 6, "Inadequate": 4}
EAST_SUSSEX_CASES = {
    "2.1": "Good",
    "2.2": "Inadequate",
    "2.3": "Outstanding",
    "2.4": "Outstanding",
    "3.1": "Requires improvement",
    "3.2": "Requires improvement",
    "3.3": "Outstanding",
}
EAST_SUSSEX_JUDGED = {
    "1.1": "Good",
    "1.2": "Good",
    "1.3": "Outstanding",
    "1.4": "Outstanding",
    "3.4": "Good",
    "4.1": "Requires improvement",
}


def east_sussex_answers(fw: Framework) -> list[Answer]:
    answers = []
    for sid, rating in EAST_SUSSEX_CASES.items():
        kqs = fw.standard(sid).key_questions
        for c in range(10):
            for i, kq in enumerate(kqs):
                yes = c < LOWEST[rating] if i == len(kqs) - 1 else True
                answers.append(Answer(f"{sid}-{c}", kq.id, "yes" if yes else "no"))
    return answers


@pytest.mark.parametrize("custody_case", [True, False])
def test_east_sussex_2024_overall(custody_case: bool) -> None:
    fw = library("hmip-youth-2021")
    answers = east_sussex_answers(fw)
    attrs = {"2.1-0": {"setting": "custody"}} if custody_case else {}
    result = score(
        fw,
        answers,
        case_attributes=attrs,
        judgements=[Judgement(s, r) for s, r in EAST_SUSSEX_JUDGED.items()],
    ).result
    for sid, rating in {**EAST_SUSSEX_CASES, **EAST_SUSSEX_JUDGED}.items():
        if sid == "4.1" and not custody_case:
            continue
        assert result.standard(sid).rating == rating, sid
    # Resettlement: rated RI with a custody case in the sample, "not rated" without one;
    # counted in neither case.
    resettlement = result.standard("4.1")
    assert resettlement.counted is False
    assert resettlement.rating == ("Requires improvement" if custody_case else None)
    o = result.overall
    assert (o.points, o.max_points, o.rating) == (25, 36, "Good")
    assert "4.1" not in o.standards_counted and len(o.standards_counted) == 12
    deciding = {s: result.standard(s).deciding_key_question for s in EAST_SUSSEX_CASES}
    assert all(d == fw.standard(s).key_questions[-1].id for s, d in deciding.items())


def test_east_sussex_by_overrides() -> None:
    """The same overall from hand-set ratings (e.g. entering a published report)."""
    fw = library("hmip-youth-2021")
    everything_yes = [
        Answer(f"{s}-{c}", kq.id, "yes")
        for s in EAST_SUSSEX_CASES
        for c in range(5)
        for kq in fw.standard(s).key_questions
    ]
    result = score(
        fw,
        everything_yes,
        judgements=[Judgement(s, r) for s, r in EAST_SUSSEX_JUDGED.items()],
        overrides=[Override(s, r, "published rating") for s, r in EAST_SUSSEX_CASES.items()],
    ).result
    assert result.standard("2.2").computed_rating == "Outstanding"
    assert result.standard("2.2").rating == "Inadequate"
    assert (result.overall.points, result.overall.rating) == (25, "Good")


def test_hmip_2021_small_sample_is_not_rated() -> None:
    fw = library("hmip-youth-2021")
    kqs = fw.standard("2.1").key_questions
    answers = [Answer(f"c{c}", kq.id, "yes") for c in range(4) for kq in kqs]
    s = score(fw, answers).result.standard("2.1")
    assert s.rating is None and s.figure.percent == 100
    assert "fewer than the minimum" in (s.figure.not_rated_reason or "")


def test_every_bundled_framework_scores_empty_input() -> None:
    for fid in (
        "hmip-youth-2018",
        "hmip-youth-2021",
        "hmip-style-local-audit",
        "cci-2009",
        "sqs-2012",
    ):
        result = score(library(fid), []).result
        assert result.cases == 0 and result.framework_id == fid
