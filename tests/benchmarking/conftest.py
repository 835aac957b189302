from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

import yjaudit.benchmarking
from reports.answering import answer_round
from yjaudit.accounts.testing import make_user
from yjaudit.audits.case_audits.round_scores import clear_cache
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.cases.models import Case
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Service, StaffMember, Team

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
def board(service: Service) -> Any:
    return make_user("board@demo.example", service=service, roles=["board_member"])


def make_round(service: Service, edition: FrameworkEdition, *, size: int = 20) -> Any:
    """A self-audit round of `size` cases, answered (seeded) and submitted."""
    team = Team.objects.create(service=service, name="North")
    staff = [
        StaffMember.objects.create(service=service, team=team, name=f"Case Manager {i}")
        for i in range(3)
    ]
    rng = random.Random(7)
    Case.objects.bulk_create(
        Case(
            service=service,
            reference=f"{service.code}-{i:04d}",
            case_manager=staff[i % 3],
            disposal_type="referral-order" if i % 3 else "youth-caution",
            disposal_category="court" if i % 3 else "out-of-court",
            setting="community",
            start_date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300)),
            sex="male",
            ethnicity="white",
        )
        for i in range(80)
    )
    r = create_round(
        actor=None,
        service=service,
        framework_edition=edition,
        name="2024 Q4 self-audit",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=size,
    )
    draw_sample(actor=None, audit_round=r, seed=41)
    r.refresh_from_db()
    answer_round(r, quality=0.75)
    return r
