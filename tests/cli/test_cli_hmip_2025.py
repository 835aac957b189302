"""End to end on hmip-youth-2025-children-victims through the CLI: Lambeth 2025 (HM
Inspectorate of Probation: assessing Good, planning Outstanding, delivery Outstanding,
victims Requires improvement -> Good), from children's and victims' case answers and a
judgements file, with each area's rating printed beside the overall."""

from __future__ import annotations

import json
from collections.abc import Callable

from .conftest import Run

Write = Callable[[str, str | bytes], str]

# Standard -> (its key questions, the case id prefix, "yes" answers out of ten).
ANSWERED = {
    "2.1": (["2.1.1", "2.1.2"], "C", 7),  # Good
    "2.2": (["2.2.1", "2.2.2"], "C", 9),  # Outstanding
    "2.3": (["2.3.1", "2.3.2"], "C", 9),  # Outstanding
    "V1.1": (["V1.1.1"], "V", 6),  # Requires improvement, from victims' cases
}


def lambeth(write: Write, judgement: str | None) -> tuple[str, str]:
    lines = ["case_id,question_id,answer"]
    for sid, (kqs, prefix, yes) in ANSWERED.items():
        for case in range(10):
            for kq in kqs:
                lines.append(f"{prefix}{sid}-{case},{kq},{'yes' if case < yes else 'no'}")
    judgements = "standard_id,rating,reason\n" + (
        f"V1.2,{judgement},arrangements\n" if judgement else ""
    )
    return write("lambeth.csv", "\n".join(lines) + "\n"), write("judgements.csv", judgements)


def test_lambeth_2025_through_the_cli(run: Run, write: Write) -> None:
    answers, judgements = lambeth(write, "Requires improvement")
    args = ("score", answers, "-f", "hmip-youth-2025-children-victims", "--judgements", judgements)
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ratings = {s["id"]: s["rating"] for s in data["standards"]}
    assert ratings == {
        "2.1": "Good",
        "2.2": "Outstanding",
        "2.3": "Outstanding",
        "V1.1": "Requires improvement",
        "V1.2": "Requires improvement",
    }
    overall = data["overall"]
    assert (overall["points"], overall["max_points"], overall["rating"]) == (4, 6, "Good")
    table = run(*args).stdout
    assert "Area 2 Work with children: Outstanding (3/3 points)" in table
    assert "Area V Work with victims: Requires improvement (1/3 points)" in table
    assert "Overall: 4/6 points Good" in table


def test_without_the_victims_judgement_nothing_is_rated_above_the_standards(
    run: Run, write: Write
) -> None:
    answers, judgements = lambeth(write, None)
    result = run(
        "score", answers, "-f", "hmip-youth-2025-children-victims", "--judgements", judgements
    )
    assert result.exit_code == 0, result.output
    assert "Area V Work with victims: not rated (standard V1.2 not rated)" in result.stdout
    assert "Overall: 3/6 points not rated (domain V not rated)" in result.stdout


def test_show_says_how_areas_are_rated_and_whose_cases_are_read(run: Run) -> None:
    result = run("frameworks", "show", "hmip-youth-2025")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Overall: the rated domains' band points summed, banded" in out
    assert "Domain V: Work with victims  [rated: lowest-standard]" in out
    assert "V1.1  Work with victims (case files)  [victims' cases, counted]" in out
    assert "V1.2  Arrangements for work with victims  [judgement, counted]" in out
    items = run("frameworks", "show", "hmip-style-item-audit").stdout
    assert "Points totals score: key questions and prompts" in items
