"""A large file's check runs as a background job: the column matches' POST queues it and
takes the person to its page (rows done of total), which then shows what the page's own
check shows (counts, every problem by file, row and field) and the button to import.
The check writes nothing; the import stays all or nothing at the confirmation."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
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
    "Reference,Forename,Disposal,Start date\n"
    + "".join(f"R{i},Zed,Referral Order,01/03/2024\n" for i in range(40))
).encode()
BAD = FILE + b"R40,Zed,Referal,13/13/2024\nR41,Zed,Referral Order,31/02/2024\n"
# Against a register holding R0-R4: five unchanged, R5-R9 changed, the rest new.
EARLIER = (
    "Reference,Disposal,Start date\n"
    + "".join(f"R{i},Referral Order,01/03/2024\n" for i in range(5))
    + "".join(f"R{i},Referral Order,01/02/2024\n" for i in range(5, 10))
).encode()
COUNT = re.compile(r'id="count-(create|update|reject)">(\d+)<')


@pytest.fixture
def derby(db: Any, settings: Any) -> Any:
    settings.YJAUDIT_CASE_CHECK_JOB_FROM_ROWS = 10  # small files are "large" here
    service = make_service()
    make_people(service)
    return service


@pytest.fixture
def qa(derby: Any) -> Any:
    return make_user("qa", derby, Role.QA_LEAD)


@pytest.fixture
def client(qa: Any) -> Client:
    return sign_in(Client(), qa)


def _file(data: bytes, name: str = "export.csv") -> Any:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _uploaded(client: Client, derby: Any, data: bytes, victims: bool = False) -> CaseImport:
    page = "cases:import_victims_upload" if victims else "cases:import_upload"
    response = client.post(reverse(page, args=[derby.code]), {"file": _file(data)})
    assert response.status_code == 302, response.content
    return CaseImport.objects.latest("pk")


def _mapped(client: Client, derby: Any, upload: CaseImport, confirm: Any) -> Any:
    """Post the suggested column matches (the check job runs, eagerly, on commit)."""
    url = reverse("cases:import_mapping", args=[derby.code, upload.pk])
    return confirm(client, url, dict(upload.mapping))


def _preview(derby: Any, upload: CaseImport) -> str:
    return reverse("cases:import_preview", args=[derby.code, upload.pk])


def _counts(html: str) -> dict[str, str]:
    return dict(COUNT.findall(html))


def test_a_large_file_is_checked_by_a_job_which_shows_the_counts_and_the_button(
    client: Client, derby: Any, confirm: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload = _uploaded(client, derby, FILE)
    seen: list[str] = []
    real = job_services.job_progress

    def watched(**kwargs: Any) -> None:
        seen.append(kwargs["message"])
        real(**kwargs)

    monkeypatch.setattr(job_services, "job_progress", watched)
    response = _mapped(client, derby, upload, confirm)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.kind == "cases.import_check" and job.visible_with == ["case.import"]
    assert "export.csv" not in job.title  # a file's name may say whose file it is
    assert "of 40 rows" in seen[-1]  # the bar counted the rows
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result["counts"] == {
        "rows": 40,
        "new": 40,
        "changed": 0,
        "unchanged": 0,
        "rejected": 0,
        "problems": 0,
    }
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert _counts(page) == {"create": "40", "update": "0", "reject": "0"}
    assert "Import these cases" in page and f'action="{_preview(derby, upload)}"' in page
    assert f'name="checked" value="{services.mapping_key(upload)}"' in page
    assert "Forename" in page  # named as ignored, never stored
    # Nothing written: no case, the upload still waits for its confirmation.
    assert not Case.objects.exists()
    assert CaseImport.objects.get().status == ImportStatus.UPLOADED
    assert not AuditEvent.objects.filter(action__startswith="case.").exists()


def test_a_file_below_the_threshold_is_still_checked_in_the_request(
    client: Client, derby: Any, settings: Any, confirm: Any
) -> None:
    settings.YJAUDIT_CASE_CHECK_JOB_FROM_ROWS = 41
    upload = _uploaded(client, derby, FILE)
    response = _mapped(client, derby, upload, confirm)
    assert response["Location"] == _preview(derby, upload)
    assert "Import these cases" in client.get(response["Location"]).content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize("data", [FILE, BAD], ids=["good", "bad"])
def test_the_job_finds_what_the_page_finds_on_the_same_file(
    client: Client, derby: Any, qa: Any, settings: Any, confirm: Any, data: bytes
) -> None:
    services.import_file(actor=qa, service=derby, filename="earlier.csv", data=EARLIER)
    upload = _uploaded(client, derby, data)
    preview = _preview(derby, upload)
    settings.YJAUDIT_CASE_CHECK_JOB_FROM_ROWS = 100_000
    in_request = client.get(preview).content.decode()
    plan = services.preview_import(upload)
    settings.YJAUDIT_CASE_CHECK_JOB_FROM_ROWS = 10
    job = Job.objects.get(pk=confirm(client, preview, {"action": "check"})["Location"][6:-1])
    on_job = client.get(f"/jobs/{job.pk}/").content.decode()
    assert _counts(on_job) == _counts(in_request)
    counts = job.result["counts"]
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["rejected"]) == (
        len(plan.creates),
        len(plan.updates),
        len(plan.unchanged),
        len(plan.rejects),
    )
    assert (counts["new"], counts["changed"], counts["unchanged"]) == (30, 5, 5)
    assert counts["rejected"] == (0 if data is FILE else 2)
    assert job.result["problems"] == [p.as_dict("export.csv") for p in plan.problems]
    for p in plan.problems:
        assert p.message in in_request and p.message in on_job
    assert ("Import these cases" in on_job) == ("Import these cases" in in_request)
    # The same first new and changed cases, in words, on both pages.
    for page in (in_request, on_job):
        assert '<td class="govuk-table__cell">R10</td>' in page  # new
        assert "Start date: 01/02/2024 &rarr; 01/03/2024" in page  # R5 changed
        assert "Referral order" in page and "referral-order" not in page
    assert job.result["creates"][0] == {
        "row": 12, "reference": "R10", "disposal": "Referral order", "start": "01/03/2024"
    }  # fmt: skip
    assert len(job.result["updates"]) == 5


def test_a_bad_file_lists_each_problem_by_file_row_and_field(
    client: Client, derby: Any, confirm: Any
) -> None:
    upload = _uploaded(client, derby, BAD)
    job_page = _mapped(client, derby, upload, confirm)["Location"]
    job = Job.objects.get()
    assert job.status == JobStatus.DONE  # the check ran; its finding is the problems
    assert {(p["file"], p["row"], p["field"]) for p in job.result["problems"]} == {
        ("export.csv", 42, "Disposal"),
        ("export.csv", 42, "Start date"),
        ("export.csv", 43, "Start date"),
    }
    page = client.get(job_page).content.decode()
    assert "The file has 3 problems" in page and "13/13/2024" in page
    assert page.count('<td class="govuk-table__cell">export.csv</td>') == 3
    assert "Import these cases" not in page and "Upload a corrected file" in page
    assert reverse("cases:import_mapping", args=[derby.code, upload.pk]) in page
    # Retention removes the problems (they may quote a case reference), as a refused
    # import's: the page then says its details were removed.
    job_services.jobs_remove_files(before=timezone.now() + dt.timedelta(days=1), days=30)
    job.refresh_from_db()
    assert "problems" not in job.result
    assert "13/13/2024" not in client.get(job_page).content.decode()


def test_confirming_after_the_check_imports_once(client: Client, derby: Any, confirm: Any) -> None:
    upload = _uploaded(client, derby, FILE)
    check = Job.objects.get(pk=_mapped(client, derby, upload, confirm)["Location"][6:-1])
    form = {"action": "import", "checked": check.result["mapping"]}
    response = confirm(client, check.result["next"], form)
    imported = Job.objects.exclude(pk=check.pk).get()
    assert response["Location"] == f"/jobs/{imported.pk}/"
    assert imported.kind == "cases.import" and imported.status == JobStatus.DONE
    assert Case.objects.filter(service=derby).count() == 40
    # Imported: the check job no longer holds the references it listed (as the upload
    # no longer holds its rows); its counts stay.
    check.refresh_from_db()
    assert "creates" not in check.result and "updates" not in check.result
    assert check.result["counts"]["new"] == 40
    # The check's page still offers the button: a second click imports nothing more.
    again = confirm(client, check.result["next"], form)
    assert again["Location"] == reverse("cases:list")
    assert Case.objects.filter(service=derby).count() == 40
    assert AuditEvent.objects.filter(action="case.create").count() == 40
    assert AuditEvent.objects.filter(action="case_import.commit").count() == 1
    assert Job.objects.filter(kind="cases.import").count() == 1


def test_a_check_of_other_column_matches_is_not_confirmed(
    client: Client, derby: Any, confirm: Any
) -> None:
    upload = _uploaded(client, derby, FILE)
    check = Job.objects.get(pk=_mapped(client, derby, upload, confirm)["Location"][6:-1])
    upload.refresh_from_db()
    upload.mapping = {k: v for k, v in upload.mapping.items() if k != "start_date"}
    upload.save()  # another tab changed the matches after the check
    form = {"action": "import", "checked": check.result["mapping"]}
    response = confirm(client, check.result["next"], form)
    assert response["Location"] == _preview(derby, upload)
    assert not Job.objects.filter(kind="cases.import").exists() and not Case.objects.exists()
    page = client.get(response["Location"], follow=True).content.decode()
    assert "The column matches changed after the check" in page
    assert "Check the rows" in page  # the new matches need a check of their own


def test_a_get_queues_nothing_and_the_check_is_asked_for_by_a_post(
    client: Client, derby: Any, confirm: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload = _uploaded(client, derby, FILE)
    preview = _preview(derby, upload)
    page = client.get(preview)
    assert page.status_code == 200 and not Job.objects.exists()
    html = page.content.decode()
    assert "Check the rows" in html and "Import these cases" not in html
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not run yet
        queued = client.post(preview, {"action": "check"})
    job = Job.objects.get()
    assert queued["Location"] == f"/jobs/{job.pk}/" and job.status == JobStatus.QUEUED
    waiting = client.get(queued["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting and "Refresh now" in waiting  # no script needed
    # Back on the check page (a GET): taken to the waiting job, no second one queued.
    assert client.get(preview)["Location"] == f"/jobs/{job.pk}/"
    assert client.post(preview, {"action": "check"})["Location"] == f"/jobs/{job.pk}/"
    assert Job.objects.count() == 1


def test_a_retried_check_checks_again_and_writes_nothing(
    qa: Any, derby: Any, client: Client
) -> None:
    upload = _uploaded(client, derby, FILE)
    job = services.request_import_check(actor=qa, case_import=upload)
    job_services.job_run(job_id=job.pk)
    job.refresh_from_db()
    first = job.result
    # The worker died before marking it done: the job is taken over and runs again.
    stale = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=stale)
    assert job_services.job_run(job_id=job.pk).status == "done"
    job.refresh_from_db()
    assert job.attempts == 2 and job.result == first
    assert not Case.objects.exists()
    assert CaseImport.objects.get().status == ImportStatus.UPLOADED


def test_a_check_asked_for_by_someone_who_lost_the_right_fails(
    qa: Any, derby: Any, client: Client
) -> None:
    upload = _uploaded(client, derby, FILE)
    job = services.request_import_check(actor=qa, case_import=upload)
    qa.role_grants.all().delete()
    assert job_services.job_run(job_id=job.pk).status == "failed"
    job.refresh_from_db()
    assert job.error == "You may no longer import into this register." and job.result == {}


def test_only_those_who_may_import_for_the_service_see_the_check(
    client: Client, derby: Any, confirm: Any
) -> None:
    upload = _uploaded(client, derby, BAD)
    job_page = _mapped(client, derby, upload, confirm)["Location"]
    assert client.get(job_page).status_code == 200
    other = make_service("LEEDS", "Leeds")
    outsider = make_user("leeds-qa", other, Role.QA_LEAD)  # imports, but for Leeds
    auditor = make_user("auditor", derby, Role.AUDITOR)  # Derby, but may not import
    for person in (outsider, auditor):
        viewer = sign_in(Client(), person)
        assert viewer.get(job_page).status_code == 404
        assert viewer.get(job_page + "status.json").status_code == 404
        # Nor can they ask for the check or confirm it.
        assert viewer.post(_preview(derby, upload), {"action": "check"}).status_code in (403, 404)
    assert Job.objects.count() == 1


def test_the_victims_register_is_checked_by_the_same_job(
    client: Client, derby: Any, qa: Any, confirm: Any
) -> None:
    services.import_file(actor=qa, service=derby, filename="c.csv", data=FILE)
    victims = b"Victim reference,Linked case,Consent to contact\n" + b"".join(
        f"V{i},R{i},Yes\n".encode() for i in range(12)
    )
    upload = _uploaded(client, derby, victims + b"V99,R99,Yes\n", victims=True)
    assert upload.kind == CaseKind.VICTIMS
    job_page = _mapped(client, derby, upload, confirm)["Location"]
    job = Job.objects.get()
    assert "victims" in job.title
    assert job.result["counts"]["new"] == 12 and job.result["counts"]["rejected"] == 1
    [problem] = job.result["problems"]
    assert (problem["row"], problem["field"]) == (14, "Linked case")
    page = client.get(job_page).content.decode()
    assert reverse("cases:import_victims_upload", args=[derby.code]) in page


def test_the_check_page_speaks_welsh(client: Client, derby: Any, confirm: Any) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "cy"
    upload = _uploaded(client, derby, BAD)
    start = client.get(_preview(derby, upload)).content.decode().replace("&#x27;", "'")
    assert "Check the rows" not in start and "Nothing is written to the register" not in start
    assert "Gwirio'r rhesi" in start
    job_page = _mapped(client, derby, upload, confirm)["Location"]
    page = client.get(job_page).content.decode().replace("&#x27;", "'")
    for english in (
        "The check is done",
        "Check a file for the case register",
        "The file has 3 problems",
        "Upload a corrected file",
    ):
        assert english not in page, english
    assert "Mae'r gwiriad wedi'i wneud" in page and "Gwirio ffeil" in page
    # The problems are in the requester's language too (the job ran in Welsh).
    assert "is not a real date" not in page and "Nid yw “13/13/2024” yn ddyddiad" in page


def test_a_very_long_list_of_problems_is_cut_and_counted(
    client: Client, derby: Any, confirm: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CHECK_PROBLEMS_KEPT", 2)  # the job's row stays bounded
    upload = _uploaded(client, derby, BAD)
    page = client.get(_mapped(client, derby, upload, confirm)["Location"]).content.decode()
    assert len(Job.objects.get().result["problems"]) == 2
    assert "The file has 3 problems" in page and "The first 2 of 3 problems are listed." in page


def test_discarding_the_upload_or_retention_drops_the_listed_cases(
    client: Client, derby: Any, qa: Any, confirm: Any
) -> None:
    upload = _uploaded(client, derby, FILE)
    check = Job.objects.get(pk=_mapped(client, derby, upload, confirm)["Location"][6:-1])
    assert len(check.result["creates"]) == 40
    services.discard_import(actor=qa, case_import=upload)
    check.refresh_from_db()
    assert "creates" not in check.result and check.result["counts"]["new"] == 40
    # A second upload, left waiting: retention removes its lists with the job's file.
    other = _uploaded(client, derby, FILE)
    job = Job.objects.get(pk=_mapped(client, derby, other, confirm)["Location"][6:-1])
    assert "creates" in job.result
    job_services.jobs_remove_files(before=timezone.now() + dt.timedelta(days=1), days=30)
    job.refresh_from_db()
    assert "creates" not in job.result and "updates" not in job.result
