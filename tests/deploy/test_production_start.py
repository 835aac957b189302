"""Production starts from a clean checkout: collectstatic, then gunicorn serves pages and CSS.

Issue 10.7: with the shipped production settings `collectstatic` failed
(MissingFileError for a source map the vendored CSS named), and every HTML page was 500.
This builds the static files and serves a page with the production settings under
gunicorn on a free loopback port, with the production gunicorn config.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="yjaudit.config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        YJAUDIT_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'prod.sqlite3'}",
        YJAUDIT_WORKERS="1",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _get(url: str, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    # As the TLS-ending proxy would send it (production redirects plain HTTP to HTTPS).
    assert url.startswith("http://127.0.0.1:")
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var_dir = tmp_path_factory.mktemp("var")
    env = _env(var_dir)
    built = _manage(env, "collectstatic", "--noinput")
    assert built.returncode == 0, built.stderr[-2000:]
    port = _free_port()
    env["YJAUDIT_BIND"] = f"127.0.0.1:{port}"
    log = (var_dir / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "python:yjaudit.config.gunicorn", "yjaudit.config.wsgi"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:  # until a worker answers (the master listens before workers are ready)
            assert process.poll() is None, (var_dir / "gunicorn.log").read_text()[-2000:]
            try:
                _get(f"{base}/static/yjaudit/app.css", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_a_page_and_its_css_are_served(server: str) -> None:
    status, headers, body = _get(f"{server}/accounts/sign-in/")
    assert status == 200, body[-2000:]
    assert headers["Content-Type"].startswith("text/html")
    stylesheets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', body)
    govuk = [s for s in stylesheets if b"govuk-frontend" in s]
    # The manifest storage names each file by its content's hash.
    assert govuk and re.search(rb"govuk-frontend\.min\.[0-9a-f]{12}\.css$", govuk[0])
    for href in stylesheets:
        status, headers, css = _get(server + href.decode())
        assert status == 200, href
        assert headers["Content-Type"].startswith("text/css")
        assert b"sourceMappingURL" not in css
    assert len(_get(server + govuk[0].decode())[2]) > 10_000


def test_an_unknown_page_is_a_404_page_not_a_500(server: str) -> None:
    status, _headers, body = _get(f"{server}/no-such-page/")
    assert status == 404
    assert b"govuk-frontend" in body
