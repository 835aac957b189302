"""Job services on the database: request, run, idempotency, retries, stale jobs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from cases.factories import make_user
from yjaudit.audittrail.models import AuditEvent
from yjaudit.jobs import services
from yjaudit.jobs.models import Job, JobStatus
from yjaudit.jobs.services import UnknownJobKind
from yjaudit.organisations.models import Role, Service

from . import handlers

pytestmark = pytest.mark.django_db


@pytest.fixture
def service() -> Service:
    return Service.objects.create(code="JOBS", name="Jobshire Youth Justice Service")


def _request(service: Service, **parameters: Any) -> Job:
    user = make_user("asker", service, Role.QA_LEAD)
    return services.job_request(
        actor=user, kind="test.echo", title="Echo", parameters=parameters, service=service
    )


def test_a_request_is_a_queued_row_with_a_trail_and_runs_once_committed(
    service: Service, django_capture_on_commit_callbacks: Any, kinds: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as sent:
        job = _request(service, text="hello")
    assert job.status == JobStatus.QUEUED and job.attempts == 0
    assert AuditEvent.objects.filter(action="job.request", object_id=str(job.pk)).exists()
    assert len(sent) == 1  # the task is sent only when the row is committed
    sent[0]()  # eager (test settings): runs now
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100 and job.attempts == 1
    assert (kinds / job.result_path).read_bytes() == b"hello"
    assert job.result_name == "echo.txt" and job.result_type == "text/plain"
    actions = list(
        AuditEvent.objects.filter(object_id=str(job.pk), action__startswith="job.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["job.request", "job.start", "job.done"]


def test_an_unknown_kind_is_refused(service: Service) -> None:
    with pytest.raises(UnknownJobKind):
        services.job_request(actor=None, kind="nope", title="x", parameters={}, service=service)
    assert not Job.objects.exists()


def test_running_a_finished_job_again_does_nothing(service: Service) -> None:
    job = _request(service, text="once")
    assert services.job_run(job_id=job.pk).status == "done"
    job.refresh_from_db()
    finished = (job.result_path, job.finished_at, job.attempts)
    assert services.job_run(job_id=job.pk).status == "skipped"
    job.refresh_from_db()
    assert (job.result_path, job.finished_at, job.attempts) == finished
    assert handlers.runs == [job.pk]  # the handler ran once


def test_a_job_running_elsewhere_is_not_run_twice(service: Service) -> None:
    job = _request(service)
    claimed = services.job_claim(job_id=job.pk)
    assert claimed is not None
    outcome = services.job_run(job_id=job.pk)  # a second delivery of the same message
    assert outcome.status == "busy" and outcome.retry_in == 900
    assert handlers.runs == []


def test_a_failure_is_retried_with_backoff_then_succeeds(service: Service) -> None:
    job = _request(service, text="late", fail_times=2)
    first = services.job_run(job_id=job.pk)
    assert (first.status, first.retry_in) == ("retry", 30)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.error == "disk full on attempt 1"
    assert "Traceback" not in job.error
    second = services.job_run(job_id=job.pk)
    assert (second.status, second.retry_in) == ("retry", 60)
    assert services.job_run(job_id=job.pk).status == "done"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 3 and job.error == ""
    assert AuditEvent.objects.filter(action="job.retry", object_id=str(job.pk)).count() == 2


def test_a_job_failing_every_attempt_fails_with_its_message(service: Service) -> None:
    job = _request(service, fail_times=99)
    outcomes = [services.job_run(job_id=job.pk).status for _ in range(4)]
    assert outcomes == ["retry", "retry", "failed", "skipped"]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 3
    assert job.error == "disk full on attempt 3" and job.finished_at is not None


def test_a_domain_refusal_fails_at_once(service: Service) -> None:
    job = services.job_request(
        actor=None, kind="test.refuse", title="No", parameters={}, service=service
    )
    assert services.job_run(job_id=job.pk).status == "failed"
    job.refresh_from_db()
    assert job.attempts == 1 and job.error == "this round was withdrawn"


def test_the_task_retries_through_celery(
    service: Service, django_capture_on_commit_callbacks: Any
) -> None:
    """Eagerly: the task's retries run at once; the row shows each attempt."""
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(service, text="third time", fail_times=2)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 3
    assert handlers.runs == [job.pk] * 3


def test_a_stuck_job_is_requeued_and_a_retried_job_restarts_cleanly(
    service: Service, django_capture_on_commit_callbacks: Any, kinds: Any
) -> None:
    start = timezone.now()
    job = _request(service, text="again")
    claimed = services.job_claim(job_id=job.pk, now=start)
    assert claimed is not None
    services.job_progress(job=claimed, percent=40, message="part way")  # then the worker died
    with time_machine.travel(start + dt.timedelta(seconds=60)):
        assert services.jobs_requeue_stale() == []  # not stale yet
    with (
        time_machine.travel(start + dt.timedelta(seconds=1000)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.jobs_requeue_stale() == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.progress == 100
    assert [p.name for p in kinds.iterdir()] == [job.result_path]  # one file, no partial
    assert AuditEvent.objects.filter(action="job.requeue", object_id=str(job.pk)).exists()


def test_a_stale_claim_cannot_finish_a_job_taken_over(service: Service) -> None:
    start = timezone.now()
    job = _request(service)
    old = services.job_claim(job_id=job.pk, now=start)
    new = services.job_claim(job_id=job.pk, now=start + dt.timedelta(seconds=1000))
    assert old is not None and new is not None and new.attempts == 2
    services.job_progress(job=old, percent=70)  # the old run's progress is ignored
    job.refresh_from_db()
    assert job.progress == 0


def test_a_broker_that_cannot_be_reached_leaves_the_job_queued_for_the_sweep(
    service: Service, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    from yjaudit.jobs.tasks import run_job

    def down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("broker down")

    monkeypatch.setattr(run_job, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(service, text="later")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED  # the request succeeded; nothing was lost


def test_a_summary_keeps_its_details_and_names_its_template(service: Service) -> None:
    from yjaudit.jobs.kinds import template_for

    job = services.job_request(
        actor=None, kind="test.summarised", title="Sum", parameters={}, service=service
    )
    assert services.job_run(job_id=job.pk).status == "done"
    job.refresh_from_db()
    assert job.result == {
        "problems": [{"row": 2}],
        "note": "kept",
        "counts": {"rows": 2},
        "next": "/next/",
    }
    assert template_for("test.summarised") == "jobs/counts.html"
    assert template_for("test.echo") == "" and template_for("nope") == ""
    # Retention removes the rows' problems; the rest stays as the record.
    services.jobs_remove_files(before=timezone.now() + dt.timedelta(days=1), days=7)
    job.refresh_from_db()
    assert "problems" not in job.result and job.result["note"] == "kept"
