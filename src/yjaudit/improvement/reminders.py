"""Reminder e-mails for actions due soon and overdue; each sent once.

Run daily (`manage.py send_plan_reminders`). A reminder is one (action, kind, deadline,
recipient): the `SentReminder` row is written in the same transaction as the e-mail is
put in the notifications outbox (`yjaudit.notifications`), so a second run the same day,
or the next day, sends nothing new; a changed deadline earns fresh reminders. The window
is in rules.yaml. Plans not yet sent to the inspectorate get one reminder per deadline
when their submission deadline is within the same window (the outbox's key keeps it once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from yjaudit.audittrail.services import record
from yjaudit.notifications import events as notify
from yjaudit.said import Said

from . import clock, selectors
from .models import Action, ImprovementPlan, ReminderKind, SentReminder
from .rules import plan_rules


@dataclass(frozen=True)
class Reminder:
    action: Action
    kind: str
    deadline: dt.date
    recipient: str


def recipients(action: Action) -> list[str]:
    """The lead's own address if their staff record has an account, else the plan's author."""
    lead = action.lead_staff
    if lead is not None and lead.user is not None and lead.user.email and lead.user.is_active:
        return [lead.user.email]
    author = action.plan.created_by
    if author is not None and author.email and author.is_active:
        return [author.email]
    return []


def due_reminders(today: dt.date | None = None) -> list[Reminder]:
    today = today or clock.today()
    window = plan_rules().reminder_window_days
    out: list[Reminder] = []
    qs = selectors.open_with_deadline(Action.objects.all()).select_related(
        "plan__created_by", "lead_staff__user", "parent"
    )
    for action in qs.filter(plan__service__active=True):
        deadline = action.deadline
        if deadline is None:
            continue
        if today > deadline:
            kind = ReminderKind.OVERDUE
        elif (deadline - today).days <= window:
            kind = ReminderKind.DUE_SOON
        else:
            continue
        out.extend(Reminder(action, kind, deadline, r) for r in recipients(action))
    return out


def send_reminders(*, today: dt.date | None = None, dry_run: bool = False) -> list[Reminder]:
    """Send every reminder not sent before; returns those sent (or that would be)."""
    sent: list[Reminder] = []
    for reminder in due_reminders(today):
        already = SentReminder.objects.filter(
            action=reminder.action,
            kind=reminder.kind,
            deadline=reminder.deadline,
            recipient=reminder.recipient,
        ).exists()
        if already:
            continue
        if dry_run:
            sent.append(reminder)
            continue
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    action=reminder.action,
                    kind=reminder.kind,
                    deadline=reminder.deadline,
                    recipient=reminder.recipient,
                )
                notify.action_reminder(
                    overdue=reminder.kind == ReminderKind.OVERDUE,
                    action_id=reminder.action.pk,
                    action_label=reminder.action.label,
                    deadline=reminder.deadline,
                    email=reminder.recipient,
                    service_id=reminder.action.plan.service_id,
                )
                record(
                    actor=None,
                    action="plan.reminder_sent",
                    target=reminder.action,
                    after=_trail(reminder),
                    service=reminder.action.plan.service_id,
                )
        except IntegrityError:
            continue  # another run sent it a moment ago
        sent.append(reminder)
    return sent


def _trail(reminder: Reminder) -> dict[str, Any]:
    return {
        "kind": reminder.kind,
        "deadline": reminder.deadline.isoformat(),
        "recipient": reminder.recipient,
    }


def send_submission_reminders(*, today: dt.date | None = None) -> int:
    """Remind each plan's author that the plan is due to the inspectorate (within the
    reminder window, or late, and not yet submitted). Returns how many were queued."""
    today = today or clock.today()
    window = plan_rules().reminder_window_days
    plans = ImprovementPlan.objects.filter(
        service__active=True,
        submitted_on__isnull=True,
        submission_due__isnull=False,
        submission_due__lte=today + dt.timedelta(days=window),
    ).select_related("service", "created_by")
    count = 0
    for plan in plans:
        author = plan.created_by
        if author is None or not author.is_active or not author.email:
            continue
        assert plan.submission_due is not None
        count += notify.plan_submission_due(
            plan_id=plan.pk, deadline=plan.submission_due, email=author.email, service=plan.service
        )
    return count


def send_scheduled() -> Said:
    """The daily scheduled run (YJAUDIT_SCHEDULED_TASKS["plan-reminders"]): its counts."""
    sent = send_reminders()
    due = send_submission_reminders()
    return Said.one(
        gettext_noop("Action reminders sent: %(actions)s; plan submission reminders: %(plans)s"),
        actions=len(sent),
        plans=due,
    )
