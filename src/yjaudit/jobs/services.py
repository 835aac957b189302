"""Writes for background jobs: request, claim, progress, finish, re-queue, scheduled runs.

A job is claimed by one guarded UPDATE (queued, or running with a heartbeat older than
`stale_seconds`), so two workers handed the same message never both run it, a finished
job is never run again, and a job whose worker died is taken over once it goes stale.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record
from yjaudit.errors import DomainError
from yjaudit.organisations.models import Service
from yjaudit.said import Said

from .kinds import ROW_LISTS, JobFile, JobProblems, JobSummary, handler_for, remake_for
from .models import Job, JobStatus, ScheduledRun
from .selectors import files_past
from .settings import kinds, results_dir, tuning

log = logging.getLogger(__name__)
ERROR_CHARS = 500
MESSAGE_CHARS = 200


class UnknownJobKind(DomainError):
    """A job was asked for a kind no app registered."""


@dataclass(frozen=True)
class Outcome:
    """What a run came to: `retry_in` seconds when the task should run again."""

    status: str  # "done", "failed", "retry", "busy", "skipped"
    retry_in: int | None = None


def _trail(job: Job) -> dict[str, Any]:
    return {
        "kind": job.kind,
        "parameters": job.parameters,
        "status": job.status,
        "attempts": job.attempts,
    }


@transaction.atomic
def job_request(
    *,
    actor: Actor,
    kind: str,
    title: str,
    parameters: dict[str, Any],
    service: Service | None,
    visible_with: Iterable[str] = (),
) -> Job:
    """Queue a job; the task is sent once the row is committed (a worker must find it)."""
    if kind not in kinds():
        raise UnknownJobKind(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        title=title[:200],
        parameters=parameters,
        requested_by=user_of(actor),
        service=service,
        visible_with=list(visible_with),
    )
    record(actor=actor, action="job.request", target=job, after=_trail(job), service=service)
    transaction.on_commit(lambda: _send(job.pk))
    return job


def _send(job_id: int, countdown: int | None = None) -> None:
    """Hand the job to the broker. The row is committed already: if the broker cannot be
    reached the job stays queued and the sweep sends it again (the page shows it waiting)."""
    from .tasks import run_job

    try:
        run_job.apply_async((job_id,), countdown=countdown)
    except Exception:
        log.exception("job %s could not be sent to the broker; the sweep will resend it", job_id)


def job_claim(*, job_id: int, now: dt.datetime | None = None) -> Job | None:
    """Take the job for this run, or None (finished, unknown, or running elsewhere)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=tuning("stale_seconds"))
    with transaction.atomic():
        taken = (
            Job.objects.filter(pk=job_id)
            .filter(
                Q(status=JobStatus.QUEUED)
                | Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale)
                | Q(status=JobStatus.RUNNING, heartbeat_at__isnull=True)
            )
            .update(
                status=JobStatus.RUNNING,
                attempts=F("attempts") + 1,
                started_at=now,
                heartbeat_at=now,
                progress=0,
                message="",
            )
        )
        if not taken:
            return None
        job = Job.objects.get(pk=job_id)
        record(actor=None, action="job.start", target=job, after=_trail(job), service=job.service)
    return job


def job_progress(*, job: Job, percent: int, message: str = "") -> None:
    """Bookkeeping while a job runs: the bar and its words, and the heartbeat."""
    percent = max(0, min(99, int(percent)))
    message = message[:MESSAGE_CHARS]
    if transaction.get_connection().in_atomic_block and _side_progress(job, percent, message):
        return
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
        progress=percent, message=message, heartbeat_at=timezone.now()
    )


_side = threading.local()  # this thread's own connection for progress (PostgreSQL)


def _side_progress(job: Job, percent: int, message: str) -> bool:
    """Inside the handler's transaction (an import writes all or nothing) an update would
    show only at its end: on PostgreSQL it goes through a connection of its own (one per
    worker thread, closed when the run ends), so the page sees it now. SQLite has one
    writer at a time, so there it waits (False)."""
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return False
    side = getattr(_side, "connection", None)
    if side is None:
        side = _side.connection = connections.create_connection(DEFAULT_DB_ALIAS)
    with side.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Job._meta.db_table} SET progress = %s, message = %s, "  # noqa: S608
            "heartbeat_at = %s WHERE id = %s AND status = %s AND attempts = %s",
            [percent, message, timezone.now(), job.pk, JobStatus.RUNNING, job.attempts],
        )
    return True


def _close_side() -> None:
    side = getattr(_side, "connection", None)
    if side is not None:
        _side.connection = None
        side.close()


def _store(job: Job, file: JobFile) -> str:
    """Write the file beside its final name, then rename: a reader never sees half a file."""
    folder = results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    suffix = os.path.splitext(file.name)[1][:10]
    relative = f"job{job.pk}-{secrets.token_hex(8)}{suffix}"
    partial = folder / f".{relative}.partial"
    partial.write_bytes(file.data)
    os.replace(partial, folder / relative)
    return relative


def _error_text(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:ERROR_CHARS]


def job_run(*, job_id: int) -> Outcome:
    """Run one job if it may be claimed; what the Celery task calls."""
    job = job_claim(job_id=job_id)
    if job is None:
        current = Job.objects.filter(pk=job_id).values_list("status", flat=True).first()
        if current == JobStatus.RUNNING:  # another worker's, or a dead one's not yet stale
            return Outcome("busy", retry_in=tuning("stale_seconds"))
        return Outcome("skipped")

    def progress(percent: int, message: str = "") -> None:
        job_progress(job=job, percent=percent, message=message)

    try:
        made = handler_for(job.kind)(job, progress)
    except JobProblems as refused:
        result = {"problems": refused.problems}
        return _job_failed(job=job, error=_error_text(refused), final=True, result=result)
    except Exception as exc:
        log.exception("job %s (%s) attempt %s failed", job.pk, job.kind, job.attempts)
        return _job_failed(job=job, error=_error_text(exc), final=isinstance(exc, DomainError))
    finally:
        _close_side()
    if isinstance(made, JobSummary):
        return _job_summarised(job=job, summary=made)
    return _job_done(job=job, file=made)


def _mine(job: Job) -> Any:
    # Only this attempt's claim may finish the job (a stale duplicate may have taken over).
    return Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)


@transaction.atomic
def _job_done(*, job: Job, file: JobFile) -> Outcome:
    relative = _store(job, file)
    changed = _mine(job).update(
        status=JobStatus.DONE,
        progress=100,
        message="",
        error="",
        result_path=relative,
        result_name=file.name[:200],
        result_type=file.content_type[:120],
        finished_at=timezone.now(),
    )
    if not changed:
        (results_dir() / relative).unlink(missing_ok=True)
        return Outcome("skipped")
    job.refresh_from_db()
    record(actor=None, action="job.done", target=job, after=_trail(job), service=job.service)
    return Outcome("done")


@transaction.atomic
def _job_summarised(*, job: Job, summary: JobSummary) -> Outcome:
    result = {**summary.details, "counts": dict(summary.counts), "next": summary.next_url}
    changed = _mine(job).update(
        status=JobStatus.DONE,
        progress=100,
        message="",
        error="",
        result=result,
        finished_at=timezone.now(),
    )
    if not changed:
        return Outcome("skipped")
    job.refresh_from_db()
    record(
        actor=None,
        action="job.done",
        target=job,
        after={**_trail(job), "counts": result["counts"]},
        service=job.service,
    )
    return Outcome("done")


def _retry_delay(attempts: int) -> int:
    """Exponential backoff: base, 2 x base, 4 x base, ..."""
    return tuning("retry_base_seconds") * 2 ** max(0, attempts - 1)


@transaction.atomic
def _job_failed(
    *, job: Job, error: str, final: bool, result: dict[str, Any] | None = None
) -> Outcome:
    last = final or job.attempts >= tuning("max_attempts")
    status = JobStatus.FAILED if last else JobStatus.QUEUED
    changed = _mine(job).update(
        status=status,
        error=error,
        result=result or {},
        message="",
        heartbeat_at=timezone.now(),
        finished_at=timezone.now() if last else None,
    )
    if not changed:
        return Outcome("skipped")
    job.refresh_from_db()
    action = "job.failed" if last else "job.retry"
    # The trail counts the problems; their words may name a case (the job's page lists them).
    after = {**_trail(job), "problems": len((result or {}).get("problems", []))}
    record(actor=None, action=action, target=job, after=after, service=job.service)
    if last:
        return Outcome("failed")
    return Outcome("retry", retry_in=_retry_delay(job.attempts))


def jobs_requeue_stale(*, now: dt.datetime | None = None) -> list[int]:
    """Send again every job stuck running (worker gone) or queued (message lost) past the
    timeout. The claim decides who runs it, so a message that was not lost is harmless."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=tuning("stale_seconds"))
    stuck = Job.objects.filter(
        Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale)
        | Q(status=JobStatus.QUEUED, created_at__lt=stale)
        & (Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True))
    )
    sent: list[int] = []
    for job in stuck:
        with transaction.atomic():
            changed = Job.objects.filter(pk=job.pk, status=job.status).update(
                status=JobStatus.QUEUED, heartbeat_at=now
            )
            if not changed:
                continue
            record(
                actor=None,
                action="job.requeue",
                target=job,
                before={"status": job.status},
                after={"status": JobStatus.QUEUED},
                service=job.service,
            )
            transaction.on_commit(partial(_send, job.pk))
        sent.append(job.pk)
    return sent


class NotRemakeable(DomainError):
    """This job's file cannot be made again (its kind has no way to)."""


def job_remake(*, actor: Actor, job: Job) -> Job:
    """Ask again for a file retention removed: the kind's own request, for this actor."""
    remake = remake_for(job.kind)
    if remake is None or job.status != JobStatus.DONE or job.file_removed_at is None:
        raise NotRemakeable(_("This file cannot be made again."))
    return remake(actor, job)


def jobs_remove_files(*, before: dt.datetime, days: int, service: Service | None = None) -> int:
    """Retention: remove the files of jobs finished before `before` (`days` after they
    finished, as the page then says) and what their pages list about rows (problems may
    quote a case reference); each row stays, marked, as the record that the job ran.
    Returns the count; a second run finds nothing left to do."""
    old = files_past(before, service)
    folder = results_dir()
    done = 0
    for job in old.only("pk", "result_path", "result"):
        if job.result_path:
            (folder / job.result_path).unlink(missing_ok=True)
        result = {k: v for k, v in (job.result or {}).items() if k not in ROW_LISTS}
        result["removed_after_days"] = days
        Job.objects.filter(pk=job.pk).update(
            file_removed_at=timezone.now(), result_path="", result=result
        )
        done += 1
    return done


def scheduled_run_start(*, name: str) -> ScheduledRun:
    run = ScheduledRun.objects.create(name=name[:64], started_at=timezone.now())
    record(actor=None, action="schedule.start", target=run, after={"name": name})
    return run


def scheduled_run_finish(
    *, run: ScheduledRun, ok: bool, result: str, said: Said | None = None
) -> ScheduledRun:
    run.ok = ok
    run.result = result[:500]
    run.said = said.as_json() if said is not None else None
    run.finished_at = timezone.now()
    run.save(update_fields=["ok", "result", "said", "finished_at"])
    record(actor=None, action="schedule.finish", target=run, after={"ok": ok, "result": run.result})
    return run
