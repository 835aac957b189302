"""Service functions for API tokens, sign-out everywhere and invitations: each write and
its audit-trail row."""

from __future__ import annotations

import types

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from yjaudit.accounts import api_keys, services
from yjaudit.accounts.models import ApiToken, Invitation
from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations import services as org_services
from yjaudit.organisations.models import RoleGrant, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")


@pytest.fixture
def auditor(service):
    return make_user("aud@example.org", service=service, roles=["auditor"])


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_create_stores_only_a_hash_and_records(auditor):
    issued = services.api_token_create(user=auditor, name=" Nightly ", days=10, verified=True)
    token = issued.token
    assert issued.key.startswith("yja_") and len(issued.key) == 47
    assert token.key_hash == api_keys.key_hash(issued.key) and issued.key not in token.key_hash
    assert token.prefix == issued.key[:12] and token.name == "Nightly"
    assert (token.expires_at - token.created_at).days == 10
    [event] = _events("account.api_token_create")
    assert event.actor == auditor and event.object_id == str(token.pk)
    assert event.after["name"] == "Nightly" and issued.key not in str(event.after)


def test_create_refuses_bad_input_and_unverified_sessions(auditor, service, settings):
    settings.YJAUDIT_API_TOKEN_MAX_DAYS = 90
    for name, days in (("", 5), ("x", 0), ("x", 91), ("x" * 101, 5)):
        with pytest.raises(ValidationError):
            services.api_token_create(user=auditor, name=name, days=days, verified=True)
    with pytest.raises(ValidationError, match="two-factor"):
        services.api_token_create(user=auditor, name="x", days=5, verified=False)
    # Board members are exempt from two-factor: an unverified session may issue one.
    board = make_user("board@example.org", service=service, roles=["board_member"])
    assert services.api_token_create(user=board, name="x", days=None, verified=False)
    assert ApiToken.objects.count() == 1 and len(_events("account.api_token_create")) == 1


def test_revoke_one_and_all_record_each_token(auditor):
    one = services.api_token_create(user=auditor, name="a", days=5, verified=True).token
    services.api_token_create(user=auditor, name="b", days=5, verified=True)
    assert services.api_token_revoke(actor=auditor, token=one) is True
    assert services.api_token_revoke(actor=auditor, token=one) is False  # already revoked
    one.refresh_from_db()
    assert one.revoked_at is not None and one.revoked_reason == "user"
    assert services.api_tokens_revoke_all(actor=None, user=auditor, reason="role_change") == 1
    events = _events("account.api_token_revoke")
    assert [e.after["revoked_reason"] for e in events] == ["user", "role_change"]
    assert ApiToken.objects.live().count() == 0
    with pytest.raises(ValueError):
        services.api_tokens_revoke_all(actor=None, user=auditor, reason="whim")


def test_touch_writes_last_used_at_most_once_a_minute(auditor, settings):
    settings.YJAUDIT_API_TOKEN_TOUCH_SECONDS = 60
    with time_machine.travel("2026-01-05 09:00:00+00:00", tick=False) as traveller:
        token = services.api_token_create(user=auditor, name="a", days=5, verified=True).token
        services.api_token_touch(token)
        first = token.last_used_at
        traveller.shift(30)
        services.api_token_touch(token)
        token.refresh_from_db()
        assert token.last_used_at == first
        traveller.shift(31)
        services.api_token_touch(token)
        token.refresh_from_db()
        assert token.last_used_at > first


def test_password_changed_and_totp_reset_revoke_with_reasons(auditor, service):
    admin = make_user("admin@example.org", service=service, roles=["administrator"])
    services.api_token_create(user=auditor, name="a", days=5, verified=True)
    services.password_changed(user=auditor)
    services.api_token_create(user=auditor, name="b", days=5, verified=True)
    services.totp_reset(actor=admin, user=auditor)
    reasons = [e.after["revoked_reason"] for e in _events("account.api_token_revoke")]
    assert reasons == ["password_change", "2fa_reset"]
    assert len(_events("account.password_change")) == 1
    assert _events("account.2fa_reset")[0].actor == admin


def test_role_grant_and_revoke_revoke_tokens(auditor, service):
    admin = make_user("admin@example.org", service=service, roles=["administrator"])
    services.api_token_create(user=auditor, name="a", days=5, verified=True)
    org_services.role_grant(actor=admin, user=auditor, service=service, role="auditor")  # held
    assert ApiToken.objects.live().count() == 1
    org_services.role_grant(actor=admin, user=auditor, service=service, role="manager")
    assert ApiToken.objects.live().count() == 0
    services.api_token_create(user=auditor, name="b", days=5, verified=True)
    org_services.role_revoke(actor=admin, grant=RoleGrant.objects.get(user=auditor, role="manager"))
    assert ApiToken.objects.live().count() == 0
    events = _events("account.api_token_revoke")
    assert [e.actor for e in events] == [admin, admin]


def test_sign_out_everywhere_deletes_only_that_users_sessions(auditor, service):
    other = make_user("other@example.org", service=service, roles=["auditor"])
    browsers = [verified_login(Client(), auditor) for _ in range(2)]
    theirs = verified_login(Client(), other)
    services.api_token_create(user=auditor, name="a", days=5, verified=True)
    result = services.sign_out_everywhere(user=auditor)
    assert result == {"sessions": 2, "tokens": 1}
    for browser in browsers:
        assert browser.get(reverse("accounts:account")).status_code == 302
    assert theirs.get(reverse("accounts:account")).status_code == 200
    [event] = _events("account.sign_out_everywhere")
    assert event.actor == auditor and event.after == result


def test_invite_and_accept_existing_record(auditor, service):
    admin = make_user("admin@example.org", service=service, roles=["administrator"])
    invitation = services.invite(
        actor=admin,
        email="AUD@example.org ",
        service=service,
        role="qa_lead",
        accept_url=lambda token: f"https://x/{token}/",
    )
    assert isinstance(invitation, Invitation) and invitation.email == "aud@example.org"
    assert not RoleGrant.objects.filter(user=auditor, role="qa_lead").exists()
    with pytest.raises(ValidationError):
        services.invitation_accept_existing(invitation=invitation, user=admin)
    services.invitation_accept_existing(invitation=invitation, user=auditor)
    assert RoleGrant.objects.filter(user=auditor, role="qa_lead").exists()
    accept = _events("invitation.accept")
    assert len(accept) == 1 and accept[0].actor == auditor
    assert _events("role.grant")[-1].actor == admin
    with pytest.raises(ValidationError):  # once only
        services.invitation_accept_existing(invitation=invitation, user=auditor)


def test_migration_deletes_drf_tokens_and_records_each(auditor):
    """The data step of accounts 0002 on a database that still has DRF's token table."""
    migration = __import__(
        "yjaudit.accounts.migrations.0002_api_tokens", fromlist=["revoke_drf_tokens"]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, "
            "user_id integer)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES ('abc', CURRENT_TIMESTAMP, %s)", [auditor.pk]
        )
    editor = types.SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    try:
        migration.revoke_drf_tokens(apps, editor)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM authtoken_token")
            assert cursor.fetchone()[0] == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE authtoken_token")
    [event] = _events("account.api_token_revoke")
    assert event.object_id == str(auditor.pk) and event.object_repr == "aud@example.org"
