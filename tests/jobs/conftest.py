from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from . import handlers

KINDS = {
    "test.echo": "jobs.handlers.echo",
    "test.refuse": "jobs.handlers.refuse",
    "test.slow": "jobs.handlers.slow",
    "test.summarised": "jobs.handlers.summarised",
}


@pytest.fixture(autouse=True)
def kinds(settings: Any, tmp_path: Path) -> Path:
    settings.YJAUDIT_JOB_KINDS = {**settings.YJAUDIT_JOB_KINDS, **KINDS}
    settings.YJAUDIT_JOB_RESULTS_DIR = tmp_path / "results"
    settings.YJAUDIT_JOBS = {
        "max_attempts": 3,
        "retry_base_seconds": 30,
        "stale_seconds": 900,
        "sweep_minutes": 5,
    }
    handlers.runs.clear()
    return tmp_path / "results"
