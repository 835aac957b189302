"""`yjaudit notifications send`: send the e-mails waiting in the outbox.

The task queue calls `yjaudit.notifications.services.send_pending` on a schedule; this
command does the same by hand (or from cron where no queue runs). Safe to run at any
time and from several places: each notification is sent once.
"""

from __future__ import annotations

import click

from .django import setup_django
from .i18n import _


@click.group()
def notifications() -> None:
    """E-mail notifications."""


@notifications.command("send")
@click.option("--limit", "limit_to", type=click.IntRange(min=1), help="Send at most this many.")
def send(limit_to: int | None) -> None:
    """Send every notification whose time has come; print what happened."""
    setup_django()
    from yjaudit.notifications.selectors import waiting
    from yjaudit.notifications.services import send_pending

    summary = send_pending(limit_to=limit_to)
    click.echo(_("%(summary)s; still waiting %(n)s") % {"summary": summary, "n": waiting().count()})
