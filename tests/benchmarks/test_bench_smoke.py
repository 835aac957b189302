"""`python -m bench --quick` runs every benchmark at toy sizes, checking its figures
against its reference, and prints the BENCH line format other tools read."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^BENCH (\S+) (\d+\.\d\d) s ratio=(\d+\.\d|n/a) peak=(\d+)MB$")


def test_quick_bench_runs_and_agrees_with_reference() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "scoring"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert [LINE.match(line).group(1) for line in lines] == [  # type: ignore[union-attr]
        "scoring-quick",
        "scoring-quick-by-service",
    ]


def test_reference_check_catches_a_wrong_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    from bench import _synthetic as syn
    from bench import scoring

    from yjaudit.engine import score_arrays

    fw = syn.framework()
    ds = syn.generate(fw, 3, 5)
    report = score_arrays(fw, ds.arrays, case_attributes=ds.case_attributes, by=["service"])
    meta = scoring.meta_of(fw)
    ref = scoring.reference(scoring.frame(ds), meta, by_service=True)
    scoring.compare(report, ref, meta, services=3)  # agrees

    first = report.result.standards[0]
    wrong_figure = dataclasses.replace(first.figure, numerator=first.figure.numerator + 1)
    wrong = dataclasses.replace(
        report,
        result=dataclasses.replace(
            report.result,
            standards=(
                dataclasses.replace(first, figure=wrong_figure),
                *report.result.standards[1:],
            ),
        ),
    )
    with pytest.raises(AssertionError):
        scoring.compare(wrong, ref, meta, services=3)


def test_quick_indicators_bench_agrees_with_pandas() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "indicators"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.strip().splitlines()
    match = LINE.match(line)
    assert match is not None and match.group(1) == "indicators-quick", line
