"""Confirming a practice import (case events, memberships) runs as a background job
(issue 15): counts on the job's page; all or nothing; a retry never imports twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from yjaudit.accounts.testing import verified_login
from yjaudit.jobs import services as job_services
from yjaudit.jobs.models import Job, JobStatus
from yjaudit.practice import services
from yjaudit.practice.models import CaseEvent, ForumMembership, ImportStatus, PracticeImport

from .conftest import EVENTS_CSV, MEMBERSHIPS_CSV, Register


def _queued(register: Register, user: Any, kind: str, text: str) -> Job:
    batch = services.start_import(
        actor=user, service=register.service, kind=kind, filename=f"{kind}.csv", data=text.encode()
    )
    assert batch.status == ImportStatus.CHECKED
    return services.request_commit(actor=user, batch=batch)


def test_both_kinds_are_written_by_the_job(register: Register, users: dict[str, Any]) -> None:
    events = _queued(register, users["qa_lead"], "events", EVENTS_CSV)
    members = _queued(register, users["qa_lead"], "memberships", MEMBERSHIPS_CSV)
    assert "case events" in events.title and events.visible_with == ["practice.manage"]
    for job in (events, members):
        assert job_services.job_run(job_id=job.pk).status == "done"
        job.refresh_from_db()
        assert job.result["next"] == "/practice/DEMO/"
    assert events.result["counts"] == {"created": 3, "unchanged": 0}
    assert members.result["counts"] == {"created": 1, "unchanged": 0}
    assert CaseEvent.objects.count() == 3 and ForumMembership.objects.count() == 1


def test_a_try_that_breaks_writes_nothing_and_the_retry_imports_once(
    register: Register, users: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _queued(register, users["qa_lead"], "events", EVENTS_CSV)
    real = services.record
    calls = {"n": 0}

    def flaky(**kwargs: Any) -> Any:  # the last write inside the import's transaction
        if kwargs.get("action") == "practice.import":
            calls["n"] += 1
            if calls["n"] == 1:
                raise OSError("connection reset")
        return real(**kwargs)

    monkeypatch.setattr(services, "record", flaky)
    assert job_services.job_run(job_id=job.pk).status == "retry"
    assert CaseEvent.objects.count() == 0
    assert job_services.job_run(job_id=job.pk).status == "done"
    stale = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=stale)
    assert job_services.job_run(job_id=job.pk).status == "done"
    assert CaseEvent.objects.count() == 3
    assert PracticeImport.objects.get().status == ImportStatus.COMMITTED


def test_a_manager_who_lost_the_right_gets_a_failed_job(
    register: Register, users: dict[str, Any]
) -> None:
    job = _queued(register, users["qa_lead"], "events", EVENTS_CSV)
    users["qa_lead"].role_grants.all().delete()
    assert job_services.job_run(job_id=job.pk).status == "failed"
    assert CaseEvent.objects.count() == 0


def test_the_check_page_sends_to_the_job_page(
    register: Register, users: dict[str, Any], confirm: Any
) -> None:
    client = Client()
    verified_login(client, users["qa_lead"])
    batch = services.start_import(
        actor=users["qa_lead"],
        service=register.service,
        kind="events",
        filename="e.csv",
        data=EVENTS_CSV.encode(),
    )
    response = confirm(client, f"/practice/DEMO/import/{batch.pk}/", {"confirm": "1"})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Created" in page and ">3<" in page
    assert CaseEvent.objects.count() == 3
