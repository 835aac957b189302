"""End to end on hmip-youth-2021: East Sussex 2024 (HMIP inspection of youth justice
services), 25/36 Good overall with resettlement rated but not counted, from answers and a
judgements file via the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable

from .conftest import Run

Write = Callable[[str, str | bytes], str]

# Rating wanted for each case standard -> "yes" answers out of 10 on every key question.
YES_OF_10 = {"Outstanding": 9, "Good": 7, "Requires improvement": 6, "Inadequate": 3}
CASE_STANDARDS = {
    "2.1": "Good", "2.2": "Inadequate", "2.3": "Outstanding", "2.4": "Outstanding",
    "3.1": "Requires improvement", "3.2": "Requires improvement", "3.3": "Outstanding",
}  # fmt: skip
JUDGEMENTS = """standard_id,rating,reason
1.1,Good,
1.2,Good,
1.3,Outstanding,
1.4,Outstanding,
3.4,Good,
4.1,Requires improvement,Resettlement plans start late
"""


def test_east_sussex_2024(run: Run, write: Write) -> None:
    lines = ["case_id,question_id,answer,setting"]
    for standard_id, rating in CASE_STANDARDS.items():
        court = standard_id.startswith("2")
        for kq in (1, 2, 3):
            for case in range(10):
                setting = ("custody" if case == 0 else "community") if court else "out-of-court"
                answer = "yes" if case < YES_OF_10[rating] else "no"
                case_id = f"{'C' if court else 'O'}{case:02}"
                lines.append(f"{case_id},{standard_id}.{kq},{answer},{setting}")
    answers = write("east-sussex.csv", "\n".join(lines) + "\n")
    judgements = write("judgements.csv", JUDGEMENTS)
    result = run("score", answers, "-f", "hmip-youth-2021", "--judgements", judgements, "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # every standard judged or answered in full
    data = json.loads(result.stdout)
    ratings = {s["id"]: s["rating"] for s in data["standards"]}
    for standard_id, rating in CASE_STANDARDS.items():
        assert ratings[standard_id] == rating, standard_id
    resettlement = {s["id"]: s for s in data["standards"]}["4.1"]
    assert (resettlement["rating"], resettlement["counted"]) == ("Requires improvement", False)
    overall = data["overall"]
    assert (overall["points"], overall["max_points"], overall["rating"]) == (25, 36, "Good")
    assert "4.1" not in overall["standards_counted"]
    table = run("score", answers, "-f", "hmip-youth-2021", "--judgements", judgements).stdout
    assert "Overall: 25/36 points Good" in table
    assert "Requires improvement (not counted)" in table
