"""The format's 2025 additions: subject, points_items, domain ratings and an overall
from the domains' ratings. Each bad value is refused at its file, line and field, and a
file without them reads as before."""

from __future__ import annotations

import pytest

from yjaudit.spec import parse_framework_text
from yjaudit.spec.model import DomainRatingMethod, OverallMethod, PointsItem, Subject

from .test_loader_errors import BASE, line_of, problems

RATED_DOMAIN = (
    BASE.replace(
        "    name: Court\n",
        "    name: Court\n    rating:\n      method: sum-of-standard-points\n"
        "      rating_scheme: area\n",
    )
    .replace(
        "default_rating_scheme: bands\n",
        "  - id: area\n    basis: points\n    bands:\n"
        "      - {lower: 3, label: Outstanding, points: 3}\n"
        "      - {lower: 0, label: Poor, points: 0}\ndefault_rating_scheme: bands\n",
    )
    .replace(
        "method: sum-of-standard-points\n  rating_scheme: overall",
        "method: sum-of-domain-points\n  rating_scheme: overall",
    )
)


def test_defaults_keep_older_files_as_they_were() -> None:
    fw = parse_framework_text(BASE, "demo.yaml")
    assert fw.points_items == (PointsItem.KEY_QUESTION,)
    assert fw.standard("2.1").subject is Subject.CHILDREN
    assert fw.domains[0].rating is None


def test_a_rated_domain_and_an_overall_from_domains_load() -> None:
    fw = parse_framework_text(RATED_DOMAIN, "demo.yaml")
    assert fw.overall.method is OverallMethod.SUM_OF_DOMAIN_POINTS
    assert fw.domains[0].rating is not None
    assert fw.domains[0].rating.method is DomainRatingMethod.SUM_OF_STANDARD_POINTS


@pytest.mark.parametrize(
    ("text", "old", "new", "at", "field", "message"),
    [
        pytest.param(
            BASE,
            "        rated_by: cases\n",
            "        rated_by: cases\n        subject: parents\n",
            "subject: parents",
            "domains[2].standards[2.1].subject",
            "not an allowed value",
            id="subject-unknown",
        ),
        pytest.param(
            BASE,
            "default_rating_scheme: bands\n",
            "default_rating_scheme: bands\npoints_items: [key_question, answer]\n",
            "points_items:",
            "points_items[2]",
            "not an allowed value",
            id="points-items-unknown",
        ),
        pytest.param(
            BASE,
            "default_rating_scheme: bands\n",
            "default_rating_scheme: bands\npoints_items:\n  - prompt\n  - prompt  # again\n",
            "  - prompt  # again",
            "points_items[2]",
            "'prompt' is listed twice",
            id="points-items-twice",
        ),
        pytest.param(
            RATED_DOMAIN,
            "      rating_scheme: area\n",
            "      rating_scheme: nowhere\n",
            "rating_scheme: nowhere",
            "domains[2].rating.rating_scheme",
            "rating scheme 'nowhere' is not defined",
            id="domain-scheme-undefined",
        ),
        pytest.param(
            RATED_DOMAIN,
            "      rating_scheme: area\n",
            "      rating_scheme: bands\n",
            "      rating_scheme: bands",
            "domains[2].rating.rating_scheme",
            "banded by a points scheme",
            id="domain-scheme-not-points",
        ),
        pytest.param(
            RATED_DOMAIN,
            "      method: sum-of-standard-points\n      rating_scheme: area\n",
            "      method: lowest-standard\n      rating_scheme: area\n",
            "      rating_scheme: area",
            "domains[2].rating.rating_scheme",
            "lowest-standard takes its standard's own band",
            id="lowest-standard-with-scheme",
        ),
        pytest.param(
            RATED_DOMAIN,
            "    rating:\n      method: sum-of-standard-points\n      rating_scheme: area\n",
            "",
            "method: sum-of-domain-points",
            "overall.method",
            "needs at least one domain with a rating",
            id="overall-from-no-rated-domain",
        ),
    ],
)
def test_bad_2025_field_is_reported_at_its_line(
    text: str, old: str, new: str, at: str, field: str, message: str
) -> None:
    assert old in text
    text = text.replace(old, new, 1)
    found = problems(text)
    assert len(found) == 1, found
    problem = found[0]
    assert (problem.file, problem.field) == ("demo.yaml", field)
    assert problem.line == line_of(text, at)
    assert message in problem.message


def test_subject_belongs_to_case_standards() -> None:
    text = BASE.replace(
        '      - id: "2.1"\n',
        '      - id: "1.1"\n        name: Leadership\n        rated_by: judgement\n'
        '        subject: victims\n      - id: "2.1"\n',
    )
    [problem] = problems(text)
    assert problem.field == "domains[2].standards[1.1].subject"
    assert problem.line == line_of(text, "subject: victims")
    assert "case standards only" in problem.message
