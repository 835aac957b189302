from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import yjaudit.benchmarking
from yjaudit.accounts.testing import make_user
from yjaudit.audits.case_audits.round_scores import clear_cache
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Service

from .world import make_round

__all__ = ["STARTER", "make_round"]

STARTER = Path(yjaudit.benchmarking.__file__).parent / "data" / "hmip-published-ratings.csv"


@pytest.fixture(autouse=True)
def _fresh_scores(settings: Any) -> Any:
    settings.YJAUDIT_REPORT_ROUND_SCORE = "yjaudit.audits.case_audits.round_scores.round_score"
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def editions(db: Any) -> dict[str, FrameworkEdition]:
    sync_bundled_frameworks(actor=None)
    return {e.framework_id: e for e in FrameworkEdition.objects.filter(is_current=True)}


@pytest.fixture
def service(db: Any) -> Service:
    return Service.objects.create(name="Demoshire YJS", code="DEMO", nation="england")


@pytest.fixture
def qa(service: Service) -> Any:
    return make_user("qa@demo.example", service=service, roles=["qa_lead"])


@pytest.fixture
def platform(db: Any) -> Any:
    """The platform operator: the only one who may import national published ratings."""
    return make_user("platform@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def board(service: Service) -> Any:
    return make_user("board@demo.example", service=service, roles=["board_member"])
