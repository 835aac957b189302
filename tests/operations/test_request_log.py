"""Production request logs: JSON lines with a request id and no personal data."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.operations.logs import JsonFormatter
from yjaudit.organisations.models import Service

Lines = Callable[[], list[dict[str, Any]]]
PLANTED = "YJ-PLANTED-4471"
REQUIRED = {"time", "level", "logger", "message", "request_id", "method", "path", "status"}


def _requests(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in entries if e["logger"] == "yjaudit.request"]


@pytest.mark.django_db
def test_no_query_string_body_or_email_reaches_the_log(
    client: Client, production_log: Lines
) -> None:
    service = Service.objects.create(name="Demoshire YJS", code="DEMO", nation="england")
    user = make_user("qa.lead@demo.example", service=service, roles=["qa_lead"])
    verified_login(client, user)
    production_log.raw()  # type: ignore[attr-defined]

    client.get(f"/cases/?reference={PLANTED}&q={PLANTED}")
    client.post("/cases/", {"reference": PLANTED, "note": f"about {PLANTED}"})
    client.get(f"/no-such-page/?reference={PLANTED}")  # 404: django.request logs it too
    anonymous = Client(enforce_csrf_checks=True)  # 403: django.security.csrf logs it too
    anonymous.post(f"/accounts/sign-in/?next={PLANTED}", {"username": PLANTED, "password": "x"})
    # A failed sign-in: django-axes logs failures, with the username typed.
    Client().post(f"/accounts/sign-in/?next={PLANTED}", {"username": PLANTED, "password": "x"})

    raw = production_log.raw()  # type: ignore[attr-defined]
    assert PLANTED not in raw
    assert "qa.lead@demo.example" not in raw
    entries = [json.loads(line) for line in raw.splitlines() if line.strip()]
    assert len(entries) == len(raw.splitlines())  # every line is one JSON object
    lines = _requests(entries)
    assert [(e["method"], e["path"], e["status"]) for e in lines] == [
        ("GET", "/cases/", 200),
        ("POST", "/cases/", 200),
        ("GET", "/no-such-page/", 404),
        ("POST", "/accounts/sign-in/", 403),
        ("POST", "/accounts/sign-in/", 200),
    ]
    for entry in lines:
        assert entry.keys() >= REQUIRED
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])
        assert isinstance(entry["duration_ms"], float)
    assert lines[0]["user_id"] == user.pk and lines[0]["route"] == "cases:list"
    assert "user_id" not in lines[3]
    # Django's own warnings carry the same request id as the request line.
    not_found = [e for e in entries if e["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] == lines[2]["request_id"]


@pytest.mark.django_db
def test_request_id_kept_only_when_it_is_a_short_safe_token(
    client: Client, production_log: Lines
) -> None:
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c21e4")
    assert kept["X-Request-ID"] == "lb-7f3a9c21e4"
    for unsafe in (f"case {PLANTED}", "x" * 65, "a\"b'c<d>e", "-leading-dash"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID=unsafe)
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"]), unsafe
    ids = [e["request_id"] for e in _requests(production_log())]
    assert ids[0] == "lb-7f3a9c21e4"
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids[1:])


@pytest.mark.django_db
def test_invitation_token_in_the_path_is_redacted(client: Client, production_log: Lines) -> None:
    client.get("/accounts/invitation/s3cr3t-invitation-token-value/")
    line = _requests(production_log())[0]
    assert line["path"] == "/accounts/invitation/<redacted>/"


def test_exception_message_is_left_out(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("yjaudit.test")
    try:
        raise ValueError(f"duplicate key value (reference)=({PLANTED})")
    except ValueError:
        record = logger.makeRecord("yjaudit.test", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = sys.exc_info()
    text = JsonFormatter().format(record)
    assert PLANTED not in text
    assert '"exception": "ValueError"' in text and "test_request_log.py" in text
