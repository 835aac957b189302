"""Prometheus metrics for HTTP requests (prometheus_client).

Under gunicorn each worker is a process: set PROMETHEUS_MULTIPROC_DIR (an empty directory,
cleared before start) so every worker writes its values there and /metrics adds them up
(see docs/operations.md). Without it the values are this process's only.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REGISTRY = CollectorRegistry(auto_describe=True)

# Labels are bounded: the route is the URL pattern's name (never the path, which would make
# a series per case), and unexpected methods count as "other".
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED_ROUTE = "<unmatched>"

REQUESTS = Counter(
    "yjaudit_http_requests",
    "HTTP requests answered, by method, route name and status.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
DURATION = Histogram(
    "yjaudit_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route name.",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0),
    registry=REGISTRY,
)
DB_QUERIES = Histogram(
    "yjaudit_http_request_db_queries",
    "Database queries made while answering one HTTP request, by route name.",
    ["route"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
    registry=REGISTRY,
)


def method_label(method: str | None) -> str:
    return method if method in METHODS else "other"


def observe(method: str, route: str, status: int, seconds: float, queries: int) -> None:
    method = method_label(method)
    REQUESTS.labels(method, route, str(status)).inc()
    DURATION.labels(method, route).observe(seconds)
    DB_QUERIES.labels(route).observe(queries)


def exposition() -> tuple[bytes, str]:
    """The text exposition, summed over every worker in multi-process mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
