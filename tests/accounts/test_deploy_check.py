"""Production settings pass Django's deployment checklist and keep the hardening on."""

import os
import secrets
import subprocess
import sys

PROBE = """
import django
django.setup()
from django.conf import settings as s
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
print("VALUES", s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,
      s.SESSION_COOKIE_HTTPONLY, s.DEBUG, s.SECURE_HSTS_SECONDS >= 31536000,
      "yjaudit.accounts.middleware.TwoFactorMiddleware" in s.MIDDLEWARE,
      s.AXES_FAILURE_LIMIT, s.SESSION_COOKIE_AGE <= 8 * 3600)
"""


def _run(secret: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # The browser tests' conftest allows async-unsafe ORM calls for its own process; a
    # deployment never sets that, and check --deploy rightly refuses it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_SECRET_KEY=secret,
        DJANGO_ALLOWED_HOSTS="yjaudit.example.org",
        YJAUDIT_BASE_URL="https://yjaudit.example.org",  # links in e-mails (notifications)
        DJANGO_SETTINGS_MODULE="yjaudit.config.settings.production",
    )
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_and_hardening_is_on():
    # The same as: python -m django check --deploy --settings=yjaudit.config.settings.production
    result = _run(secrets.token_urlsafe(60), "-c", PROBE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    values = result.stdout.split("VALUES", 1)[1].split()
    assert values == ["True"] * 4 + ["False", "True", "True", "5", "True"]


def test_production_refuses_a_missing_secret_key():
    result = _run("", "-m", "django", "check")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
