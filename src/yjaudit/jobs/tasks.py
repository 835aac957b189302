"""Celery tasks: thin; the services decide (claim, retry, give up) and record.

Acknowledged late and rejected when the worker is lost: a message leaves the broker only
after its run ended, so a worker that dies mid-job leaves it to be delivered again.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.utils.module_loading import import_string

from yjaudit.said import Said

from . import services
from . import worker as _worker  # noqa: F401 - the configured Celery app, before any task
from .schedule import REQUEUE_STALE, RUN_SCHEDULED
from .settings import scheduled

log = logging.getLogger(__name__)


@shared_task(
    name="yjaudit.jobs.run_job",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # the job row counts attempts (YJAUDIT_JOBS["max_attempts"])
)
def run_job(self: Any, job_id: int) -> str:
    outcome = services.job_run(job_id=job_id)
    if outcome.retry_in is not None:
        if outcome.status == "busy" and self.request.is_eager:
            return outcome.status  # run inline (tests): nobody else will finish it
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(name=REQUEUE_STALE, acks_late=True)
def requeue_stale() -> list[int]:
    return services.jobs_requeue_stale()


@shared_task(name=RUN_SCHEDULED, acks_late=True, reject_on_worker_lost=True)
def run_scheduled(name: str) -> str:
    """One scheduled entry; its outcome (or its error, without traceback) is recorded."""
    run = services.scheduled_run_start(name=name)
    try:
        spec = scheduled()[name]
        outcome = import_string(str(spec["call"]))()
    except Exception as exc:
        log.exception("scheduled task %s failed", name)
        services.scheduled_run_finish(run=run, ok=False, result=str(exc) or type(exc).__name__)
        return "failed"
    said = outcome if isinstance(outcome, Said) else None
    services.scheduled_run_finish(run=run, ok=True, result=str(outcome), said=said)
    return "done"
