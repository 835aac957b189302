"""Settings shared by every environment. Environment-specific modules import from here."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

SRC_DIR = Path(__file__).resolve().parents[2]  # src/yjaudit
PROJECT_DIR = SRC_DIR.parents[1]
VAR_DIR = Path(os.environ.get("YJAUDIT_VAR_DIR", PROJECT_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # Our apps, one package per domain.
    "yjaudit.web",
    "yjaudit.audittrail",
    "yjaudit.frameworks",
    "yjaudit.organisations",
    "yjaudit.accounts",
    "yjaudit.cases",
    "yjaudit.audits",
    "yjaudit.reports",
    "yjaudit.improvement",
    "yjaudit.monitoring",
    "yjaudit.api",
    "yjaudit.operations",
    "yjaudit.jobs",
]

MIDDLEWARE = [
    # Outermost: one log line and the metrics for every request (yjaudit.operations).
    "yjaudit.operations.middleware.RequestObservationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "yjaudit.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yjaudit.accounts.middleware.TwoFactorMiddleware",
    "yjaudit.audittrail.context.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yjaudit.config.urls"
WSGI_APPLICATION = "yjaudit.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASE_URL selects PostgreSQL (production, CI); the embedded default is SQLite.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'yjaudit.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
# SQLite serves concurrent web requests (`make run`: several people autosaving at once):
# WAL lets reads go on while one write commits; every transaction takes the write lock
# when it begins (IMMEDIATE), so two saves queue on the busy timeout instead of one
# failing with "database is locked" when both try to upgrade a read lock. PostgreSQL is
# left as it is.
SQLITE_BUSY_TIMEOUT_S = int(os.environ.get("YJAUDIT_SQLITE_TIMEOUT", "20"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT_S,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Sessions expire after a working day of inactivity, and with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("YJAUDIT_SESSION_SECONDS", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login throttling (django-axes): lock an account + address after repeated failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# Uploaded files (import files, evidence) live outside the web root, served by views only.
MEDIA_ROOT = VAR_DIR / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Named, hashed, expiring tokens checked against two-factor on every request. First,
        # so a refused request answers 401 with `WWW-Authenticate: Token`.
        "yjaudit.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "yjaudit.api.schema.AutoSchema",
    # JSON with a depth and size limit (YJAUDIT_LIMITS); forms and uploads as DRF's.
    "DEFAULT_PARSER_CLASSES": [
        "yjaudit.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "yjaudit API",
    "DESCRIPTION": "Inspection frameworks, case register, audits and results.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("YJAUDIT_FROM_EMAIL", "yjaudit@localhost")

# Where bundled framework files live; more directories can be added by deployments.
YJAUDIT_FRAMEWORK_DIRS = [SRC_DIR / "frameworks" / "library"]
# Demo users and data are created only when this is true (demo settings).
YJAUDIT_DEMO = False

# Operations (yjaudit.operations, docs/operations.md). /readyz re-reads the migration graph
# at most this often once all migrations were seen applied. inferred: true (a probe comes
# every few seconds; a minute bounds the work without hiding a rollback for long).
YJAUDIT_READYZ_MIGRATIONS_SECONDS = 60
# /metrics (Prometheus): readable with `Authorization: Bearer <token>` or from the listed
# addresses or networks (comma-separated, e.g. "10.0.5.0/24"). Neither set: nobody.
YJAUDIT_METRICS_TOKEN = os.environ.get("YJAUDIT_METRICS_TOKEN", "")
YJAUDIT_METRICS_ALLOWED_IPS: list[str] = [
    a.strip() for a in os.environ.get("YJAUDIT_METRICS_ALLOWED_IPS", "").split(",") if a.strip()
]

# URL parts never written to the request log (yjaudit.operations.middleware): an
# invitation link's token is a credential.
YJAUDIT_LOG_REDACTED_URL_KWARGS = ["token"]

# Plain text here; production writes one JSON object per line (production.py). The request
# log (`yjaudit.request`, one line per request) is at INFO, so it shows when
# YJAUDIT_LOG_LEVEL=INFO.
LOG_LEVEL = os.environ.get("YJAUDIT_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# Accounts (yjaudit.accounts): invitation links expire; two-factor is required for every
# role except those listed here (board members see aggregates only, no case data).
YJAUDIT_INVITATION_DAYS = 7
YJAUDIT_2FA_EXEMPT_ROLES = ["board_member"]
# API tokens: lifetime offered by default and the most a user may choose (days), and how
# often a token's last-used time may be written. inferred: true (no source document sets
# them; 30 and 90 days follow common practice for personal access tokens).
YJAUDIT_API_TOKEN_DAYS = 30
YJAUDIT_API_TOKEN_MAX_DAYS = 90
YJAUDIT_API_TOKEN_TOUCH_SECONDS = 60
OTP_TOTP_ISSUER = "yjaudit"

# Readers without case access (board members) see no figure of fewer than this many cases
# (yjaudit.audits.disclosure). Source: official statistics suppress small counts; the
# Youth Justice Board's and MoJ's published statistics do not show counts under 5
# (inferred: true for this system's choice of 5).
YJAUDIT_DISCLOSURE_MIN_CASES = int(os.environ.get("YJAUDIT_DISCLOSURE_MIN_CASES", "5"))
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Limits on the work one request can ask for (read with `yjaudit.config.limits.limit`).
# One block, documented here; other areas add their keys. Each value is a judgement
# (inferred: no primary source), set well above real use and far below harm.
YJAUDIT_LIMITS: dict[str, int] = {
    # Answers in one save (web form, autosave, API); never more than the framework has
    # questions either, and each question at most once.
    "answers_per_save": 500,
    # An evidence note on one answer (or second mark): about four pages of text.
    "note_chars": 10_000,
    # Other free text on a case audit: feedback for the case manager, return comments,
    # reopening reasons.
    "text_chars": 10_000,
    # How much of a stored note a conflict response repeats (the rest is on the page).
    "conflict_note_chars": 500,
    # API JSON bodies (yjaudit.api.parsers): bytes read at most, and nesting depth (our
    # own bodies nest 3-4 deep).
    "request_body_bytes": DATA_UPLOAD_MAX_MEMORY_SIZE,
    "json_depth": 32,
}

# Background jobs on Celery (yjaudit.jobs; why Celery: docs/operations.md). The broker is
# Redis (or any Celery broker URL) when YJAUDIT_BROKER_URL, CELERY_BROKER_URL or REDIS_URL
# says so; otherwise the embedded default, a folder under var/ (one machine, no server:
# `make run` starts the worker and beat itself). The job rows, not the broker, are the
# truth: a lost message is sent again by the sweep (YJAUDIT_JOBS["stale_seconds"]).
YJAUDIT_BROKER_URL = (
    os.environ.get("YJAUDIT_BROKER_URL")
    or os.environ.get("CELERY_BROKER_URL")
    or os.environ.get("REDIS_URL", "")
)
CELERY_BROKER_URL = YJAUDIT_BROKER_URL or "filesystem://"
QUEUE_DIR = VAR_DIR / "queue"
# Acknowledged late, and put back when the worker process is lost: a job leaves the
# broker only once its run ended. One message at a time per worker process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # the Job row holds status, progress and the file
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
if CELERY_BROKER_URL.startswith("filesystem:"):
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(QUEUE_DIR / "messages"),
        "data_folder_out": str(QUEUE_DIR / "messages"),
        "control_folder": str(QUEUE_DIR / "control"),
    }
else:
    # Redis gives an unacknowledged message to another worker after this long: longer
    # than any job may run (a report takes seconds; an import of 50,000 rows minutes).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("YJAUDIT_BROKER_VISIBILITY_SECONDS", "3600"))
    }
# inferred: true (no source document; judgements). A failing job is tried max_attempts
# times, waiting retry_base_seconds, then twice that, ...; a job running with no sign of
# life (progress, heartbeat) for stale_seconds is taken over; the sweep looks for such jobs
# every sweep_minutes.
YJAUDIT_JOBS: dict[str, int] = {
    "max_attempts": int(os.environ.get("YJAUDIT_JOB_MAX_ATTEMPTS", "3")),
    "retry_base_seconds": int(os.environ.get("YJAUDIT_JOB_RETRY_SECONDS", "30")),
    "stale_seconds": int(os.environ.get("YJAUDIT_JOB_STALE_SECONDS", "900")),
    "sweep_minutes": int(os.environ.get("YJAUDIT_JOB_SWEEP_MINUTES", "5")),
}
# Finished jobs' files: outside the web root, served only by the job's download view.
YJAUDIT_JOB_RESULTS_DIR = Path(os.environ.get("YJAUDIT_JOB_RESULTS_DIR", VAR_DIR / "job-results"))
# Job kind -> handler(job, progress) -> JobFile (yjaudit.jobs.kinds). Apps add theirs.
YJAUDIT_JOB_KINDS: dict[str, str] = {
    "report.file": "yjaudit.reports.jobs.report_file",
}
# Scheduled work (Celery beat; the administrators' page /jobs/schedule/). Each entry calls
# a dotted path with no arguments; cron fields in UK time. Apps add entries here.
YJAUDIT_SCHEDULED_TASKS: dict[str, dict[str, str]] = {
    "plan-reminders": {
        "call": "yjaudit.improvement.reminders.send_scheduled",
        "cron": "0 7 * * *",
        "doc": "E-mail reminders for plan actions due soon or overdue (each sent once).",
    },
    "compliance-refresh": {
        "call": "yjaudit.jobs.hooks.compliance_refresh",
        "cron": "0 5 1 * *",
        "doc": "Monthly refresh of National Standards compliance figures.",
    },
}
# Dotted paths the monthly compliance refresh calls (none: a run that does nothing).
YJAUDIT_COMPLIANCE_REFRESH_HOOKS: list[str] = []
