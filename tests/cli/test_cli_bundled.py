"""Every bundled framework scores through the CLI, as a table and as JSON, with splits."""

from __future__ import annotations

import json
import random
from collections.abc import Callable

import pytest

from yjaudit.spec import find_framework
from yjaudit.spec.loader import bundled_framework_paths

from .conftest import Run

Write = Callable[[str, str | bytes], str]
IDS = [p.stem for p in bundled_framework_paths()]


@pytest.mark.parametrize("framework_id", IDS)
def test_every_bundled_framework_scores(run: Run, write: Write, framework_id: str) -> None:
    framework = find_framework(framework_id).framework
    rng = random.Random(framework_id)
    lines = ["case_id,question_id,answer,setting,rosh"]
    for case in range(12):
        setting = "custody" if case % 3 == 0 else "community"
        for i, question in enumerate(framework.questions.values()):
            value = rng.choice(question.answer_type.values).value
            attrs = f"{setting},{rng.choice(['low', 'medium', 'high'])}" if i == 0 else ","
            lines.append(f"K{case:02},{question.id},{value},{attrs}")
    answers = write("answers.csv", "\n".join(lines) + "\n")

    result = run("score", answers, "-f", framework_id, "--by", "setting", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["framework"]["id"] == framework_id
    assert data["cases"] == 12
    assert [s["id"] for s in data["standards"]] == [s.id for s in framework.standards]
    assert set(data["splits"]["setting"]) == {"custody", "community"}
    assert ("headlines" in data) == bool(framework.headlines)
    assert "rating" in data["overall"]

    table = run("score", answers, "-f", framework_id, "--by", "setting", "--prompts")
    assert table.exit_code == 0, table.output
    assert table.stdout.count("Overall: ") == 3
    for s in framework.standards:
        assert any(ln.startswith(f"{s.id} ") for ln in table.stdout.splitlines()), s.id
