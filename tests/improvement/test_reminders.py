"""The daily reminder command, run on consecutive frozen days, sends each reminder once."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from yjaudit.audittrail.models import AuditEvent
from yjaudit.improvement import services
from yjaudit.improvement.models import SentReminder

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def actions(inspection_plan: Any, manager: Any, manager_staff: Any) -> dict[str, Any]:
    rec = services.add_recommendation(actor=manager, plan=inspection_plan, text="Oversight")

    def add(description: str, **kw: Any) -> Any:
        return services.add_action(
            actor=manager, plan=inspection_plan, recommendation=rec, description=description, **kw
        )

    return {
        "a": add("Workshop", due_date=dt.date(2026, 12, 10), lead_staff=manager_staff),
        "b": add("Audit two per worker", review_date=dt.date(2026, 12, 20), lead_name="Data team"),
        "done": add("Done already", due_date=dt.date(2026, 12, 5), status="completed"),
        "later": add("Next year", due_date=dt.date(2027, 3, 1), lead_staff=manager_staff),
    }


def _run_on(day: dt.date) -> list[str]:
    before = len(mail.outbox)
    with time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 7, 0, tzinfo=LONDON), tick=False
    ):
        call_command("send_plan_reminders", stdout=StringIO())
        call_command("send_plan_reminders", stdout=StringIO())  # twice the same day: no change
    # Action reminders only (the plan's own submission reminder: tests/notifications).
    return [m.subject for m in mail.outbox[before:] if "action" in m.subject]


def test_each_reminder_is_sent_once_over_consecutive_days(actions: dict[str, Any]) -> None:
    sent: dict[dt.date, list[str]] = {}
    day = dt.date(2026, 12, 1)
    while day <= dt.date(2026, 12, 31):
        subjects = _run_on(day)
        if subjects:
            sent[day] = subjects
        day += dt.timedelta(days=1)
    assert sorted(sent) == [
        dt.date(2026, 12, 3),  # a: 7 days before 10 December
        dt.date(2026, 12, 11),  # a: overdue
        dt.date(2026, 12, 13),  # b: 7 days before its review on 20 December
        dt.date(2026, 12, 21),  # b: overdue
    ]
    assert sent[dt.date(2026, 12, 3)] == ["Due soon: action 1 (due 10 December 2026)"]
    assert sent[dt.date(2026, 12, 11)][0].startswith("Overdue: action 1 ")
    assert sent[dt.date(2026, 12, 21)][0].startswith("Overdue: action 2 ")
    # The lead has an account: the e-mail goes to them; "Data team" has none: the author.
    assert mail.outbox[0].to == ["manager@cov.example"]
    assert SentReminder.objects.count() == 4
    assert AuditEvent.objects.filter(action="plan.reminder_sent").count() == 4


def test_a_new_deadline_earns_new_reminders(actions: dict[str, Any], manager: Any) -> None:
    # a is overdue; b (review on 20 December) is 9 days away: outside the 7-day window.
    assert len(_run_on(dt.date(2026, 12, 11))) == 1
    services.update_action(actor=manager, action=actions["a"], due_date=dt.date(2026, 12, 15))
    assert _run_on(dt.date(2026, 12, 11)) == ["Due soon: action 1 (due 15 December 2026)"]


def test_completed_actions_get_no_reminders(actions: dict[str, Any], manager: Any) -> None:
    services.record_progress(actor=manager, action=actions["a"], status="completed", on=None)
    subjects = [s for d in range(1, 13) for s in _run_on(dt.date(2026, 12, d))]
    assert not any("action 1 " in s for s in subjects)


def test_dry_run_sends_nothing(actions: dict[str, Any]) -> None:
    out = StringIO()
    with time_machine.travel(dt.datetime(2026, 12, 11, 7, 0, tzinfo=LONDON), tick=False):
        call_command("send_plan_reminders", "--dry-run", stdout=out)
    assert "Would send overdue reminder for action 1" in out.getvalue()
    assert not mail.outbox and not SentReminder.objects.exists()


def test_a_plan_due_to_the_inspectorate_reminds_its_author_once(
    inspection_plan: Any, manager: Any
) -> None:
    services.update_plan(actor=manager, plan=inspection_plan, submission_due=dt.date(2026, 12, 8))
    manager.email = "manager@cov.example"
    manager.save()
    before = len(mail.outbox)
    for day in (dt.date(2026, 11, 30), dt.date(2026, 12, 1), dt.date(2026, 12, 9)):
        with time_machine.travel(dt.datetime(day.year, day.month, day.day, 7, tzinfo=LONDON)):
            call_command("send_plan_reminders", stdout=StringIO())
    sent = mail.outbox[before:]
    # 30 November is outside the 7-day window; from 1 December once, never again.
    assert [m.subject for m in sent] == ["Improvement plan due by 8 December 2026"]
    assert sent[0].to == ["manager@cov.example"]
    assert "CYOS" not in sent[0].body  # a link and a date, not the plan's words


def test_the_scheduled_run_sends_each_reminder_once(actions: dict[str, Any]) -> None:
    """Celery beat's daily entry (yjaudit.jobs): run twice, as a re-delivered task would be."""
    from yjaudit.jobs.models import ScheduledRun
    from yjaudit.jobs.tasks import run_scheduled

    with time_machine.travel(dt.datetime(2026, 12, 11, 7, 0, tzinfo=LONDON), tick=False):
        assert run_scheduled("plan-reminders") == "done"
        assert run_scheduled("plan-reminders") == "done"
    # The overdue action and the plan's submission deadline: each reminded once.
    assert sorted(m.subject[:9] for m in mail.outbox) == ["Improveme", "Overdue: "]
    results = list(ScheduledRun.objects.order_by("pk").values_list("ok", "result"))
    assert results == [
        (True, "Action reminders sent: 1; plan submission reminders: 1"),
        (True, "Action reminders sent: 0; plan submission reminders: 0"),
    ]
