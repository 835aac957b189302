"""`python -m bench --quick` runs every benchmark at toy sizes, checking its figures
against its reference, and prints the BENCH line format other tools read."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
