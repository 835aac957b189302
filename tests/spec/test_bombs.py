"""Hostile framework files are refused fast, with file and line (issue 10.4 / 10.10).

Each of these once took seconds to minutes and hundreds of MB, or crashed the loader
("this is a bug" from the CLI, 500 from the upload page).
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from yjaudit.cli.main import main
from yjaudit.spec import FrameworkFileError, parse_framework_text
from yjaudit.spec.loader import MAX_DEPTH, MAX_INT_DIGITS, MAX_VALUES

FAST_SECONDS = 1.0
SMALL_BYTES = 200 * 1024 * 1024


def merge_key_bomb(levels: int = 22) -> str:
    """Each level merges the previous mapping twice: `<<: [*a, *a]`, nested."""
    text = "l0: &l0 {k: v}\n"
    for i in range(1, levels + 1):
        text += f"l{i}: &l{i} {{<<: [*l{i - 1}, *l{i - 1}], k{i}: v}}\n"
    return text


def list_bomb(levels: int = 9) -> str:
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, levels + 1):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
    return text


def deep_alias_chain() -> str:
    """Aliases within aliases: each anchor nests the previous 40 levels deeper."""
    text = "a0: &a0 x\n"
    for i in range(1, 40):
        text += f"a{i}: &a{i} " + "[" * 40 + f"*a{i - 1}" + "]" * 40 + "\n"
    return text


def refused_fast(text: str) -> FrameworkFileError:
    """Refused in well under a second of CPU time (timed alone: the process's own CPU, so
    other work on a shared machine does not count) and under 200 MB (traced apart, as
    tracemalloc itself slows Python down several times)."""
    started = time.process_time()
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework_text(text, "bomb.yaml")
    elapsed = time.process_time() - started
    assert elapsed < FAST_SECONDS, f"took {elapsed:.2f} s of CPU"
    tracemalloc.start()
    try:
        with pytest.raises(FrameworkFileError):
            parse_framework_text(text, "bomb.yaml")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < SMALL_BYTES, f"peaked at {peak / 1e6:.0f} MB"
    return caught.value


def test_the_merge_key_bomb_is_small_and_refused_fast():
    text = merge_key_bomb()
    assert len(text.encode()) < 1000
    [problem] = refused_fast(text).problems
    assert problem.file == "bomb.yaml" and problem.line is not None
    assert f"expands to more than {MAX_VALUES} values" in problem.message


def test_the_list_alias_bomb_is_refused_fast():
    [problem] = refused_fast(list_bomb()).problems
    assert "expands to more than" in problem.message


def test_deep_nesting_is_refused_with_its_line():
    text = "title: x\nnested: " + "[" * 20_000 + "]" * 20_000 + "\n"
    [problem] = refused_fast(text).problems
    assert problem.line == 2
    assert f"nested more than {MAX_DEPTH} levels" in problem.message
    block = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5))
    [problem] = refused_fast(block).problems
    assert "nested more than" in problem.message


def test_nesting_made_deep_through_aliases_is_refused():
    [problem] = refused_fast(deep_alias_chain()).problems
    assert "nested more than" in problem.message


def test_huge_integers_are_refused_with_their_line():
    text = "id: demo\nsize: " + "9" * 100_000 + "\n"
    [problem] = refused_fast(text).problems
    assert problem.line == 2
    assert f"more than {MAX_INT_DIGITS} digits" in problem.message


def test_cli_validate_reports_bombs_as_problems_not_bugs(tmp_path: Path):
    files = {
        "merge.yaml": merge_key_bomb(),
        "deep.yaml": "a: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "number.yaml": "a: " + "1" * 100_000 + "\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["frameworks", "validate", *map(str, tmp_path.iterdir())])
    assert time.perf_counter() - started < 3 * FAST_SECONDS
    assert result.exit_code == 2, result.output
    assert "this is a bug" not in result.output
    for name in files:
        assert f"{name}:" in result.output


def test_an_upload_sized_file_of_nested_brackets_is_refused_fast():
    # 2 MB (the upload limit) of 60-deep brackets: PyYAML's own scanner took 30 s per 200 KB.
    line = "- " + "[" * 60 + "]" * 60 + "\n"
    [problem] = refused_fast(line * (2_000_000 // len(line))).problems
    assert f"more than {MAX_VALUES} values" in problem.message
