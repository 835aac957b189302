"""Jobs through a real Celery worker: the embedded broker (a folder, no server) and Redis."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from yjaudit.jobs import services
from yjaudit.jobs.models import Job, JobStatus
from yjaudit.jobs.worker import app
from yjaudit.organisations.models import Service

from .live_worker import live_worker, redis_or_skip, wait_for


def _finished(pk: int) -> bool:
    return Job.objects.get(pk=pk).finished


def _ask(**parameters: Any) -> Job:
    service = Service.objects.create(code="WRK", name="Workshire")
    return services.job_request(
        actor=None, kind="test.echo", title="Echo", parameters=parameters, service=service
    )


@pytest.mark.django_db(transaction=True)
def test_the_embedded_broker_needs_no_server(tmp_path: Path, kinds: Path) -> None:
    folder = tmp_path / "queue"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder)}
    with live_worker("filesystem://", options):
        job = _ask(text="embedded")
        wait_for(lambda: _finished(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 1
    assert (kinds / job.result_path).read_bytes() == b"embedded"


@pytest.mark.slow  # CI runs it once, in the SQLite pass, where Redis must answer
@pytest.mark.django_db(transaction=True)
def test_a_redis_worker_retries_a_failing_job_with_backoff(settings: Any, kinds: Path) -> None:
    url = redis_or_skip()
    settings.YJAUDIT_JOBS = {**settings.YJAUDIT_JOBS, "retry_base_seconds": 1}
    with live_worker(url, {"visibility_timeout": 3600}):
        job = _ask(text="second time lucky", fail_times=1)
        wait_for(lambda: _finished(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert (kinds / job.result_path).read_bytes() == b"second time lucky"
    assert job.started_at is not None and job.finished_at is not None


def _pool_children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(p) for p in found]


@pytest.mark.django_db(transaction=True)
def test_a_job_survives_its_worker_being_killed_mid_job(
    settings: Any, kinds: Path, tmp_path: Path
) -> None:
    """A worker process (prefork) is killed with SIGKILL in the middle of a job: the
    message is put back (acknowledged late, rejected on worker loss), the job goes stale,
    is taken over, and finishes once, on its second attempt."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("a worker process needs a database it can open: CI's PostgreSQL pass")
    url = redis_or_skip()
    queue = f"yjaudit-killed-{uuid.uuid4().hex[:8]}"
    settings.YJAUDIT_JOBS = {**settings.YJAUDIT_JOBS, "stale_seconds": 3}
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yjaudit.config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "YJAUDIT_TEST_BROKER_URL": url,
        "YJAUDIT_TEST_JOB_KINDS": json.dumps({"test.slow": "jobs.handlers.slow"}),
        "YJAUDIT_JOB_RESULTS_DIR": str(kinds),
        "YJAUDIT_JOB_STALE_SECONDS": "3",
        "PYTHONPATH": str(Path(__file__).parents[1]),
    }
    command = [sys.executable, "-m", "celery", "-A", "yjaudit.jobs.worker", "worker"]
    command += ["--pool", "prefork", "--concurrency", "1", "-Q", queue, "--loglevel", "WARNING"]
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    saved = (app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue)
    app._pool = None
    app.amqp._producer_pool = None
    try:
        service = Service.objects.create(code="KIL", name="Killshire")
        job = services.job_request(
            actor=None, kind="test.slow", title="Slow", parameters={"seconds": 4}, service=service
        )
        wait_for(lambda: Job.objects.get(pk=job.pk).progress >= 20, seconds=60)
        for child in _pool_children(worker.pid):
            os.kill(child, signal.SIGKILL)
        wait_for(lambda: _finished(job.pk), seconds=90)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        app.conf.update(
            broker_url=saved[0], task_always_eager=saved[1], task_default_queue=saved[2]
        )
        app._pool = None
        app.amqp._producer_pool = None
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, (tmp_path / "worker.log").read_text()[-2000:]
    assert job.attempts == 2
    assert (kinds / job.result_path).read_bytes() == b"attempt 2"
