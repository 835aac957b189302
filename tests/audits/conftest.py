import datetime as dt

import pytest

from cases.factories import make_caseload, make_service, make_user
from yjaudit.audits.rounds.services import create_round
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks


@pytest.fixture
def edition(db):
    # A real edition: drawing a sample creates its case audits, which apply the
    # framework's rules.
    sync_bundled_frameworks()
    return get_current_edition("hmip-youth-2021")


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
