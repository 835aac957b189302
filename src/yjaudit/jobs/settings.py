"""The jobs app's settings, read in one place (values and reasons: config/settings/base.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings


def tuning(key: str) -> int:
    """One of YJAUDIT_JOBS: max_attempts, retry_base_seconds, stale_seconds, sweep_minutes."""
    return int(settings.YJAUDIT_JOBS[key])


def results_dir() -> Path:
    return Path(settings.YJAUDIT_JOB_RESULTS_DIR)


def kinds() -> dict[str, str]:
    return dict(settings.YJAUDIT_JOB_KINDS)


def scheduled() -> dict[str, dict[str, Any]]:
    return dict(settings.YJAUDIT_SCHEDULED_TASKS)
