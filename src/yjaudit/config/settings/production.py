"""Production: secrets and hosts from the environment, HTTPS only, hardened cookies."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOG_LEVEL

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random string of 50+ characters.")
DEBUG = False
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind the TLS-terminating reverse proxy (SECURE_PROXY_SSL_HEADER above), REMOTE_ADDR is the
# proxy's: lockouts (django-axes, via django-ipware) key on the client address the proxy puts
# in X-Forwarded-For, so people behind the proxy are not locked out together. The count is
# the number of proxy addresses that header carries after the client's: 0 for one proxy
# (nginx in front of gunicorn), 1 for a CDN or load balancer in front of that proxy. A header
# that does not match is ignored (the proxy's address is used).
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("YJAUDIT_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_ORDER = "left-most"

# Health probes and the metrics scraper reach each node directly over plain HTTP on the
# private network: a redirect to HTTPS would hide a 503 (probes count any 2xx-3xx as
# healthy) and fail every scrape. None of them holds case data (docs/operations.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# Structured logs: one JSON object per line on standard output (time, level, logger,
# message; request lines add request id, method, path without query string, route,
# status, duration, query count, user id). Only named fields are written: never a request
# body, query string or e-mail address (yjaudit.operations.logs). Gunicorn's access log is
# off (gunicorn.py): it would repeat each request with its query string.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "yjaudit.operations.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "yjaudit.request": {"level": os.environ.get("YJAUDIT_REQUEST_LOG_LEVEL", "INFO")},
        # Django's own handlers print plain text (console when DEBUG) or send mail: JSON only.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
    },
}
