"""`yjaudit --language cy score`: the readable tables give the ratings in Welsh; the JSON
(read by programs, and imported again) keeps the framework's English labels."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from yjaudit.cli import i18n
from yjaudit.cli.main import main

from .test_cli_derby import FRAMEWORK, OOCD_BASELINE, answers_csv

Write = Callable[[str, str | bytes], str]


@pytest.fixture(autouse=True)
def english_afterwards() -> object:
    yield
    i18n.activate("en")


def _run(*args: str) -> str:
    clean = {"YJAUDIT_LANGUAGE": "", "LANG": "C.UTF-8", "LC_ALL": ""}
    result = CliRunner().invoke(main, list(args), env=clean)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_score_in_welsh_words_and_json_keeps_the_labels(write: Write) -> None:
    path = write("derby.csv", answers_csv(OOCD_BASELINE, seed=3))
    welsh = _run("--language", "cy", "score", path, "-f", FRAMEWORK)
    # 3.1 and 3.2 Inadequate, 3.3 Requires improvement, 3.4 Outstanding; overall 52%.
    assert "Annigonol" in welsh and "Angen gwella" in welsh and "Rhagorol" in welsh
    for english in ("Inadequate", "Requires improvement", "Outstanding"):
        assert english not in welsh, english
    row = next(line for line in welsh.splitlines() if line.startswith("3.4 "))
    assert "Rhagorol" in row
    english = _run("--language", "en", "score", path, "-f", FRAMEWORK)
    assert "Outstanding" in english and "Rhagorol" not in english
    data = json.loads(_run("--language", "cy", "score", path, "-f", FRAMEWORK, "--json"))
    ratings = {s["id"]: s["rating"] for s in data["standards"]}
    assert ratings["3.4"] == "Outstanding" and ratings["3.3"] == "Requires improvement"
    assert data["overall"]["rating"] == "Requires improvement"
