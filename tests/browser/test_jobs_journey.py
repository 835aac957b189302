"""Issue 15: a QA lead asks for a board pack, sees its progress, and downloads it when
ready. A real Celery worker (the embedded folder broker, no server) makes the file while
the job's page shows the bar; axe checks the page waiting and ready."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_reports_journey import world  # noqa: F401 - the same round, cases and people

from jobs.live_worker import broker, worker_on
from yjaudit.jobs.models import Job, JobStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_pack_is_made_in_the_background(
    page: Any,
    login: Any,
    assert_accessible: Any,
    world: dict[str, Any],  # noqa: F811
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.YJAUDIT_JOB_RESULTS_DIR = tmp_path / "results"
    r = world["round"]
    login(page, world["qa"])
    page.goto(f"/reports/rounds/{r.pk}/board/")
    page.get_by_role("heading", level=1, name="Board and scrutiny pack: Derby YJS").wait_for()
    queue = tmp_path / "queue"
    queue.mkdir()
    options = {"data_folder_in": str(queue), "data_folder_out": str(queue)}
    # The worker starts only after the file is asked for: the page shows the job waiting.
    with broker("filesystem://", options) as name:
        page.get_by_role("button", name="Make a PDF").click()
        _wait_and_download(page, assert_accessible, name)
    job = Job.objects.get()
    assert job.status == JobStatus.DONE and job.attempts == 1
    assert job.result_name == f"derby-round{r.pk}-board.pdf"


def _wait_and_download(page: Any, assert_accessible: Any, queue: str) -> None:
    page.get_by_role("heading", level=1, name="Board pack for 2024 Q4 (PDF)").wait_for()
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED
    assert page.get_by_text("Waiting to start").is_visible()
    assert page.get_by_label("Progress").get_attribute("value") == "0"
    assert_accessible(page)
    seen: set[str] = set()
    with worker_on(queue):
        ready = page.get_by_role("heading", name="Your file is ready")
        for _ in range(600):  # the bar moves in place (the page's script), then the page
            if ready.count():
                break
            bar = page.get_by_label("Progress")
            if bar.count():
                seen.add(bar.get_attribute("value") or "")
            page.wait_for_timeout(200)
        ready.wait_for(timeout=5_000)
    assert seen - {"0", ""}, f"no progress shown before the file was ready: {seen}"
    assert_accessible(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("link", name="Download").click()
    assert info.value.suggested_filename.endswith("-board.pdf")
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")


def test_an_administrator_reads_the_schedule(
    page: Any, login: Any, assert_accessible: Any, settings: Any
) -> None:
    from yjaudit.accounts.testing import make_user
    from yjaudit.organisations.models import Service

    service = Service.objects.create(code="SCHED", name="Schedshire YJS", nation="england")
    login(page, make_user("admin@sched.example", service=service, roles=["administrator"]))
    page.goto("/")
    page.get_by_role("link", name="Scheduled work").first.click()
    page.get_by_role("heading", level=1, name="Scheduled work").wait_for()
    assert page.get_by_role("rowheader", name="Plan reminders", exact=False).count() == 1
    assert page.get_by_role("rowheader", name="E-mails waiting", exact=False).count() == 1
    assert page.get_by_text("Every day at 07:00").count() == 1
    # Each declared entry (plan reminders, the outbox, the compliance refresh) not run yet.
    assert page.get_by_text("Not run yet").count() == len(settings.YJAUDIT_SCHEDULED_TASKS)
    assert_accessible(page)
