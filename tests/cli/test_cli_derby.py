"""End to end: the Derby self-audit tables of "Derby YOS, progress against HMIP areas for
improvement, 9 September 2019", through the CLI, on the bundled
hmip-style-local-audit framework (yes 1, partly 0.5, no 0, na excluded; points over
maximum; banded 80/65/50 on the rounded percentage).

The answers are generated to have each published score (e.g. 68.5 points out of 86),
spread over cases and key questions in a seeded random order, with not-applicable
answers and prompt answers mixed in: neither may change a figure.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from yjaudit.spec import find_framework

from .conftest import Run

Write = Callable[[str, str | bytes], str]
FRAMEWORK = "hmip-style-local-audit"

# (standard, points, maximum, percent, rating) as printed in the Derby 2019 progress report.
POST_COURT = [
    ("2.1", "73", 84, 87, "Outstanding"),
    ("2.2", "68.5", 86, 80, "Outstanding"),  # 79.65% rounds to 80: Outstanding
    ("2.3", "36.5", 44, 83, "Outstanding"),
    ("2.4", "29.5", 39, 76, "Good"),
]
OOCD_BASELINE = [
    ("3.1", "44", 95, 46, "Inadequate"),
    ("3.2", "28", 70, 40, "Inadequate"),
    ("3.3", "30", 55, 55, "Requires improvement"),
    ("3.4", "33", 40, 83, "Outstanding"),
]
OOCD_AFTER = [
    ("3.1", "102.5", 152, 67, "Good"),
    ("3.2", "74", 112, 66, "Good"),
    ("3.3", "68", 88, 77, "Good"),
    ("3.4", "52", 64, 81, "Outstanding"),
]


def answers_csv(rows: list[tuple[str, str, int, int, str]], seed: int) -> str:
    """An answers file whose key-question answers score exactly the given points / maximum."""
    framework = find_framework(FRAMEWORK).framework
    rng = random.Random(seed)
    lines = ["case_id,question_id,answer,setting"]
    for standard_id, points_text, maximum, _, _ in rows:
        points = Fraction(points_text)
        key_questions = [kq.id for kq in framework.standard(standard_id).key_questions]
        odd_half = int((points * 2) % 2)
        partly = odd_half + 2 * min(3, int(points))  # a few partlies, keeping the sum
        yes = int(points - Fraction(partly, 2))
        values = ["yes"] * yes + ["partly"] * partly + ["no"] * (maximum - yes - partly)
        scores = {"yes": Fraction(1), "partly": Fraction(1, 2), "no": Fraction(0)}
        assert sum(scores[v] for v in values) == points
        rng.shuffle(values)
        cases = -(-maximum // len(key_questions))
        slots = [(c, kq) for c in range(1, cases + 1) for kq in key_questions]
        for i, (case, kq) in enumerate(slots):
            value = values[i] if i < maximum else "n/a"  # the last case's spare questions
            # The attribute on the case's first row only: later rows may leave it blank.
            setting = (
                ("custody" if case % 3 == 0 else "community") if kq == key_questions[0] else ""
            )
            lines.append(f"D{case:03},{kq},{value.upper() if i % 7 == 0 else value},{setting}")
        # Prompts are answered and reported, but never decide: answer one per case "no".
        first_kq = framework.standard(standard_id).key_questions[0]
        for case in range(1, cases + 1):
            lines.append(f"D{case:03},{first_kq.prompts[0].id},no,")
    return "\n".join(lines) + "\n"


def score(run: Run, write: Write, rows: list[tuple[str, str, int, int, str]], seed: int) -> Any:
    path = write(f"derby-{seed}.csv", answers_csv(rows, seed))
    result = run("score", path, "--framework", FRAMEWORK, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), path


@pytest.mark.parametrize(
    ("rows", "overall"),
    [
        # Post-court: the four rows add up to 207.5 / 253 = 82% Outstanding (the report's
        # overall row misprints the out-of-court total).
        (POST_COURT, (207.5, 253, 82, "Outstanding")),
        (OOCD_BASELINE, (135, 260, 52, "Requires improvement")),
        (OOCD_AFTER, (296.5, 416, 71, "Good")),
    ],
    ids=["post-court", "out-of-court-baseline", "out-of-court-after"],
)
def test_derby_tables(
    run: Run, write: Write, rows: list[tuple[str, str, int, int, str]], overall: tuple[Any, ...]
) -> None:
    data, _ = score(run, write, rows, seed=len(rows[0][0]) + rows[0][2])
    standards = {s["id"]: s for s in data["standards"]}
    for standard_id, points, maximum, percent, rating in rows:
        s = standards[standard_id]
        expected = float(points) if "." in points else int(points)
        assert (s["numerator"], s["denominator"]) == (expected, maximum), standard_id
        assert (s["percent"], s["rating"]) == (percent, rating), standard_id
        assert s["points"] == {"Outstanding": 3, "Good": 2, "Requires improvement": 1}.get(
            rating, 0
        )
    o = data["overall"]
    assert (o["numerator"], o["denominator"], o["percent"], o["rating"]) == overall
    # Standards without answers are not rated and do not enter the overall.
    answered = {r[0] for r in rows}
    assert set(o["standards_counted"]) == answered
    assert all(s["rating"] is None for s in data["standards"] if s["id"] not in answered)


def test_derby_post_court_table_and_split(run: Run, write: Write) -> None:
    _, path = score(run, write, POST_COURT, seed=7)
    result = run("score", path, "-f", FRAMEWORK, "--by", "setting")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    row = next(ln for ln in lines if ln.startswith("2.2 "))
    assert row.split()[2:4] == ["68.5/86", "80%"] and row.split()[5:7] == ["Outstanding", "3"]
    assert "Overall: 207.5/253 82% Outstanding (95% CI " in result.stdout
    assert "\nsetting = community: " in result.stdout and "\nsetting = custody: " in result.stdout


def test_cli_runs_without_django() -> None:
    """frameworks list/show/validate and score never import Django (no database needed)."""
    code = (
        "import sys, json\n"
        "from yjaudit.cli.main import main\n"
        "for args in (['frameworks', 'list'], ['frameworks', 'show', 'cci-2009', '--json']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PATH": ""}, check=False
    )
    assert done.returncode == 0, done.stderr
