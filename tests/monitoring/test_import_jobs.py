"""Confirming a monitoring import runs as a background job (issue 15): the counts on the
job's page; all or nothing; a retried job never imports twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from yjaudit.accounts.testing import verified_login
from yjaudit.jobs import services as job_services
from yjaudit.jobs.models import Job, JobStatus
from yjaudit.monitoring import services
from yjaudit.monitoring.models import ImportStatus, IndicatorRecord, MonitoringImport

from .conftest import INTERVENTIONS_CSV

pytestmark = pytest.mark.django_db


def _queued(service: Any, qa: Any) -> Job:
    batch = services.start_import(
        actor=qa,
        service=service,
        record_set="interventions",
        filename="kpi.csv",
        data=INTERVENTIONS_CSV.encode(),
    )
    assert batch.status == ImportStatus.CHECKED
    return services.request_commit(actor=qa, batch=batch)


def test_the_job_writes_the_records_and_says_what_it_did(service: Any, qa: Any) -> None:
    job = _queued(service, qa)
    assert job.visible_with == ["monitoring.manage"] and "kpi.csv" not in job.title
    assert job_services.job_run(job_id=job.pk).status == "done"
    job.refresh_from_db()
    assert job.result["counts"] == {"created": 6, "updated": 0, "unchanged": 0}
    assert job.result["next"] == "/monitoring/DEMO/"
    assert IndicatorRecord.objects.count() == 6
    assert MonitoringImport.objects.get().status == ImportStatus.COMMITTED


def test_a_try_that_breaks_writes_nothing_and_the_retry_imports_once(
    service: Any, qa: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _queued(service, qa)
    real = services.record
    calls = {"n": 0}

    def flaky(**kwargs: Any) -> Any:  # the last write inside the import's transaction
        if kwargs.get("action") == "monitoring.import":
            calls["n"] += 1
            if calls["n"] == 1:
                raise OSError("connection reset")
        return real(**kwargs)

    monkeypatch.setattr(services, "record", flaky)
    assert job_services.job_run(job_id=job.pk).status == "retry"
    assert IndicatorRecord.objects.count() == 0
    assert MonitoringImport.objects.get().status == ImportStatus.CHECKED
    assert job_services.job_run(job_id=job.pk).status == "done"
    assert IndicatorRecord.objects.count() == 6
    # Taken over again after it was written (its worker died before marking it done).
    stale = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=stale)
    assert job_services.job_run(job_id=job.pk).status == "done"
    assert IndicatorRecord.objects.count() == 6
    job.refresh_from_db()
    assert job.attempts == 3 and job.result["counts"]["created"] == 6


def test_the_check_page_sends_to_the_job_page_with_the_counts(
    service: Any, qa: Any, confirm: Any
) -> None:
    client = Client()
    verified_login(client, qa)
    job = _queued(service, qa)
    Job.objects.all().delete()  # asked again from the page below
    batch = MonitoringImport.objects.get()
    response = confirm(client, f"/monitoring/DEMO/import/{batch.pk}/", {"confirm": "1"})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Created" in page and ">6<" in page and "/monitoring/DEMO/" in page
    # Confirming again: the import was used; nothing more is queued or written.
    again = client.post(f"/monitoring/DEMO/import/{batch.pk}/", {"confirm": "1"})
    assert again.status_code == 302 and Job.objects.count() == 1
    assert IndicatorRecord.objects.count() == 6
