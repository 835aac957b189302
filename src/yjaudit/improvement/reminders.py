"""Reminder e-mails for actions due soon and overdue; each sent once.

Run daily (`manage.py send_plan_reminders`). A reminder is one (action, kind, deadline,
recipient): the `SentReminder` row is written in the same transaction as the e-mail is
handed to Django's e-mail backend, so a second run the same day, or the next day, sends
nothing new; a changed deadline earns fresh reminders. The window is in rules.yaml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from yjaudit.audittrail.services import record

from . import clock, selectors
from .models import Action, ReminderKind, SentReminder
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


def _message(reminder: Reminder) -> tuple[str, str]:
    a = reminder.action
    when = reminder.deadline.strftime("%d %B %Y")
    if reminder.kind == ReminderKind.OVERDUE:
        subject = _("Overdue: action %(n)s of %(plan)s (due %(when)s)")
    else:
        subject = _("Due soon: action %(n)s of %(plan)s (due %(when)s)")
    subject = subject % {"n": a.label, "plan": a.plan.title, "when": when}
    base = getattr(settings, "YJAUDIT_BASE_URL", "").rstrip("/")
    link = base + reverse("plans:action", kwargs={"pk": a.pk})
    body = "\n\n".join(
        [
            subject,
            a.description or _("(no description)"),
            _("Timescale: %(t)s") % {"t": a.timescale or when},
            _("Record progress or update the date: %(link)s") % {"link": link},
        ]
    )
    return subject[:250], body


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
                subject, body = _message(reminder)
                send_mail(subject, body, None, [reminder.recipient])
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


def send_scheduled() -> str:
    """The daily scheduled run (YJAUDIT_SCHEDULED_TASKS["plan-reminders"]): a summary line."""
    sent = send_reminders()
    return f"{len(sent)} reminder(s) sent"
