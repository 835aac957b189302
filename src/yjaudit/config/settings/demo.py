"""The embedded set-up `make run` uses: SQLite, debug pages off, demo data allowed."""

from .base import *  # noqa: F403
from .base import STATIC_ROOT, VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
# WhiteNoise scans STATIC_ROOT at start-up; outside production it is empty (no collectstatic).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
SECRET_KEY = "demo-only-not-secret-" + "x" * 40  # never used in production settings
# Debug pages off even in the demo: a 404 or 500 shows the service's own page, never
# Django's technical page with URL patterns and settings.
DEBUG = False
# With DEBUG off, runserver serves no static files: WhiteNoise serves them straight from the
# apps' static folders (no collectstatic step on a fresh machine), re-read on change.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
YJAUDIT_BASE_URL = "http://127.0.0.1:8000"  # links in e-mails (`make run` serves here)
YJAUDIT_DEMO = True
