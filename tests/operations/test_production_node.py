"""One production node under gunicorn (2 workers): probes over plain HTTP, JSON logs on
stdout with no query string, and /metrics summed over both workers."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TOKEN = secrets.token_urlsafe(32)
PLANTED = "YJ-PLANTED-9031"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    assert url.startswith("http://127.0.0.1:")
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str], Path]]:
    var_dir = tmp_path_factory.mktemp("var")
    metrics_dir = var_dir / "metrics"
    metrics_dir.mkdir()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="yjaudit.config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        YJAUDIT_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'prod.sqlite3'}",
        YJAUDIT_WORKERS="2",
        YJAUDIT_BIND=f"127.0.0.1:{port}",
        YJAUDIT_METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    stdout = var_dir / "stdout.log"
    with stdout.open("w") as out, (var_dir / "stderr.log").open("w") as err:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "python:yjaudit.config.gunicorn", "yjaudit.config.wsgi"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=err,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, (var_dir / "stderr.log").read_text()[-2000:]
                try:
                    _get(f"{base}/healthz")
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.5)
            yield base, env, stdout
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_probes_metrics_and_logs_on_a_production_node(
    node: tuple[str, dict[str, str], Path],
) -> None:
    base, env, stdout = node
    # Plain HTTP, as a load balancer probes a node: answered, not redirected to HTTPS.
    for _ in range(9):
        status, _, body = _get(f"{base}/healthz")
        assert (status, body) == (200, b"ok\n")
    status, _, body = _get(f"{base}/readyz")
    assert status == 503 and json.loads(body) == {"status": "unavailable", "failed": ["migrations"]}
    migrated = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    ready = {_get(f"{base}/readyz")[0] for _ in range(4)}  # both workers
    assert ready == {200}

    https = {"X-Forwarded-Proto": "https"}
    status, _, _ = _get(f"{base}/cases/?reference={PLANTED}", https)
    assert status == 302  # to sign in

    # Summed over both workers (PROMETHEUS_MULTIPROC_DIR), whichever one answers.
    assert _get(f"{base}/metrics")[0] == 401
    status, _, body = _get(f"{base}/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    series = 'yjaudit_http_requests_total{method="GET",route="operations:healthz",status="200"}'
    counts = [line for line in body.decode().splitlines() if line.startswith(series)]
    assert counts, body.decode()[-2000:]
    assert float(counts[0].split()[-1]) >= 10.0  # 9 above + the start-up probe(s)

    time.sleep(0.5)
    raw = stdout.read_text()
    assert PLANTED not in raw
    lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
    requests = [e for e in lines if e["logger"] == "yjaudit.request"]
    cases = [e for e in requests if e["path"] == "/cases/"]
    assert cases and cases[0]["status"] == 302 and cases[0]["route"] == "cases:list"
    assert all(len(e["request_id"]) == 32 for e in requests)
