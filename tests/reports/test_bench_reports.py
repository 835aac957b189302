"""`python -m bench --quick reports` prints a BENCH line per format and the board pack,
and the whole-process CLI timing (against the floor: Django's start-up plus the warm
render)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^BENCH (\S+) (\d+\.\d\d) s ratio=(\d+\.\d) peak=(\d+)MB$")


@pytest.mark.slow
def test_quick_report_bench() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "reports"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = [m.group(1) for line in done.stdout.splitlines() if (m := LINE.match(line))]
    assert names == [
        "report-html-20",
        "report-pdf-20",
        "report-docx-20",
        "report-xlsx-20",
        "board-pack-3",
        "report-cold-pdf-20",
    ], done.stdout
    assert re.search(r"^INFO cli report-pdf-20 \d+\.\d\d s ", done.stdout, re.M), done.stdout
