from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from yjaudit.improvement import selectors
from yjaudit.improvement.demo import TITLE
from yjaudit.improvement.models import Action, ImprovementPlan

pytestmark = pytest.mark.django_db


def test_demo_plan_is_seeded_once_with_every_rag_colour() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    plan = ImprovementPlan.objects.get(title=TITLE)
    summary = selectors.rag_summary(plan)
    assert summary["total"] == 4
    assert summary["red"] == 1 and summary["amber"] >= 1 and summary["green"] >= 1
    assert plan.approvals.count() == 1 and plan.scrutiny_reports.count() == 1
    counts = (ImprovementPlan.objects.count(), Action.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (ImprovementPlan.objects.count(), Action.objects.count()) == counts
