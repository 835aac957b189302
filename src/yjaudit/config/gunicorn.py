"""Gunicorn settings for production.

    gunicorn -c python:yjaudit.config.gunicorn yjaudit.config.wsgi

Each value can be changed by an environment variable (named beside it); see
docs/deploy.md. The defaults fit yjaudit's heaviest requests: a case-register import of
50,000 rows takes about 9 s as a dry run and longer to commit, so the 30 s default
killed the worker (a 500) mid-import.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Behind a reverse proxy (TLS ends there); listen on loopback unless told otherwise.
bind = os.environ.get("YJAUDIT_BIND", "127.0.0.1:8000")
# Sync workers: requests are CPU- and database-bound, not long-polls.
workers = _int("YJAUDIT_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
# Longest a request may run before the worker is replaced (imports, report exports).
timeout = _int("YJAUDIT_REQUEST_TIMEOUT", 120)
# Time given to finish in-flight requests on restart or deploy.
graceful_timeout = _int("YJAUDIT_GRACEFUL_TIMEOUT", 30)
# Idle keep-alive to the proxy.
keepalive = _int("YJAUDIT_KEEPALIVE", 5)
# Replace workers now and then so no slow memory growth builds up (jitter: not all at once).
max_requests = _int("YJAUDIT_MAX_REQUESTS", 1000)
max_requests_jitter = _int("YJAUDIT_MAX_REQUESTS_JITTER", 100)
# Request line and header limits (gunicorn's defaults, stated so they are not forgotten).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# X-Forwarded-Proto is believed only from the proxy's address (comma-separated list).
forwarded_allow_ips = os.environ.get("YJAUDIT_PROXY_IPS", "127.0.0.1")
# Django writes one JSON line per request (yjaudit.operations, docs/operations.md) with the
# path only; gunicorn's access log would repeat the request line with its query string,
# which may hold case references. Off unless asked for (YJAUDIT_ACCESS_LOG=-).
accesslog = os.environ.get("YJAUDIT_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("YJAUDIT_LOG_LEVEL", "info").lower()


def child_exit(server: object, worker: object) -> None:
    """Multi-process Prometheus metrics: drop a dead worker's live gauges (docs/operations.md)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
