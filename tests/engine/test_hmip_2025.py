"""The 2025 programme's published examples on the bundled hmip-youth-2025 frameworks.

Sources (HM Inspectorate of Probation published reports, 2025): Lambeth (assessing
Good, planning Outstanding, delivery Outstanding, victims Requires improvement ->
Good), Derby (all Outstanding -> Outstanding), Wakefield (delivery Outstanding, victims
Good -> Good), South Tees ("Good in five out of seven areas" -> Good). Each case
standard's rating is produced from case answers, each judgement from a Judgement, and
the overall is left to the framework's (inferred) rules.
"""

from __future__ import annotations

import itertools

import pytest

from yjaudit.engine import Answer, Judgement, score
from yjaudit.spec.loader import find_framework
from yjaudit.spec.model import Framework, RatedBy, Subject

TWO_WEEK = "hmip-youth-2025"
CHILDREN_VICTIMS = "hmip-youth-2025-children-victims"

O, G, RI, INAD = "Outstanding", "Good", "Requires improvement", "Inadequate"  # noqa: E741
# Yes answers out of ten cases giving each band on the 80 / 65 / 50 limits.
YES_OF_TEN = {O: 9, G: 7, RI: 6, INAD: 3}


def library(framework_id: str) -> Framework:
    return find_framework(framework_id).framework


def inputs(fw: Framework, ratings: dict[str, str]) -> tuple[list[Answer], list[Judgement]]:
    """Answers for ten cases per case standard giving its rating; judgements for the rest.

    A victims' standard is answered from victims' cases (ids V-...), a children's one
    from children's cases, as a round of that register kind would.
    """
    answers: list[Answer] = []
    judgements: list[Judgement] = []
    for sid, rating in ratings.items():
        s = fw.standard(sid)
        if s.rated_by is RatedBy.JUDGEMENT:
            judgements.append(Judgement(sid, rating, "inspectors' judgement"))
            continue
        prefix = "V" if s.subject is Subject.VICTIMS else "C"
        yes = YES_OF_TEN[rating]
        for c in range(10):
            for kq in s.key_questions:
                answers.append(Answer(f"{prefix}-{sid}-{c}", kq.id, "yes" if c < yes else "no"))
    return answers, judgements


def rate(framework_id: str, ratings: dict[str, str]):
    fw = library(framework_id)
    answers, judgements = inputs(fw, ratings)
    result = score(fw, answers, judgements=judgements).result
    for sid, rating in ratings.items():  # each sub-rating is the published one
        assert result.standard(sid).rating == rating, sid
    return result


def victims(rating: str) -> dict[str, str]:
    """V1.1 (victims' cases) and V1.2 (judgement) both at the published victims rating."""
    return {"V1.1": rating, "V1.2": rating}


def test_lambeth_assessing_good_planning_and_delivery_outstanding_victims_ri_is_good():
    result = rate(CHILDREN_VICTIMS, {"2.1": G, "2.2": O, "2.3": O, **victims(RI)})
    areas = {d.id: d.rating for d in result.domains}
    assert areas == {"2": O, "V": RI}
    assert (result.overall.rating, result.overall.points, result.overall.max_points) == (G, 4, 6)


@pytest.mark.parametrize("framework_id", [CHILDREN_VICTIMS, TWO_WEEK])
def test_derby_all_outstanding_is_outstanding(framework_id):
    fw = library(framework_id)
    result = rate(framework_id, {s.id: O for s in fw.standards})
    assert all(d.rating == O for d in result.domains)
    assert result.overall.rating == O
    assert result.overall.points == result.overall.max_points


@pytest.mark.parametrize(("assessing", "planning"), list(itertools.product([G, O], repeat=2)))
def test_wakefield_delivery_outstanding_victims_good_is_good(assessing, planning):
    # Wakefield's report gives delivery and victims; assessing and planning are each
    # Good or Outstanding here, and the overall is Good in every combination.
    result = rate(CHILDREN_VICTIMS, {"2.1": assessing, "2.2": planning, "2.3": O, **victims(G)})
    assert result.overall.rating == G


SEVEN_AREAS = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "V"]


@pytest.mark.parametrize(
    "others",
    [
        (a, b, ra, rb)
        for a, b in itertools.combinations(SEVEN_AREAS, 2)
        for ra, rb in itertools.product([O, RI], repeat=2)
    ],
)
def test_south_tees_good_in_five_of_seven_areas_is_good(others):
    # The report says Good in five of seven areas; the other two are Outstanding or
    # Requires improvement in every pairing here, and the overall is Good in all.
    a, b, ra, rb = others
    areas = dict.fromkeys(SEVEN_AREAS, G) | {a: ra, b: rb}
    ratings = {k: v for k, v in areas.items() if k != "V"} | victims(areas["V"])
    result = rate(TWO_WEEK, ratings)
    assert result.domain("V").rating == areas["V"]
    assert result.overall.rating == G


def test_victims_area_takes_the_lower_of_case_files_and_judgement():
    fw = library(CHILDREN_VICTIMS)
    answers, judgements = inputs(fw, {"2.1": O, "2.2": O, "2.3": O, "V1.1": O, "V1.2": RI})
    result = score(fw, answers, judgements=judgements).result
    assert result.domain("V").rating == RI
    assert result.standard("V1.1").subject == "victims"
    assert result.standard("2.1").subject == "children"
    assert result.standard("V1.2").subject is None


def test_overall_not_rated_while_an_area_is_not_rated():
    fw = library(CHILDREN_VICTIMS)
    answers, judgements = inputs(fw, {"2.1": O, "2.2": O, "2.3": O, "V1.1": G})
    result = score(fw, answers, judgements=judgements).result  # no V1.2 judgement
    assert result.domain("V").rating is None
    assert result.overall.rating is None
    assert result.overall.not_rated_reason == "not rated: domain V not rated"


@pytest.mark.parametrize("framework_id", [CHILDREN_VICTIMS, TWO_WEEK])
def test_what_is_read_from_children_victims_or_judgement(framework_id):
    fw = library(framework_id)
    how = {
        s.id: s.subject.value if s.rated_by is RatedBy.CASES else "judgement" for s in fw.standards
    }
    expected = {"2.1": "children", "2.2": "children", "2.3": "children"}
    expected |= {"V1.1": "victims", "V1.2": "judgement"}
    if framework_id == TWO_WEEK:
        expected |= dict.fromkeys(["1.1", "1.2", "1.3"], "judgement")
    assert how == expected
