"""Report files made by a background job: asked for on the page, made for what the
requester may see, offered on the job's page; a GET writes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases.factories import make_user, sign_in
from yjaudit.jobs.models import Job, JobStatus
from yjaudit.organisations.models import Role


@pytest.fixture
def derby(world: Any) -> Any:
    return world.round("DERBY", size=16)


@pytest.fixture(autouse=True)
def results(settings: Any, tmp_path: Any) -> Any:
    settings.YJAUDIT_JOB_RESULTS_DIR = tmp_path
    return tmp_path


def _ask(client: Client, derby: Any, kind: str, fmt: str) -> Any:
    url = reverse("reports:request_file", kwargs={"pk": derby.pk, "kind": kind})
    return client.post(url, {"fmt": fmt})


def test_a_board_pack_file_is_made_by_a_job_and_offered_when_ready(
    derby: Any, django_capture_on_commit_callbacks: Any
) -> None:
    qa = make_user("qa", derby.service, Role.QA_LEAD)
    client = sign_in(Client(), qa)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        response = _ask(client, derby, "board", "xlsx")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.parameters == {"round": derby.pk, "kind": "board", "fmt": "xlsx", "language": "en"}
    waiting = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' in waiting and "<progress" in waiting
    assert client.get(f"/jobs/{job.pk}/download").status_code == 404  # not ready yet
    sent[0]()  # the worker's turn (eager in tests)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    ready = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in ready and f"/jobs/{job.pk}/download" in ready
    download = client.get(f"/jobs/{job.pk}/download")
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        f'attachment; filename="derby-round{derby.pk}-board.xlsx"'
    )
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames


def test_a_board_members_file_is_aggregate_and_hidden_from_others(
    derby: Any, django_capture_on_commit_callbacks: Any
) -> None:
    board = make_user("board", derby.service, Role.BOARD_MEMBER)
    qa = make_user("qa", derby.service, Role.QA_LEAD)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(sign_in(Client(), board), derby, "round", "docx")
    board_job = Job.objects.get(requested_by=board)
    assert board_job.status == JobStatus.DONE and board_job.visible_with == ["report.export"]
    with django_capture_on_commit_callbacks(execute=False):
        _ask(sign_in(Client(), qa), derby, "round", "pdf")
    qa_job = Job.objects.get(requested_by=qa)
    # The QA lead's file may hold case detail: board members may not open it.
    assert qa_job.visible_with == ["report.export", "audit.review"]
    board_client = sign_in(Client(), board)
    assert board_client.get(f"/jobs/{qa_job.pk}/").status_code == 404
    assert board_client.get(f"/jobs/{board_job.pk}/").status_code == 200
    auditor = make_user("auditor", derby.service, Role.AUDITOR)  # no report.export
    assert sign_in(Client(), auditor).get(f"/jobs/{board_job.pk}/").status_code == 404


def test_asking_needs_a_file_format_and_the_right_to_export(derby: Any) -> None:
    qa = make_user("qa", derby.service, Role.QA_LEAD)
    assert _ask(sign_in(Client(), qa), derby, "round", "exe").status_code == 400
    assert _ask(sign_in(Client(), qa), derby, "secret", "pdf").status_code == 404
    auditor = make_user("auditor", derby.service, Role.AUDITOR)
    assert _ask(sign_in(Client(), auditor), derby, "round", "pdf").status_code == 404
    assert not Job.objects.exists()


def test_a_requester_who_lost_the_right_gets_a_failed_job(
    derby: Any, django_capture_on_commit_callbacks: Any
) -> None:
    qa = make_user("qa", derby.service, Role.QA_LEAD)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        _ask(sign_in(Client(), qa), derby, "round", "xlsx")
    qa.role_grants.all().delete()
    sent[0]()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.attempts == 1
    assert job.error == "You may no longer download this round's reports."


def test_a_requester_whose_role_was_revoked_no_longer_sees_the_file(
    derby: Any, django_capture_on_commit_callbacks: Any
) -> None:
    manager = make_user("manager", derby.service, Role.MANAGER)
    client = sign_in(Client(), manager)
    with django_capture_on_commit_callbacks(execute=False):
        _ask(client, derby, "round", "xlsx")
    job = Job.objects.get()
    assert client.get(f"/jobs/{job.pk}/").status_code == 200
    manager.role_grants.all().delete()
    assert sign_in(Client(), manager).get(f"/jobs/{job.pk}/").status_code == 404
