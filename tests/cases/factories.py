"""Small builders for register tests (also used by tests/audits)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model

from yjaudit.cases.models import Case
from yjaudit.organisations.models import Role, RoleGrant, Service, StaffMember, Team


def make_service(code: str = "DERBY", name: str = "Derby YJS") -> Service:
    return Service.objects.create(code=code, name=name, nation="england")


def make_people(service: Service) -> tuple[Team, Team, list[StaffMember]]:
    north = Team.objects.create(service=service, name="North")
    south = Team.objects.create(service=service, name="South")
    staff = [
        StaffMember.objects.create(service=service, team=north, name="Alex Morgan"),
        StaffMember.objects.create(service=service, team=south, name="Sam Patel"),
    ]
    return north, south, staff


def make_user(username: str, service: Service | None = None, role: str = Role.QA_LEAD) -> Any:
    user = get_user_model().objects.create_user(username=username, password="x" * 16)
    if service is not None:
        RoleGrant.objects.create(user=user, service=service, role=role)
    return user


def make_caseload(service: Service, n: int, seed: int = 1) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        court = rng.random() < 0.6
        disposal = rng.choice(
            ["referral-order", "yro", "dto"] if court else ["youth-caution", "community-resolution"]
        )
        cases.append(
            Case(
                service=service,
                reference=f"{service.code}-{i:04d}",
                disposal_type=disposal,
                disposal_category="court" if court else "out-of-court",
                setting="custody" if disposal == "dto" else "community",
                start_date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300)),
                sex="male" if rng.random() < 0.85 else "female",
                ethnicity=rng.choice(["white", "white", "white", "black", "asian", "mixed"]),
                rosh=rng.choice(["low", "low", "medium", "high"]),
            )
        )
    return Case.objects.bulk_create(cases)


def sign_in(client: Any, user: Any) -> Any:
    """Sign a user in with a confirmed second factor, as after the TOTP step."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
