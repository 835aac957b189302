import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from yjaudit.accounts.models import Invitation
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db


def test_create_service_and_invite_first_administrator():
    out = io.StringIO()
    call_command(
        "create_service",
        "--code=derby",
        "--name=Derby YOS",
        "--admin-email=Lead@Derby.example",
        "--base-url=https://yj.example.org/",
        stdout=out,
    )
    service = Service.objects.get(code="DERBY")
    invitation = Invitation.objects.get()
    assert invitation.email == "lead@derby.example" and invitation.role == "administrator"
    assert invitation.service == service
    assert "https://yj.example.org/accounts/invitation/" in out.getvalue()
    assert mail.outbox[-1].to == ["lead@derby.example"]
    assert AuditEvent.objects.filter(action="service.create", service=service).exists()
    # Running again keeps the service and replaces the open invitation.
    call_command(
        "create_service",
        "--code=DERBY",
        "--name=x",
        "--admin-email=lead@derby.example",
        stdout=io.StringIO(),
    )
    assert Service.objects.count() == 1
    assert Invitation.objects.filter(revoked_at__isnull=True).count() == 1


def test_create_service_reports_bad_codes_without_a_traceback():
    with pytest.raises(CommandError):
        call_command("create_service", "--code=no spaces", "--name=X", stdout=io.StringIO())
    assert not Service.objects.exists()


def test_create_service_without_a_reachable_mail_server_prints_the_link(settings):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "create_service",
        "--code=YORK",
        "--name=York YJS",
        "--admin-email=lead@york.example",
        "--base-url=https://yj.example.org",
        stdout=out,
        stderr=err,
    )
    service = Service.objects.get(code="YORK")
    invitation = Invitation.objects.get(service=service)
    assert "Could not send the invitation e-mail" in err.getvalue()
    assert "Created service YORK" in out.getvalue()
    assert "https://yj.example.org/accounts/invitation/" in out.getvalue()
    assert out.getvalue().count("Created service") == 1
    assert AuditEvent.objects.filter(action="service.create", service=service).count() == 1
    assert invitation.email == "lead@york.example"
