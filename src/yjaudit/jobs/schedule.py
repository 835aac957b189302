"""Scheduled work: YJAUDIT_SCHEDULED_TASKS as Celery beat entries, and when each runs next.

An entry is `name: {"call": "dotted.path", "cron": "m h dom mon dow", "doc": "..."}`; the
call takes no arguments and returns something printable (its result on the schedule page).
Other apps add entries to the setting; a missing or failing call is a failed run, shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from celery.schedules import crontab
from django.utils import timezone

from .settings import scheduled, tuning

SWEEP = "requeue-stale-jobs"
RUN_SCHEDULED = "yjaudit.jobs.run_scheduled"
REQUEUE_STALE = "yjaudit.jobs.requeue_stale"


@dataclass(frozen=True)
class Entry:
    name: str
    call: str
    cron: str
    doc: str

    @property
    def schedule(self) -> crontab:
        return cron_of(self.cron)

    def next_run(self, last: dt.datetime | None, now: dt.datetime | None = None) -> dt.datetime:
        """The next time this entry is due after its last run (or after now), not before now."""
        at = now or timezone.now()
        remaining = cron_of(self.cron, now=lambda: at).remaining_estimate(last or at)
        return at.astimezone(dt.UTC) + max(remaining, dt.timedelta(0))  # absolute time


def cron_of(text: str, now: Callable[[], dt.datetime] | None = None) -> crontab:
    fields = text.split()
    if len(fields) != 5:
        raise ValueError(f"cron {text!r}: five fields (minute hour day month weekday)")
    minute, hour, day, month, weekday = fields
    return crontab(
        minute=minute,
        hour=hour,
        day_of_month=day,
        month_of_year=month,
        day_of_week=weekday,
        nowfun=now,
    )


def entries() -> list[Entry]:
    out = []
    for name, spec in scheduled().items():
        out.append(Entry(name, str(spec["call"]), str(spec["cron"]), str(spec.get("doc", ""))))
    return out


def beat_schedule() -> dict[str, dict[str, Any]]:
    """Celery beat's schedule: every entry, plus the sweep that re-queues stuck jobs."""
    beat: dict[str, dict[str, Any]] = {
        e.name: {"task": RUN_SCHEDULED, "schedule": e.schedule, "args": (e.name,)}
        for e in entries()
    }
    beat[SWEEP] = {
        "task": REQUEUE_STALE,
        "schedule": dt.timedelta(minutes=tuning("sweep_minutes")),
    }
    return beat
