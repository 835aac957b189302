"""Demo step: one user per role in the demo service, with a known password and TOTP key."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjaudit.audittrail.services import record
from yjaudit.organisations.demo_support import (
    DEMO_PASSWORD,
    DEMO_TOTP_HEX,
    DEMO_USERS,
    DemoContext,
)
from yjaudit.organisations.services import role_grant, staff_update


def seed(context: DemoContext) -> None:
    user_model = get_user_model()
    for username, role in DEMO_USERS.items():
        user = user_model.objects.filter(username=username).first()
        if user is None:
            first = username.split("@")[0].capitalize()
            user = user_model(username=username, email=username, first_name=first)
            user.last_name = "(demo)"
            user.set_password(DEMO_PASSWORD)
            if role is None:
                user.is_staff = user.is_superuser = True
            user.save()
            record(actor=None, action="user.create", target=user, service=context.service)
            context.log(f"Created demo user {username}.")
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name="Demo authenticator", key=DEMO_TOTP_HEX, confirmed=True
            )
        if role is not None:
            role_grant(actor=None, user=user, service=context.service, role=role)
        context.users[role or "platform"] = user
    # Link the practitioner and the manager to staff records, so "own cases" work.
    links = [
        ("practitioner", context.case_managers[0] if context.case_managers else None),
        ("manager", context.operational_managers[0] if context.operational_managers else None),
    ]
    for role, staff in links:
        if staff is not None and staff.user_id is None:
            staff_update(actor=None, staff=staff, user=context.users[role])
