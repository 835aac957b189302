"""Jobs that confirm an import waiting in a row of its own (monitoring's record sets,
practice's case events and memberships): asked for once, run all or nothing.

The app describes its import (`BatchImport`); its services call `request_batch` from
the page and `run_batch` as the kind's handler. A retry after the commit finds the row
committed (it is locked and marked in the import's own transaction) and reports it,
writing nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yjaudit.audittrail.actors import Actor
from yjaudit.errors import DomainError
from yjaudit.organisations import permissions

from . import selectors
from .kinds import JobSummary, Progress, RowProgress, in_language
from .models import Job
from .services import job_request


class ImportNoLongerAllowed(DomainError):
    """The person who confirmed may no longer import into this service."""


@dataclass(frozen=True)
class BatchImport:
    kind: str  # the job kind (YJAUDIT_JOB_KINDS)
    action: str  # the permission that imports (and sees the job)
    model: type[Model]
    next_page: str  # URL name (service_code) the finished job links to
    # commit(actor=, batch=, progress=) -> the committed batch; progress(rows so far)
    commit: Callable[..., Any]
    counted: Callable[[Any], int]  # the rows its progress counts
    counts: Callable[[Any], dict[str, int]]  # what the job's page shows
    committed: str = "committed"  # the batch's status once written


def request_batch(spec: BatchImport, *, actor: Actor, batch: Any, title: str) -> Job:
    """Queue the confirmation; a second click while the first waits or runs is taken to
    the same job."""
    waiting = selectors.unfinished(spec.kind, batch=batch.pk)
    if waiting is not None:
        return waiting
    return job_request(
        actor=actor,
        kind=spec.kind,
        title=title,
        parameters={"batch": batch.pk, "language": get_language()},
        service=batch.service,
        visible_with=[spec.action],
    )


def run_batch(spec: BatchImport, job: Job, progress: Progress) -> JobSummary:
    """The handler's work: commit (it records the import), or report the commit a run
    before this one made."""
    with in_language(job):
        batch: Any = spec.model._default_manager.select_related("service").get(
            pk=job.parameters["batch"]
        )
        next_url = reverse(spec.next_page, kwargs={"service_code": batch.service.code})
        if batch.status != spec.committed:
            user = job.requested_by
            if user is None or not permissions.can(user, spec.action, batch.service):
                raise ImportNoLongerAllowed(_("You may no longer import into this service."))
            progress(2, _("Writing %(n)s rows") % {"n": len(batch.pending or [])})
            tick = RowProgress(progress, spec.counted(batch), absolute=True)
            batch = spec.commit(actor=user, batch=batch, progress=tick)
        return JobSummary(spec.counts(batch), next_url)
