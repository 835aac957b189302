"""Job pages (progress, failure, the file), and the scheduled work with its page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases.factories import make_user, sign_in
from yjaudit.jobs import services
from yjaudit.jobs.models import Job, JobStatus, ScheduledRun
from yjaudit.jobs.schedule import beat_schedule, cron_of, entries
from yjaudit.jobs.schedule_words import cron_words
from yjaudit.jobs.tasks import run_scheduled
from yjaudit.organisations.models import Role, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service() -> Service:
    return Service.objects.create(code="JOBS", name="Jobshire Youth Justice Service")


def _job(service: Service, user: Any, **fields: Any) -> Job:
    return Job.objects.create(
        kind="test.echo",
        title="Echo file",
        parameters={},
        requested_by=user,
        service=service,
        **fields,
    )


def test_a_running_job_page_refreshes_and_shows_its_progress(service: Service) -> None:
    qa = make_user("qa", service, Role.QA_LEAD)
    job = _job(service, qa, status=JobStatus.RUNNING, progress=40, message="Writing the file")
    client = sign_in(Client(), qa)
    html = client.get(reverse("jobs:job", kwargs={"pk": job.pk})).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert 'value="40"' in html and "40%: Writing the file" in html
    status = client.get(reverse("jobs:status", kwargs={"pk": job.pk})).json()
    assert status["progress"] == 40 and status["finished"] is False
    assert Job.objects.get().status == JobStatus.RUNNING  # a GET changes nothing


def test_a_failed_job_says_why_without_a_traceback(service: Service) -> None:
    qa = make_user("qa", service, Role.QA_LEAD)
    job = _job(service, qa, status=JobStatus.FAILED, attempts=3, error="disk full")
    html = sign_in(Client(), qa).get(reverse("jobs:job", kwargs={"pk": job.pk})).content.decode()
    assert "The file could not be made" in html and "disk full" in html
    assert "It was tried 3 times." in html and "refresh" not in html.split("</head>")[0]


def test_only_the_requester_sees_a_job_that_names_no_action(service: Service) -> None:
    qa = make_user("qa", service, Role.QA_LEAD)
    admin = make_user("admin", service, Role.ADMINISTRATOR)
    job = _job(service, qa)
    assert sign_in(Client(), admin).get(f"/jobs/{job.pk}/").status_code == 404
    assert sign_in(Client(), qa).get(f"/jobs/{job.pk}/").status_code == 200
    assert Client().get(f"/jobs/{job.pk}/").status_code == 302  # to sign in


def test_a_download_never_leaves_the_results_folder(service: Service, kinds: Any) -> None:
    qa = make_user("qa", service, Role.QA_LEAD)
    kinds.mkdir(parents=True)
    (kinds.parent / "secret.txt").write_text("not yours")
    job = _job(service, qa, status=JobStatus.DONE, result_path="../secret.txt", result_name="x")
    assert sign_in(Client(), qa).get(f"/jobs/{job.pk}/download").status_code == 404


def test_the_schedule_has_reminders_compliance_and_the_sweep() -> None:
    beat = beat_schedule()
    assert {"plan-reminders", "compliance-refresh", "requeue-stale-jobs"} <= set(beat)
    assert beat["plan-reminders"]["task"] == "yjaudit.jobs.run_scheduled"
    assert beat["plan-reminders"]["args"] == ("plan-reminders",)
    with pytest.raises(ValueError, match="five fields"):
        cron_of("0 7 *")


def test_next_run_of_a_monthly_entry() -> None:
    monthly = next(e for e in entries() if e.name == "compliance-refresh")
    london = timezone.get_current_timezone()
    now = dt.datetime(2026, 3, 14, 12, 0, tzinfo=london)
    nxt = monthly.next_run(None, now).astimezone(london)
    assert (nxt.year, nxt.month, nxt.day, nxt.hour, nxt.minute) == (2026, 4, 1, 5, 0)


def test_scheduled_runs_are_recorded_and_shown_to_administrators(
    service: Service, settings: Any
) -> None:
    settings.YJAUDIT_SCHEDULED_TASKS = {
        **settings.YJAUDIT_SCHEDULED_TASKS,
        "broken": {"call": "yjaudit.nowhere.nothing", "cron": "0 * * * *", "doc": "Broken"},
    }
    with time_machine.travel(dt.datetime(2026, 2, 1, 5, 0, tzinfo=dt.UTC)):
        assert run_scheduled("compliance-refresh") == "done"
        assert run_scheduled("broken") == "failed"
    ok = ScheduledRun.objects.get(name="compliance-refresh")
    assert ok.ok is True and ok.result == "Nothing to refresh (no hook configured)"
    failed = ScheduledRun.objects.get(name="broken")
    assert failed.ok is False and "nowhere" in failed.result
    admin = make_user("admin", service, Role.ADMINISTRATOR)
    html = sign_in(Client(), admin).get(reverse("jobs:schedule")).content.decode()
    for text in ("Plan reminders", "National Standards figures", "Not run yet",
                 "1 February 2026 05:00", "Every day at 07:00", "Every 5 minutes",
                 "On day 1 of each month at 05:00", "Every Sunday at 02:30"):  # fmt: skip
        assert text in html, text
    # A deployment's own entry: its name in words, its own description, and a cron shape
    # with no words shown as itself.
    assert "Broken" in html and "0 * * * *" in html
    assert "plan-reminders" not in html and "compliance-refresh" not in html
    assert "Succeeded" in html and "Failed" in html
    # In Welsh, the outcome given as words is Welsh; an error stays as it was recorded.
    welsh_client = sign_in(Client(), admin)
    welsh_client.cookies["django_language"] = "cy"
    welsh = welsh_client.get(reverse("jobs:schedule")).content.decode().replace("&#x27;", "'")
    assert "Dim i'w ddiweddaru (dim bachyn wedi'i osod)" in welsh
    assert "Nothing to refresh" not in welsh and "nowhere" in welsh
    qa = make_user("qa", service, Role.QA_LEAD)
    assert sign_in(Client(), qa).get(reverse("jobs:schedule")).status_code == 403


def test_the_compliance_refresh_calls_each_configured_hook(settings: Any) -> None:
    settings.YJAUDIT_COMPLIANCE_REFRESH_HOOKS = ["jobs.test_pages_and_schedule.refreshed"]
    assert run_scheduled("compliance-refresh") == "done"
    run = ScheduledRun.objects.get()
    assert run.result == "jobs.test_pages_and_schedule.refreshed: 3 services"


def refreshed() -> str:
    return "3 services"


def test_the_requeue_sweep_task_sends_stale_jobs_again(
    service: Service, django_capture_on_commit_callbacks: Any
) -> None:
    job = services.job_request(
        actor=None, kind="test.echo", title="x", parameters={"text": "t"}, service=service
    )
    from yjaudit.jobs.tasks import requeue_stale

    later = timezone.now() + dt.timedelta(hours=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale() == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_administrators_reach_the_schedule_from_the_menu(service: Service) -> None:
    admin = make_user("admin", service, Role.ADMINISTRATOR)
    qa = make_user("qa", service, Role.QA_LEAD)
    url = reverse("jobs:schedule")
    assert f'href="{url}"' in sign_in(Client(), admin).get("/").content.decode()
    assert f'href="{url}"' not in sign_in(Client(), qa).get("/").content.decode()


@pytest.mark.parametrize(
    ("cron", "words"),
    [
        ("*/5 * * * *", "Every 5 minutes"),
        ("0 7 * * *", "Every day at 07:00"),
        ("30 2 * * 0", "Every Sunday at 02:30"),
        ("30 2 * * 7", "Every Sunday at 02:30"),
        ("15 9 * * 1", "Every Monday at 09:15"),
        ("0 5 1 * *", "On day 1 of each month at 05:00"),
        # Shapes with no words stay as written, never guessed.
        ("0 * * * *", "0 * * * *"),
        ("0 5 1 1 *", "0 5 1 1 *"),
        ("0 7 * * 1-5", "0 7 * * 1-5"),
        ("61 7 * * *", "61 7 * * *"),
        ("nonsense", "nonsense"),
    ],
)
def test_cron_in_words(cron: str, words: str) -> None:
    assert cron_words(cron) == words


def test_cron_in_welsh() -> None:
    with translation.override("cy"):
        assert cron_words("30 2 * * 0") == "Bob Dydd Sul am 02:30"
        assert cron_words("*/5 * * * *") == "Bob 5 munud"


def test_an_outcome_as_words_round_trips_and_odd_stored_data_reads_as_none() -> None:
    from yjaudit.said import Said, from_json

    said = Said(
        (("%(kind)s: %(count)s", {"kind": Said.word("Cases closed"), "count": 2}),
         ("Nothing to refresh (no hook configured)", {}))
    )  # fmt: skip
    assert str(said) == "Cases closed: 2; Nothing to refresh (no hook configured)"
    again = from_json(said.as_json())
    assert again is not None and str(again) == str(said)
    with translation.override("cy"):
        assert again.words(translation.gettext).startswith("Achosion a gaewyd: 2; ")
    for odd in (None, "text", [["only one"]], [[1, {}]], {"a": 1}):
        assert from_json(odd) is None
