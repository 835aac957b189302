"""Job kinds for the tests (registered with the `kinds` fixture in conftest.py)."""

from __future__ import annotations

import time

from yjaudit.errors import DomainError
from yjaudit.jobs.kinds import JobFile, JobSummary, Progress, shown_by
from yjaudit.jobs.models import Job

runs: list[int] = []  # (in-process runs only) job pk per handler call


def echo(job: Job, progress: Progress) -> JobFile:
    """Writes the parameters' text; fails on the first `fail_times` attempts."""
    runs.append(job.pk)
    progress(50, "half way")
    if job.attempts <= int(job.parameters.get("fail_times", 0)):
        raise OSError(f"disk full on attempt {job.attempts}")
    return JobFile("echo.txt", "text/plain", str(job.parameters.get("text", "")).encode())


def refuse(job: Job, progress: Progress) -> JobFile:
    raise DomainError("this round was withdrawn")


def slow(job: Job, progress: Progress) -> JobFile:
    """Takes `seconds`, reporting progress each tenth of it (a worker can be killed inside)."""
    seconds = float(job.parameters.get("seconds", 1))
    for step in range(10):
        progress(step * 10, f"step {step}")
        time.sleep(seconds / 10)
    return JobFile("slow.txt", "text/plain", f"attempt {job.attempts}".encode())


@shown_by("jobs/counts.html")
def summarised(job: Job, progress: Progress) -> JobSummary:
    """Makes no file: counts, and details its own template shows."""
    return JobSummary({"rows": 2}, "/next/", {"problems": [{"row": 2}], "note": "kept"})
