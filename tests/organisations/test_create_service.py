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
