"""Reads: the jobs a user may see, and the schedule with its last runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from yjaudit.organisations import permissions

from .models import Job, ScheduledRun
from .schedule import Entry, entries


def jobs_for(user: Any) -> QuerySet[Job]:
    """The requester's own jobs, and jobs of a service where the user holds every action
    the job names (`visible_with`; none named: the requester only)."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    mine = Q(requested_by=user)
    shared = Q(pk__in=[])
    candidates = Job.objects.exclude(requested_by=user).exclude(visible_with=[])
    allowed: list[int] = []
    for job in candidates.filter(service__in=permissions.services_for(user, "service.view")).only(
        "pk", "service_id", "visible_with"
    ):
        if all(permissions.can(user, a, job.service_id) for a in job.visible_with):
            allowed.append(job.pk)
    if allowed:
        shared = Q(pk__in=allowed)
    return Job.objects.filter(mine | shared).select_related("service")


@dataclass(frozen=True)
class ScheduleRow:
    entry: Entry
    last: ScheduledRun | None
    next_run: dt.datetime


def schedule_rows(now: dt.datetime | None = None) -> list[ScheduleRow]:
    rows = []
    for entry in entries():
        last = ScheduledRun.objects.filter(name=entry.name).first()
        rows.append(
            ScheduleRow(entry, last, entry.next_run(last.started_at if last else None, now))
        )
    return rows
