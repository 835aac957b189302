from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest

from yjaudit.accounts.testing import make_user
from yjaudit.audits.models import AuditRound
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.improvement import services
from yjaudit.organisations.models import Service, StaffMember
from yjaudit.spec.loader import BUNDLED_DIR

from . import fakes


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.YJAUDIT_ROUND_RESULT = "improvement.fakes.round_result"
    fakes.RESULTS.clear()
    return settings.MEDIA_ROOT


@pytest.fixture
def service(db: Any) -> Service:
    return Service.objects.create(name="Coventry YOS", code="COV", nation="england")


@pytest.fixture
def other_service(db: Any) -> Service:
    return Service.objects.create(name="Merton YOT", code="MERTON", nation="england")


@pytest.fixture
def manager(service: Service) -> Any:
    return make_user("manager@cov.example", service=service, roles=["manager"])


@pytest.fixture
def manager_staff(service: Service, manager: Any) -> StaffMember:
    return StaffMember.objects.create(
        service=service, name="Ops Manager", role="operational_manager", user=manager
    )


@pytest.fixture
def edition(db: Any) -> FrameworkEdition:
    path = BUNDLED_DIR / "hmip-style-local-audit.yaml"
    text = path.read_text(encoding="utf-8")
    return FrameworkEdition.objects.create(
        framework_id="hmip-style-local-audit",
        version=1,
        edition="2023",
        name="HMIP-style local audit",
        publisher="Local",
        source=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        source_name=path.name,
    )


def make_round(service: Service, edition: FrameworkEdition, name: str, end: dt.date) -> AuditRound:
    return AuditRound.objects.create(
        service=service,
        framework_edition=edition,
        name=name,
        kind="self-audit",
        period_start=end - dt.timedelta(days=89),
        period_end=end,
        sample_rule="fixed-n",
        requested_size=10,
    )


@pytest.fixture
def audit_round(service: Service, edition: FrameworkEdition) -> AuditRound:
    return make_round(service, edition, "Quarter 1 2026", dt.date(2026, 3, 31))


@pytest.fixture
def inspection_plan(service: Service, manager: Any) -> Any:
    return services.create_plan(
        actor=manager,
        service=service,
        title="CYOS SQS Action Plan 2016",
        source_kind="inspection",
        inspection_name="Short Quality Screening, Coventry",
        published_on=dt.date(2016, 8, 10),
    )
