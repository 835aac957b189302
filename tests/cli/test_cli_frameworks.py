"""`yjaudit frameworks list | show | validate`, and the top-level options."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from yjaudit import __version__

from .conftest import MINI, Run, assert_bad_input

BUNDLED = {"hmip-youth-2018", "hmip-youth-2021", "hmip-style-local-audit", "cci-2009", "sqs-2012"}


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"yjaudit, version {__version__}\n"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frameworks"],
        ["frameworks", "list"],
        ["frameworks", "show"],
        ["frameworks", "validate"],
        ["frameworks", "load"],
        ["score"],
    ],
)
def test_help_everywhere(run: Run, args: list[str]) -> None:
    for flag in ("--help", "-h"):
        result = run(*args, flag)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Usage: ")


def test_no_command_shows_usage(run: Run) -> None:
    result = run()
    assert result.exit_code in (0, 2)  # click's own convention for a bare group
    assert "Commands:" in result.output and "frameworks" in result.output


def test_list_table_has_the_bundled_library(run: Run) -> None:
    result = run("frameworks", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Id", "Edition", "Name", "Standards"]
    assert set(lines[1]) <= {"-", " "}
    ids = {line.split()[0] for line in lines[2:]}
    assert ids >= BUNDLED
    # Aligned: every row's name starts where the header's does.
    name_at = lines[0].index("Name")
    assert all(line[name_at - 2 : name_at] == "  " for line in lines[2:])


def test_list_json(run: Run) -> None:
    result = run("frameworks", "list", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    by_id = {i["id"]: i for i in items}
    assert set(by_id) >= BUNDLED
    item = by_id["hmip-youth-2018"]
    assert item["edition"] == "2018"
    assert item["standards"] == 12
    assert {"id", "name", "edition", "publisher", "path"} <= set(item)


def test_show_json_contract(run: Run) -> None:
    result = run("frameworks", "show", "hmip-youth-2018", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["id"], data["edition"]) == ("hmip-youth-2018", "2018")
    assert isinstance(data["name"], str) and data["name"]
    standards = {s["id"]: s for s in data["standards"]}
    assert list(standards) == [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4",
    ]  # fmt: skip
    for s in data["standards"]:
        assert {"id", "name", "domain", "rated_by", "counted", "key_questions"} <= set(s)
        assert s["rated_by"] in ("cases", "judgement")
        assert isinstance(s["counted"], bool)
        for kq in s["key_questions"]:
            assert {"id", "text", "prompts"} <= set(kq)
            for p in kq["prompts"]:
                assert {"id", "text"} <= set(p)
    assert standards["1.1"]["rated_by"] == "judgement" and standards["1.1"]["key_questions"] == []
    assert standards["2.1"]["rated_by"] == "cases" and standards["2.1"]["domain"] == "2"
    assert standards["3.4"]["rated_by"] == "cases"  # Joint working, from cases in 2018
    assert len(standards["2.1"]["key_questions"]) == 3
    assert all(kq["prompts"] for kq in standards["2.1"]["key_questions"])


def test_show_json_2021_resettlement_not_counted(run: Run) -> None:
    data = json.loads(run("frameworks", "show", "hmip-youth-2021", "--json").stdout)
    standards = {s["id"]: s for s in data["standards"]}
    assert standards["3.4"]["rated_by"] == "judgement"
    uncounted = [s for s in data["standards"] if not s["counted"]]
    assert len(uncounted) == 1 and "esettlement" in uncounted[0]["name"]


def test_show_file_as_text(run: Run) -> None:
    result = run("frameworks", "show", str(MINI))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Mini test framework (mini-test, edition 2024)\n")
    assert "  1.1  Governance and leadership  [judgement, counted]\n" in out
    assert "    2.1.1  Does assessment support the child's desistance?  (desistance)\n" in out
    assert (
        "      2.1.1b  Is the custodial setting considered?  [only when setting = custody]\n" in out
    )
    assert "Overall: the counted standards' band points summed, banded\n" in out
    assert "Headlines: Desistance (tags: desistance)" in out


def test_show_unknown_framework(run: Run) -> None:
    result = run("frameworks", "show", "no-such-framework")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown framework 'no-such-framework' (bundled: ")
    assert "hmip-youth-2018" in result.stderr and result.stderr.count("\n") == 1


def test_validate_valid_file(run: Run) -> None:
    result = run("frameworks", "validate", str(MINI))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{MINI}: valid: mini-test (edition 2024): 2 domains, 3 standards, "
        "4 key questions, 2 prompts\n"
    )


# Two problems: a misspelt value, and a band missing its label.
BROKEN = (
    MINI.read_text()
    .replace("    rated_by: judgement\n", "    rated_by: jugement\n", 1)
    .replace("{lower: 0, label: Inadequate, points: 0}", "{lower: 0, points: 0}", 1)
)
BROKEN_LINE = BROKEN.splitlines().index("        rated_by: jugement") + 1
BAND_LINE = BROKEN.splitlines().index("      - {lower: 0, points: 0}") + 1
BROKEN_FIRST = (
    "domains[1].standards[1.1].rated_by: 'jugement' is not an allowed value; "
    "use 'cases' or 'judgement'"
)


def test_validate_broken_file_names_file_line_and_field(
    run: Run, write: Callable[[str, str | bytes], str]
) -> None:
    path = write("broken.yaml", BROKEN)
    result = run("frameworks", "validate", path)
    assert result.exit_code == 2
    lines = sorted(result.stdout.splitlines(), key=lambda ln: int(ln.split(":")[1]))
    assert lines == [
        f"{path}:{BAND_LINE}: rating_schemes[hmip].bands[4].label: required field is missing",
        f"{path}:{BROKEN_LINE}: {BROKEN_FIRST}",
    ]
    assert result.stderr == "2 problems found\n"


def test_validate_several_files_and_empty_or_missing(
    run: Run, write: Callable[[str, str | bytes], str]
) -> None:
    empty = write("empty.yaml", b"")
    result = run("frameworks", "validate", str(MINI), empty, "missing.yaml")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{MINI}: valid: ")
    assert lines[1] == f"{empty}: the file is empty"
    assert lines[2].startswith("missing.yaml: cannot read")


def test_validate_every_bundled_file(run: Run) -> None:
    from yjaudit.spec.loader import bundled_framework_paths

    paths = [str(p) for p in bundled_framework_paths()]
    result = run("frameworks", "validate", *paths)
    assert result.exit_code == 0, result.output
    assert result.stdout.count(": valid: ") == len(paths) >= 5


def test_score_with_broken_framework_file(
    run: Run, write: Callable[[str, str | bytes], str]
) -> None:
    framework = write("broken.yaml", BROKEN)
    answers = write("a.csv", "case_id,question_id,answer\n")
    result = run("score", answers, "--framework", framework)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {framework}:")
    assert result.stderr.endswith(
        f" (and 1 more problem; `yjaudit frameworks validate {framework}` lists them all)\n"
    )
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    # A file with a single problem: that problem, exactly.
    framework = write(
        "one.yaml", MINI.read_text().replace("rated_by: judgement", "rated_by: jugement")
    )
    result = run("score", answers, "--framework", framework)
    assert_bad_input(result, f"{framework}:{BROKEN_LINE}: {BROKEN_FIRST}")


def test_unknown_framework_for_score(run: Run, write: Callable[[str, str | bytes], str]) -> None:
    answers = write("a.csv", "case_id,question_id,answer\n")
    result = run("score", answers, "--framework", "hmip-2099")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown framework 'hmip-2099' (bundled: ")
    assert_bad_input(result, result.stderr[len("error: ") :].rstrip("\n"))


def test_list_reports_a_broken_bundled_file_and_lists_the_rest(
    run: Run, write: Callable[[str, str | bytes], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    broken = write("broken.yaml", BROKEN)
    monkeypatch.setattr(
        "yjaudit.cli.frameworks.bundled_framework_paths", lambda: [MINI, Path(broken)]
    )
    result = run("frameworks", "list", "--json")
    assert result.exit_code == 2
    assert [f["id"] for f in json.loads(result.stdout)] == ["mini-test"]
    assert result.stderr.startswith(f"warning: skipped a broken bundled framework: {broken}:")
