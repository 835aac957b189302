"""Reads: the jobs a user may see, and the schedule with its last runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from yjaudit.organisations import permissions

from .models import Job, JobStatus, ScheduledRun
from .schedule import Entry, entries


def jobs_for(user: Any) -> QuerySet[Job]:
    """Jobs of a service where the user holds every action the job names (`visible_with`),
    the requester included (a revoked role revokes their files too); a job naming no
    action: its requester only."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    visible = permissions.services_for(user, "service.view")
    shared = Job.objects.exclude(visible_with=[]).filter(service__in=visible)
    allowed = [
        job.pk
        for job in shared.only("pk", "service_id", "visible_with")
        if all(permissions.can(user, a, job.service_id) for a in job.visible_with)
    ]
    private = Q(requested_by=user, visible_with=[])
    return Job.objects.filter(private | Q(pk__in=allowed)).select_related("service")


def unfinished(kind: str, **parameters: Any) -> Job | None:
    """A job of this kind and these parameters still waiting or running (a second click
    on "Import" is taken to the first's page, not queued again)."""
    found = Job.objects.filter(kind=kind, status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
    for key, value in parameters.items():
        found = found.filter(**{f"parameters__{key}": value})
    return found.first()


def files_past(before: dt.datetime, service: Any = None) -> QuerySet[Job]:
    """Jobs finished before `before` whose file (or listed problems) retention has not
    removed yet; of one service, or all."""
    found = Job.objects.filter(finished_at__lt=before, file_removed_at__isnull=True)
    return found if service is None else found.filter(service=service)


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
