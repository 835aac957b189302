"""A real Celery worker for tests: in a thread of the test process, on a given broker.

The worker consumes a queue of its own (a fresh name per test), so tests sharing a Redis
server never take each other's messages. On SQLite the test database lives in memory:
the worker's thread uses the test's connection, as Django's live server thread does.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.db import connections

from yjaudit.jobs.worker import app

REDIS_URL = os.environ.get("YJAUDIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip() -> str:
    """The test Redis URL; skipped when unreachable, except in CI (where it must be up)."""
    where = urlparse(REDIS_URL)
    try:
        socket.create_connection((where.hostname or "", where.port or 6379), timeout=1).close()
    except OSError as exc:
        if os.environ.get("CI") or os.environ.get("YJAUDIT_REQUIRE_REDIS"):
            raise
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({exc}); CI runs this test")
    return REDIS_URL


@contextmanager
def broker(broker_url: str, transport_options: dict[str, Any] | None = None) -> Iterator[str]:
    """Send tasks to this broker (not inline) on a fresh queue; yields the queue's name."""
    queue = f"yjaudit-test-{uuid.uuid4().hex[:8]}"
    options = dict(transport_options or {})
    control = tempfile.TemporaryDirectory(prefix="yjaudit-test-control-")
    if broker_url.startswith("filesystem:"):
        options.setdefault("control_folder", control.name)  # else ./control in the checkout
    keys = ("broker_url", "broker_transport_options", "task_always_eager", "task_default_queue")
    saved = {k: app.conf[k] for k in keys}
    app.conf.update(
        broker_url=broker_url,
        broker_transport_options=options,
        task_always_eager=False,
        task_default_queue=queue,
    )
    app._pool = None  # a connection pool made for another broker
    app.amqp._producer_pool = None
    try:
        yield queue
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None
        control.cleanup()


@contextmanager
def worker_on(queue: str) -> Iterator[Any]:
    """A solo worker in a thread, consuming `queue` of the configured broker."""
    shared = connections["default"]
    in_memory = shared.vendor == "sqlite" and shared.is_in_memory_db()

    def share(**kwargs: Any) -> None:
        if in_memory:
            connections["default"] = shared

    if in_memory:
        shared.inc_thread_sharing()
    task_prerun.connect(share, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, queues=[queue], shutdown_timeout=30) as w:
            yield w
    finally:
        task_prerun.disconnect(share)
        if in_memory:
            shared.dec_thread_sharing()


@contextmanager
def live_worker(broker_url: str, transport_options: dict[str, Any] | None = None) -> Iterator[Any]:
    with broker(broker_url, transport_options) as queue, worker_on(queue) as w:
        yield w


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"still waiting after {seconds} s")
