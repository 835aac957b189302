"""`python -m bench --quick compliance` agrees with its pandas reference, and the
comparison catches a wrong figure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^BENCH (\S+) (\d+\.\d\d) s ratio=(\d+\.\d|n/a) peak=(\d+)MB$")


def test_quick_compliance_bench_agrees_with_pandas() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "compliance"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.strip().splitlines()
    match = LINE.match(line)
    assert match is not None and match.group(1) == "compliance-quick", line


def test_reference_check_catches_a_wrong_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    from bench import compliance as bench

    rules = bench.find_rule_set("national-standards-local-2019")
    months = bench.months_ending(bench.LAST_MONTH, 12)
    cases, events = bench.make_data(60, 3000)
    got = bench.ours(rules, cases, events, months)
    cf, ef = bench.frames(cases, events)
    expected = bench.reference(rules, cf, ef, months)
    bench.compare(got, expected)  # agrees
    key = next(k for k, v in got.items() if v[2])  # a figure with a missed case
    due, met, missed, nyd, refs = got[key]
    with pytest.raises(AssertionError, match="differ"):
        bench.compare({**got, key: (due, met + 1, missed - 1, nyd, refs)}, expected)
    with pytest.raises(AssertionError, match="differ"):
        bench.compare({**got, key: (due, met, missed, nyd, refs[1:])}, expected)
