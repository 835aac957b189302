"""Today's date for everything date-driven in plans (overdue, RAG, reminders).

`today()` is the local date, so time-machine moves it in tests. Browser journeys run
the app in a live-server thread where a frozen clock would also expire the session;
they set ``settings.YJAUDIT_PLAN_TODAY = "2026-12-01"`` instead (settings are shared by
every thread of the process), which moves only the plans' notion of today.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    override = settings.YJAUDIT_PLAN_TODAY
    if override:
        return override if isinstance(override, dt.date) else dt.date.fromisoformat(str(override))
    return timezone.localdate()
