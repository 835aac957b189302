"""The outbox on the task queue's schedule (YJAUDIT_SCHEDULED_TASKS["notifications"])."""

from __future__ import annotations

from .services import send_pending


def send_scheduled() -> str:
    """Send what waits in the outbox (retries included); a summary line for the schedule."""
    return str(send_pending())
