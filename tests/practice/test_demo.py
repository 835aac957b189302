"""The demo: twelve months of events and forum memberships, seeded once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from yjaudit.compliance import Month, Scope
from yjaudit.organisations.models import Service
from yjaudit.practice import selectors
from yjaudit.practice.models import CaseEvent, ForumMembership

pytestmark = pytest.mark.django_db


def test_demo_events_give_met_and_missed_figures_and_uncovered_cases() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    service = Service.objects.get(code="DEMO")
    events, members = CaseEvent.objects.count(), ForumMembership.objects.count()
    assert events > 3000 and members > 50
    months = {d.strftime("%Y-%m") for d in CaseEvent.objects.values_list("date", flat=True)}
    assert {f"2024-{m:02d}" for m in range(4, 13)} | {
        f"2025-{m:02d}" for m in range(1, 4)
    } <= months
    assert selectors.latest_month(service, dt.date(2026, 12, 2)) == Month(2025, 3)
    cases = selectors.visible_cases(service, None)
    found = selectors.figures(
        service, cases, [Month(2025, 3)], as_of=dt.date(2025, 4, 15), scopes=(Scope.SERVICE,)
    )
    busy = [f for f in found if f.due]
    assert len(busy) >= 4 and all(f.met for f in busy) and any(f.missed for f in busy)
    # The contact rules count the cases the demo gave an intervention level.
    contact = {f.rule: f for f in found if f.rule.startswith("contact-")}
    assert all(f.due and f.met and f.missed for f in contact.values()), contact
    assert selectors.uncovered(service, cases, dt.date(2025, 3, 31))
    call_command("seed_demo", stdout=io.StringIO())
    assert (CaseEvent.objects.count(), ForumMembership.objects.count()) == (events, members)
