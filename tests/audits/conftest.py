import datetime as dt

import pytest

from cases.factories import make_caseload, make_service, make_user
from yjaudit.audits.round_services import create_round
from yjaudit.frameworks.models import FrameworkEdition


@pytest.fixture
def edition(db):
    return FrameworkEdition.objects.create(
        framework_id="hmip-youth-2021",
        version=1,
        edition="2021",
        name="HMIP youth standards",
        publisher="HMIP",
        source="id: test",
        sha256="0" * 64,
    )


@pytest.fixture
def service(db):
    return make_service()


@pytest.fixture
def qa(service):
    return make_user("qa", service)


@pytest.fixture
def caseload(service):
    return make_caseload(service, 500)


@pytest.fixture
def audit_round(service, edition, qa, caseload):
    return create_round(
        actor=qa,
        service=service,
        framework_edition=edition,
        name="Spring 2025",
        kind="inspection",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="hmip-children",
    )
