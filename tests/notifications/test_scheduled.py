"""The outbox runs on the task queue's schedule: one entry, each e-mail sent once."""

from __future__ import annotations

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_the_outbox_is_on_the_schedule_and_sends_each_once(settings) -> None:
    from yjaudit.jobs.models import ScheduledRun
    from yjaudit.jobs.tasks import run_scheduled
    from yjaudit.notifications.models import Notification

    assert "notifications" in settings.YJAUDIT_SCHEDULED_TASKS
    settings.YJAUDIT_NOTIFICATIONS_QUEUED = True  # sending is left to the schedule
    import datetime as dt
    import uuid

    from yjaudit.notifications import events
    from yjaudit.organisations.models import Service

    service = Service.objects.create(name="Derby YJS", code="DERBY", nation="england")
    events.plan_submission_due(
        plan_id=uuid.uuid4(), deadline=dt.date(2026, 12, 9), email="qa@example.org", service=service
    )
    assert mail.outbox == [] and Notification.objects.count() == 1  # waiting for the schedule
    assert run_scheduled("notifications") == "done"
    assert run_scheduled("notifications") == "done"
    assert [m.to for m in mail.outbox] == [["qa@example.org"]]
    results = list(ScheduledRun.objects.order_by("pk").values_list("result", flat=True))
    assert results == ["sent 1, to retry 0, failed 0", "sent 0, to retry 0, failed 0"]
