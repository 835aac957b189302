"""The Celery application: `celery -A yjaudit.jobs.worker worker` (and `beat`).

Configured from Django's settings (the CELERY_* names in config/settings/base.py); the
broker is Redis when YJAUDIT_BROKER_URL says so, else a folder under var/ (embedded).
"""

from __future__ import annotations

import os
from pathlib import Path
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
    # The folder broker writes into folders that must exist (web and worker alike).
    if str(sender.conf.broker_url).startswith("filesystem:"):
        options = sender.conf.broker_transport_options or {}
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            if options.get(key):
                Path(options[key]).mkdir(parents=True, exist_ok=True)
