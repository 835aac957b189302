"""Settings for the test suite: fast hashing, in-memory mail, no throttling surprises."""

import json
import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import STATIC_ROOT, VAR_DIR, YJAUDIT_JOB_KINDS

VAR_DIR.mkdir(parents=True, exist_ok=True)
# WhiteNoise scans STATIC_ROOT at start-up; outside production it is empty (no collectstatic).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
SECRET_KEY = "test-only-not-secret-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
YJAUDIT_DEMO = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Unknown permission actions raise instead of being silently refused (catches typos).
YJAUDIT_STRICT_ACTIONS = True
# Jobs run inline when their transaction commits; tests that want a real worker start one
# (in a thread, or as a process given YJAUDIT_TEST_BROKER_URL and its own job kinds).
CELERY_BROKER_URL = os.environ.get("YJAUDIT_TEST_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
YJAUDIT_JOB_KINDS = {
    **YJAUDIT_JOB_KINDS,
    **json.loads(os.environ.get("YJAUDIT_TEST_JOB_KINDS", "{}")),
}
YJAUDIT_JOB_RESULTS_DIR = Path(
    os.environ.get("YJAUDIT_JOB_RESULTS_DIR", VAR_DIR / "test-job-results")
)
