"""GOV.UK Notify through its official client, against a fake Notify API on loopback."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest

from yjaudit.notifications.kinds import Kind
from yjaudit.notifications.models import Notification, Status
from yjaudit.notifications.services import notify

pytestmark = pytest.mark.django_db

SERVICE_ID = str(uuid.UUID(int=1))
SECRET = str(uuid.UUID(int=2))
API_KEY = f"yjaudit_test-{SERVICE_ID}-{SECRET}"


class FakeNotify(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]
    status = 201

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(
            {
                "path": self.path,
                "authorization": self.headers["Authorization"],
                "json": json.loads(body),
            }
        )
        answer = json.dumps({"id": "4f1a0c1e-0000-4000-8000-000000000001"}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_notify(settings: Any) -> Iterator[type[FakeNotify]]:
    handler = type("Handler", (FakeNotify,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.YJAUDIT_NOTIFICATIONS_SENDER = "notify"
    settings.YJAUDIT_NOTIFY_API_KEY = API_KEY
    settings.YJAUDIT_NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.YJAUDIT_NOTIFY_TEMPLATES = {
        "default": {"en": "template-en", "cy": "template-cy"},
        "invitation": {"en": "invite-en"},
    }
    try:
        yield handler
    finally:
        server.shutdown()
        server.server_close()


def test_notify_gets_the_template_the_values_and_a_signed_token(fake_notify):
    row = notify(
        actor=None,
        key="audit_returned:1:v3:9",
        kind=Kind.AUDIT_RETURNED,
        email="auditor@derby.example",
        language="cy",
        values={"link": "https://yjaudit.example/audits/1/", "service": "Derby YJS"},
    )
    assert row is not None and row.status == Status.SENT
    assert row.sender == "notify" and row.provider_reference.startswith("4f1a0c1e")
    (request,) = fake_notify.received
    assert request["path"] == "/v2/notifications/email"
    body = request["json"]
    assert body["template_id"] == "template-cy"
    assert body["email_address"] == "auditor@derby.example"
    assert body["reference"] == "audit_returned:1:v3:9"
    personalisation = body["personalisation"]
    assert personalisation["link"] == "https://yjaudit.example/audits/1/"
    assert personalisation["subject"] == "Mae archwiliad achos wedi'i ddychwelyd atoch"
    assert "https://yjaudit.example/audits/1/" in personalisation["body"]
    # The client signs a short-lived token with the key's secret; the fake checks it.
    scheme, token = request["authorization"].split()
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert scheme == "Bearer" and claims["iss"] == SERVICE_ID


def test_a_kind_with_its_own_template_uses_it(fake_notify):
    notify(
        actor=None,
        key="invitation:7",
        kind=Kind.INVITATION,
        email="new@derby.example",
        values={"link": "https://x/", "service": "Derby YJS", "role": "auditor", "days": 7},
    )
    assert fake_notify.received[0]["json"]["template_id"] == "invite-en"
    assert fake_notify.received[0]["json"]["personalisation"]["role"] == "Auditor"


def test_a_refusal_from_notify_is_kept_for_a_retry(fake_notify):
    fake_notify.status = 400
    notify(
        actor=None,
        key="k",
        kind=Kind.AUDIT_SIGNED_OFF,
        email="a@derby.example",
        values={"link": "https://x/", "service": "S"},
    )
    row = Notification.objects.get()
    assert (row.status, row.attempts, row.last_error) == (Status.PENDING, 1, "HTTPError")


def test_a_site_that_sends_mail_is_warned_without_a_base_url(settings):
    from yjaudit.notifications.checks import base_url

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.YJAUDIT_BASE_URL = ""
    assert [w.id for w in base_url()] == ["notifications.W001"]
    settings.YJAUDIT_BASE_URL = "https://yjaudit.example"
    assert base_url() == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.YJAUDIT_BASE_URL = ""
    assert base_url() == []
