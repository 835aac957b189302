"""The outbox on the task queue's schedule (YJAUDIT_SCHEDULED_TASKS["notifications"])."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from yjaudit.said import Said

from .services import send_pending


def send_scheduled() -> Said:
    """Send what waits in the outbox (retries included); its counts for the schedule."""
    done = send_pending()
    return Said.one(
        gettext_noop("sent %(sent)s, to retry %(retrying)s, failed %(failed)s"),
        sent=done.sent,
        retrying=done.retrying,
        failed=done.failed,
    )
