"""The Celery application: `celery -A yjaudit.jobs.worker worker` (and `beat`).

Configured from Django's settings (the CELERY_* names in config/settings/base.py); the
broker is Redis when YJAUDIT_BROKER_URL says so, else a folder under var/ (embedded).
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjaudit.config.settings.demo")

app = Celery("yjaudit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["yjaudit.jobs"])


@app.on_after_configure.connect
def _beat(sender: Any, **kwargs: Any) -> None:
    from .schedule import beat_schedule

    sender.conf.beat_schedule = beat_schedule()
