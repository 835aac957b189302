"""A self-audit round for the benchmarking tests and journey (answered, seeded)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from reports.answering import answer_round
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.cases.models import Case
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.organisations.models import Service, StaffMember, Team


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
