"""`yjaudit disproportionality COUNTS.csv --reference GROUP [--json]`: the contract."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from click.testing import Result

from yjaudit.cli import i18n

from .conftest import Run

COUNTS = """stage,group,count
population,White,40000
population,Black,2000
population,Mixed,1500
contact,White,800
contact,Black,120
contact,Mixed,0
"""


def _assert_bad_input(result: Result, message: str) -> None:
    """Exit 2, one line on stderr naming the file, nothing on stdout, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_json_contract(run: Run, write: Callable[[str, str], str]) -> None:
    result = run("disproportionality", write("c.csv", COUNTS), "--reference", "White", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["reference"] == "White"
    assert [s["stage"] for s in data["stages"]] == ["contact"]
    groups = {g["group"]: g for g in data["stages"][0]["groups"]}
    keys = {"group", "count", "base", "rate", "rri", "ci_low", "ci_high", "flag"}
    assert all(keys <= set(g) for g in groups.values())
    assert groups["White"]["rri"] == 1
    black = groups["Black"]
    assert (black["count"], black["base"], black["rate"]) == (120, 2000, 0.06)
    assert black["rri"] == pytest.approx(3.0)
    assert black["ci_low"] == pytest.approx(2.4895, abs=1e-4)
    assert black["ci_high"] == pytest.approx(3.6152, abs=1e-4)
    assert black["flag"] == "over-represented"
    mixed = groups["Mixed"]
    assert mixed["rri"] is None and mixed["reason_code"] == "zero-count"
    assert mixed["reason"] == (
        "Mixed has a count of 0 at this stage, so the RRI has no value (log of 0)"
    )
    assert black["reason"] is None and black["reason_code"] is None


def test_tables(run: Run, write: Callable[[str, str], str]) -> None:
    result = run("disproportionality", write("c.csv", COUNTS), "--reference", "White")
    assert result.exit_code == 0, result.output
    assert "contact (base: population)" in result.stdout
    assert "2.49-3.62" in result.stdout and "over-represented" in result.stdout
    assert "Mixed has a count of 0 at this stage" in result.stdout


@pytest.fixture
def english_afterwards() -> Iterator[None]:
    yield
    i18n.activate("en")


@pytest.mark.usefixtures("english_afterwards")
def test_tables_in_welsh(run: Run, write: Callable[[str, str], str]) -> None:
    """The reading and the reason why there is no RRI in Welsh, the figures unchanged."""
    path = write("c.csv", COUNTS)
    result = run("--language", "cy", "disproportionality", path, "--reference", "White")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2.49-3.62" in out and "wedi'i orgynrychioli" in out and "grŵp cyfeirio" in out
    assert "Mixed: cyfrif o 0 yn y cam hwn" in out
    assert "over-represented" not in out and "has a count of 0" not in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (COUNTS.replace("120", "lots"), "row 6, column count (C): count must be a whole number"),
        (COUNTS.replace("contact,Black,120", "contact,Black,5000"), "row 6, column count (C)"),
        (COUNTS.replace("contact,Mixed,0\n", ""), "row 5, column group (B): Mixed has no count"),
        ("stage,group\np,W\n", "count"),
        ("", "empty"),
    ],
)
def test_bad_input_names_file_row_and_column(
    run: Run, write: Callable[[str, str], str], content: str, message: str
) -> None:
    path = write("c.csv", content)
    result = run("disproportionality", path, "--reference", "White")
    _assert_bad_input(result, message)
    assert "c.csv" in result.stderr


def test_unknown_reference(run: Run, write: Callable[[str, str], str]) -> None:
    result = run("disproportionality", write("c.csv", COUNTS), "--reference", "Asian")
    _assert_bad_input(result, "reference group 'Asian' has no counts")
