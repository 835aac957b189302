"""Confirming a register import runs as a background job (issue 15): the page takes the
person to the job's page (rows done of total), which then shows the counts or every
problem; all or nothing; a retried job never imports twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases import services
from yjaudit.cases.models import Case, CaseImport, CaseKind, ImportStatus
from yjaudit.jobs import services as job_services
from yjaudit.jobs.models import Job, JobStatus
from yjaudit.organisations.models import Role

from .factories import make_people, make_service, make_user, sign_in

FILE = (
    "Reference,Disposal,Start date\n"
    + "".join(f"R{i},Referral Order,01/03/2024\n" for i in range(40))
).encode()
BAD = FILE + b"R40,Referal,13/13/2024\nR41,Referral Order,31/02/2024\n"
VICTIMS = b"Victim reference,Linked case,Consent to contact\nV1,R1,Yes\nV2,R2,No\n"


@pytest.fixture
def derby(db: Any) -> Any:
    service = make_service()
    make_people(service)
    return service


@pytest.fixture
def qa(derby: Any) -> Any:
    return make_user("qa", derby, Role.QA_LEAD)


def _queued(qa: Any, derby: Any, data: bytes = FILE, kind: str = CaseKind.CHILDREN) -> Job:
    upload = services.start_import(
        actor=qa, service=derby, filename="export.csv", data=data, kind=kind
    )
    return services.request_import_commit(actor=qa, case_import=upload)


def test_the_job_imports_every_row_and_says_what_it_did(qa: Any, derby: Any) -> None:
    job = _queued(qa, derby)
    assert job.visible_with == ["case.import"] and job.parameters["import"]
    assert job_services.job_run(job_id=job.pk).status == "done"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result_path == ""
    assert job.result["counts"] == {"rows": 40, "created": 40, "updated": 0, "unchanged": 0}
    assert Case.objects.filter(service=derby).count() == 40
    upload = CaseImport.objects.get()
    assert upload.status == ImportStatus.COMMITTED and upload.kept_rows == []


def test_the_victims_register_is_imported_by_the_same_job(qa: Any, derby: Any) -> None:
    job_services.job_run(job_id=_queued(qa, derby).pk)
    job = _queued(qa, derby, VICTIMS, CaseKind.VICTIMS)
    assert "victims" in job.title
    job_services.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.result["counts"]["created"] == 2
    assert Case.objects.filter(kind=CaseKind.VICTIMS).count() == 2


def test_a_file_with_problems_fails_listing_each_and_writes_nothing(qa: Any, derby: Any) -> None:
    job = _queued(qa, derby, BAD)
    events = AuditEvent.objects.filter(action="case.create").count()
    assert job_services.job_run(job_id=job.pk).status == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 1  # not retried
    problems = job.result["problems"]
    assert {(p["file"], p["row"], p["field"]) for p in problems} == {
        ("export.csv", 42, "Disposal"),
        ("export.csv", 42, "Start date"),
        ("export.csv", 43, "Start date"),
    }
    assert not Case.objects.exists()
    assert AuditEvent.objects.filter(action="case.create").count() == events
    assert CaseImport.objects.get().status == ImportStatus.UPLOADED  # may be mapped again


def test_a_try_that_breaks_half_way_writes_nothing_and_the_retry_imports_once(
    qa: Any, derby: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _queued(qa, derby)
    real = services.record
    written = {"n": 0}

    def flaky(**kwargs: Any) -> Any:
        if kwargs.get("action") == "case.create":
            written["n"] += 1
            if written["n"] == 20:
                raise OSError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "record", flaky)
    assert job_services.job_run(job_id=job.pk).status == "retry"
    assert not Case.objects.exists()  # the first 19 rolled back with the rest
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.error == "disk full"
    assert job_services.job_run(job_id=job.pk).status == "done"
    assert Case.objects.count() == 40
    assert AuditEvent.objects.filter(action="case.create").count() == 40


def test_a_job_run_again_after_its_import_was_written_imports_nothing_more(
    qa: Any, derby: Any
) -> None:
    job = _queued(qa, derby)
    job_services.job_run(job_id=job.pk)
    # The worker died between writing the import and marking the job done: the job looks
    # stuck, the sweep sends it again, and another worker takes it over.
    stale = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=stale)
    assert job_services.job_run(job_id=job.pk).status == "done"
    job.refresh_from_db()
    assert job.attempts == 2 and job.result["counts"] == {"created": 40, "updated": 0}
    assert Case.objects.count() == 40
    assert AuditEvent.objects.filter(action="case.create").count() == 40


def test_a_second_confirmation_while_the_first_waits_is_the_same_job(qa: Any, derby: Any) -> None:
    job = _queued(qa, derby)
    again = services.request_import_commit(actor=qa, case_import=CaseImport.objects.get())
    assert again.pk == job.pk and Job.objects.count() == 1


def test_a_person_who_lost_the_right_gets_a_failed_job(qa: Any, derby: Any) -> None:
    job = _queued(qa, derby)
    qa.role_grants.all().delete()
    assert job_services.job_run(job_id=job.pk).status == "failed"
    job.refresh_from_db()
    assert job.error == "You may no longer import into this register."
    assert not Case.objects.exists()


def test_the_page_sends_to_the_job_which_shows_rows_done_then_the_counts(
    qa: Any,
    derby: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = sign_in(Client(), qa)
    client.post(
        reverse("cases:import_upload", args=[derby.code]),
        {"file": _upload("export.csv", FILE)},
    )
    upload = CaseImport.objects.get()
    preview = reverse("cases:import_preview", args=[derby.code, upload.pk])
    with django_capture_on_commit_callbacks(execute=False) as sent:
        response = client.post(preview, {"action": "import"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting and "<progress" in waiting
    seen: list[tuple[str, str]] = []
    real = job_services.job_progress

    def watched(**kwargs: Any) -> None:
        real(**kwargs)
        if " of " in kwargs["message"] and not seen:  # the page, part way through
            seen.append((kwargs["message"], client.get(f"/jobs/{job.pk}/").content.decode()))

    monkeypatch.setattr(job_services, "job_progress", watched)
    sent[0]()  # the worker's turn
    message, page = seen[0]
    assert message.endswith("of 40 rows") and 'http-equiv="refresh"' in page
    if connection.vendor == "sqlite":  # PostgreSQL's goes through a connection of its own,
        assert message in page  # which the test's transaction cannot see
    done = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in done
    assert "Created" in done and ">40<" in done and reverse("cases:list") in done
    assert "/download" not in done  # no file: the import's counts


def test_the_page_of_a_refused_file_lists_every_problem(qa: Any, derby: Any, confirm: Any) -> None:
    client = sign_in(Client(), qa)
    client.post(
        reverse("cases:import_upload", args=[derby.code]),
        {"file": _upload("export.csv", BAD)},
    )
    upload = CaseImport.objects.get()
    preview = reverse("cases:import_preview", args=[derby.code, upload.pk])
    page = client.get(confirm(client, preview, {"action": "import"})["Location"])
    text = page.content.decode()
    assert "Nothing was written: the file has problems" in text
    assert text.count('<td class="govuk-table__cell">export.csv</td>') == 3
    assert "13/13/2024" in text
    assert not Case.objects.exists()
    other = make_user("auditor", derby, Role.AUDITOR)  # no case.import: not theirs to see
    job = Job.objects.get()
    assert sign_in(Client(), other).get(f"/jobs/{job.pk}/").status_code == 404


def _upload(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")
