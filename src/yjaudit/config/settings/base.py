"""Settings shared by every environment. Environment-specific modules import from here."""

from __future__ import annotations

import json
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
    "yjaudit.voice",
    "yjaudit.practice",
    "yjaudit.api",
    "yjaudit.operations",
    # The site shell (navigation, home), above every app.
    "yjaudit.site",
    "yjaudit.benchmarking",
    "yjaudit.notifications",
    "yjaudit.jobs",
    "yjaudit.retention",
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
    "yjaudit.accounts.middleware.SignInLanguageMiddleware",
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
                "yjaudit.site.context_processors.service_navigation",
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
# The shared catalogue first, then each package's own (`<package>/locale`): apps and
# the packages that are not apps (the CLI, charts) keep their Welsh beside their code.
LOCALE_PATHS = [SRC_DIR / "locale", *sorted(SRC_DIR.glob("*/locale"))]
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
# A forgotten-password link works once, within this many seconds (3 days, Django's default,
# stated here because the pages and the e-mail say "3 days").
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60
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

# Many nodes (docs/deploy.md): the node's name, sent as `X-Yjaudit-Node` on every response
# and written as `node` on every JSON log line, so a request can be traced to the node that
# answered it. Empty (one node): neither is written.
YJAUDIT_NODE_NAME = os.environ.get("YJAUDIT_NODE_NAME", "")
# A cache shared by every node (Redis, e.g. redis://redis.internal:6379/1): counters kept in
# the cache (the voice pages' rate limit) must count across nodes. Empty: Django's
# per-process memory cache, right for one node.
YJAUDIT_CACHE_URL = os.environ.get("YJAUDIT_CACHE_URL", "")
if YJAUDIT_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": YJAUDIT_CACHE_URL,
        }
    }

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
# Seconds a request to the results across services may spend scoring rounds whose summary
# is not cached yet (the rest are scored by the next request): well under gunicorn's timeout.
YJAUDIT_NATIONAL_SCORING_SECONDS = float(os.environ.get("YJAUDIT_NATIONAL_SCORING_SECONDS", "8"))
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

# Settings the apps read that had their default beside the reader; declared here, each
# once (a deployment overrides them in its own settings).
# Content-Security-Policy of every response (yjaudit.web.middleware); empty: no header.
# Pages use no inline script or style: GOV.UK Frontend's JS and ours are static files.
YJAUDIT_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
# Case register imports (yjaudit.cases.services): the largest file accepted (10 MB, the
# reader's documented limit, docs/register-and-sampling.md). The reader's other limits
# take an optional YJAUDIT_IMPORT_<NAME> override (e.g. YJAUDIT_IMPORT_MAX_ROWS).
YJAUDIT_IMPORT_MAX_BYTES = 10 * 1024 * 1024
# From this many rows a register import's check (every row validated against the register)
# runs as a background job instead of inside the request. inferred: true (measured): 50,000
# rows took 58 s under load, about 1.2 ms a row, against gunicorn's 120 s timeout; 2,000
# rows check in a few seconds even then, so smaller files keep their one-step page.
YJAUDIT_CASE_CHECK_JOB_FROM_ROWS = 2_000
# Unknown permission actions raise instead of denying (test settings; DEBUG does too).
YJAUDIT_STRICT_ACTIONS = False
# Improvement plans (yjaudit.improvement): the timescale and status rule file, "today"
# for plans (None: the real date; browser journeys pin it, e.g. "2026-12-01"), and the
# site's address for links in reminder e-mails (empty: links are relative).
YJAUDIT_PLAN_RULES = str(SRC_DIR / "improvement" / "rules.yaml")
YJAUDIT_PLAN_TODAY: str | None = None
# Plug-ins (yjaudit.config.plugins): dotted paths; empty means the default named there.
YJAUDIT_ROUND_RESULT = ""
YJAUDIT_REPORT_ROUND_SCORE = ""
YJAUDIT_BOARD_INDICATORS = ""
YJAUDIT_BOARD_VOICE = ""
YJAUDIT_REPORT_EXTRA_SECTIONS = ""
YJAUDIT_BOARD_COMPLIANCE = ""
YJAUDIT_ROUND_REPORT_SECTIONS = ""
# Reports (yjaudit.reports): the narrative wording file (empty: the bundled wording), the
# protective marking printed on every page (empty: none), the benchmarks file (empty:
# benchmarks from the services in this installation).
YJAUDIT_NARRATIVE_FILE = ""
YJAUDIT_REPORT_MARKING = ""
YJAUDIT_REPORT_BENCHMARKS_FILE = ""
# Benchmarks need at least this many other services: with one, lowest = highest =
# average would publish that service's figures (inferred: true).
YJAUDIT_BENCHMARK_MIN_SERVICES = 2
# A practitioner's own findings are shown from this many audited cases (inferred: true;
# the report is for the practitioner and their manager, so one case is enough).
YJAUDIT_PRACTITIONER_FINDINGS_MIN_CASES = 1

# Questionnaire link and answering limits (yjaudit.voice): a deployment's own rules file,
# or empty for the bundled voice/rules.yaml.
YJAUDIT_VOICE_RULES = ""
# E-mail notifications (yjaudit.notifications, docs/notifications.md). Sender: "django"
# (EMAIL_BACKEND, SMTP) or "notify" (GOV.UK Notify: API key and template ids, JSON
# {"<kind or default>": {"en": "<id>", "cy": "<id>"}}). Links start with YJAUDIT_BASE_URL.
# With no task queue (YJAUDIT_NOTIFICATIONS_QUEUED false) each e-mail is sent at once;
# else the queue runs `send_pending`. Retries: after 5 minutes, doubling, 5 attempts
# (inferred: true; no source sets them).
YJAUDIT_BASE_URL = os.environ.get("YJAUDIT_BASE_URL", "")
# The SMTP server (Django's e-mail settings), with a timeout so a slow server cannot hold
# a request or a worker for long.
EMAIL_HOST = os.environ.get("YJAUDIT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("YJAUDIT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("YJAUDIT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("YJAUDIT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("YJAUDIT_EMAIL_TLS", "") == "1"
EMAIL_TIMEOUT = int(os.environ.get("YJAUDIT_EMAIL_TIMEOUT", "10"))
YJAUDIT_NOTIFICATIONS_SENDER = os.environ.get("YJAUDIT_NOTIFICATIONS_SENDER", "django")
YJAUDIT_NOTIFICATIONS_QUEUED = os.environ.get("YJAUDIT_NOTIFICATIONS_QUEUED", "") == "1"
YJAUDIT_NOTIFICATIONS_RETRY_SECONDS = 300
YJAUDIT_NOTIFICATIONS_MAX_ATTEMPTS = 5
YJAUDIT_NOTIFY_API_KEY = os.environ.get("YJAUDIT_NOTIFY_API_KEY", "")
YJAUDIT_NOTIFY_BASE_URL = os.environ.get("YJAUDIT_NOTIFY_BASE_URL", "")
YJAUDIT_NOTIFY_TEMPLATES = json.loads(os.environ.get("YJAUDIT_NOTIFY_TEMPLATES", "{}"))
# One value in a notification (a link, a service's name): inferred, far above real use.
YJAUDIT_LIMITS["notification_value_chars"] = 2_000

# Single sign-on with OpenID Connect (yjaudit.accounts.sso, docs/accounts.md): off unless
# YJAUDIT_OIDC_ENABLED=1. The provider's discovery document, this site's client id and
# secret; the claim carrying the e-mail address and the one saying it is verified (Entra
# ID: "email" and "xms_edov"); optionally the only e-mail domains accepted; the `amr`
# values that count as multi-factor authentication (the provider's MFA then replaces
# the local two-factor step).
YJAUDIT_OIDC_ENABLED = os.environ.get("YJAUDIT_OIDC_ENABLED", "") == "1"
YJAUDIT_OIDC_METADATA_URL = os.environ.get("YJAUDIT_OIDC_METADATA_URL", "")
YJAUDIT_OIDC_CLIENT_ID = os.environ.get("YJAUDIT_OIDC_CLIENT_ID", "")
YJAUDIT_OIDC_CLIENT_SECRET = os.environ.get("YJAUDIT_OIDC_CLIENT_SECRET", "")
YJAUDIT_OIDC_SCOPE = "openid email profile"
YJAUDIT_OIDC_REDIRECT_URI = os.environ.get("YJAUDIT_OIDC_REDIRECT_URI", "")
YJAUDIT_OIDC_EMAIL_CLAIM = os.environ.get("YJAUDIT_OIDC_EMAIL_CLAIM", "email")
YJAUDIT_OIDC_EMAIL_VERIFIED_CLAIM = os.environ.get(
    "YJAUDIT_OIDC_EMAIL_VERIFIED_CLAIM", "email_verified"
)
YJAUDIT_OIDC_EMAIL_DOMAINS: list[str] = [
    d.strip() for d in os.environ.get("YJAUDIT_OIDC_EMAIL_DOMAINS", "").split(",") if d.strip()
]
YJAUDIT_OIDC_MFA_AMR_VALUES = ["mfa"]
YJAUDIT_OIDC_TIMEOUT_SECONDS = 10
YJAUDIT_OIDC_LEEWAY_SECONDS = 60
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
    "report.file": "yjaudit.reports.services.report_file",
    # Imports confirmed on the pages (the CLI stays synchronous, with a progress bar).
    "cases.import": "yjaudit.cases.services.import_job",
    # A large file's check before it is confirmed (writes nothing).
    "cases.import_check": "yjaudit.cases.services.import_check_job",
    "monitoring.import": "yjaudit.monitoring.services.import_job",
    "practice.import": "yjaudit.practice.services.import_job",
}
# Scheduled work (Celery beat; the administrators' page /jobs/schedule/). Each entry calls
# a dotted path with no arguments; cron fields in UK time. Apps add entries here.
YJAUDIT_SCHEDULED_TASKS: dict[str, dict[str, str]] = {
    "plan-reminders": {
        "call": "yjaudit.improvement.reminders.send_scheduled",
        "cron": "0 7 * * *",
        "doc": "E-mail reminders for plan actions due soon or overdue (each sent once).",
    },
    "notifications": {
        "call": "yjaudit.notifications.scheduled.send_scheduled",
        "cron": "*/5 * * * *",
        "doc": "E-mails waiting in the outbox, retries included (each sent once).",
    },
    "compliance-refresh": {
        "call": "yjaudit.jobs.hooks.compliance_refresh",
        "cron": "0 5 1 * *",
        "doc": "Monthly refresh of National Standards compliance figures.",
    },
    "retention": {
        "call": "yjaudit.retention.services.run_scheduled",
        "cron": "30 2 * * 0",
        "doc": "Removes or anonymises what is past its retention period.",
    },
}
# Retention rules (yjaudit.retention, docs/retention.md): a deployment's own file in the
# format of retention/rules/retention.yaml (its local retention schedule); empty: bundled.
YJAUDIT_RETENTION_RULES = os.environ.get("YJAUDIT_RETENTION_RULES", "")
# Dotted paths the monthly compliance refresh calls (none: a run that does nothing).
YJAUDIT_COMPLIANCE_REFRESH_HOOKS: list[str] = []
