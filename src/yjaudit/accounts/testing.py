"""Helpers for tests in every app: users with roles, and a signed-in, 2FA-verified client.

    from yjaudit.accounts.testing import make_user, verified_login
    user = make_user("qa@example.org", service=service, roles=["qa_lead"])
    verified_login(client, user)   # force_login + a confirmed TOTP device in the session

Use `verified_login` rather than `client.force_login`: the two-factor middleware redirects
signed-in users who have not passed two-factor to the verification page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjaudit.organisations.models import RoleGrant, Service

TEST_PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105 - tests only


def make_user(
    username: str,
    *,
    service: Service | None = None,
    roles: Iterable[str] = (),
    password: str = TEST_PASSWORD,
    **extra: Any,
) -> Any:
    user = get_user_model().objects.create_user(
        username=username,
        email=username if "@" in username else f"{username}@example.org",
        password=password,
        **extra,
    )
    if service is not None:
        for role in roles:
            RoleGrant.objects.create(user=user, service=service, role=role)
    return user


def confirmed_device(user: Any) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return device


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now for `device`."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def verified_login(client: Any, user: Any) -> Any:
    """Sign `client` in as `user` with two-factor already passed. Returns the client."""
    device = confirmed_device(user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
