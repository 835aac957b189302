"""Scheduled work as people read it: a title and description per bundled entry, and a
cron expression's common shapes in words ("Every day at 07:00").

A deployment's own entries keep the `doc` its setting gives; a cron shape not listed
here is shown as the expression itself.
"""

from __future__ import annotations

from django.utils.dates import WEEKDAYS
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yjaudit.said import from_json

from .models import ScheduledRun

TASKS: dict[str, tuple[Promise, Promise]] = {
    "plan-reminders": (
        _("Plan reminders"),
        _("E-mail reminders for plan actions due soon or overdue (each sent once)."),
    ),
    "notifications": (
        _("E-mails"),
        _("E-mails waiting in the outbox, retries included (each sent once)."),
    ),
    "compliance-refresh": (
        _("National Standards figures"),
        _("Monthly refresh of National Standards compliance figures."),
    ),
    "retention": (
        _("Retention"),
        _("Removes or anonymises what is past its retention period."),
    ),
}


def title(name: str, doc: str) -> tuple[str, str]:
    """The entry's title and description in the reader's language."""
    if name in TASKS:
        words, about = TASKS[name]
        return str(words), str(about)
    return name.replace("-", " ").replace("_", " ").capitalize(), doc


def _number(text: str, top: int) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and int(text) <= top else None


def cron_words(cron: str) -> str:
    """Every N minutes; every day, a weekday or a day of the month at a time; else the
    expression itself."""
    fields = cron.split()
    if len(fields) != 5:
        return cron
    minute, hour, day, month, weekday = fields
    if minute.startswith("*/") and (hour, day, month, weekday) == ("*", "*", "*", "*"):
        n = _number(minute[2:], 59)
        if n:
            return gettext("Every %(n)s minutes") % {"n": n}
    m, h = _number(minute, 59), _number(hour, 23)
    if m is None or h is None or month != "*":
        return cron
    at = f"{h:02d}:{m:02d}"
    if day == "*" and weekday == "*":
        return gettext("Every day at %(time)s") % {"time": at}
    if day == "*":
        d = _number(weekday, 7)
        if d is not None:
            # cron counts Sunday as 0 (or 7); Django's WEEKDAYS start on Monday.
            name = WEEKDAYS[(d - 1) % 7]
            return gettext("Every %(weekday)s at %(time)s") % {"weekday": name, "time": at}
    if weekday == "*":
        dom = _number(day, 31)
        if dom:
            return gettext("On day %(day)s of each month at %(time)s") % {"day": dom, "time": at}
    return cron


def outcome(run: ScheduledRun | None) -> str:
    """A run's outcome in the reader's language where it was given as words (`Said`);
    else its line as recorded (an error, or a deployment's own call's text)."""
    if run is None:
        return ""
    said = from_json(run.said)
    return said.words(gettext) if said is not None else run.result
