"""Observe every request: one structured log line and the Prometheus metrics.

Outermost in MIDDLEWARE, so the duration and status include every other middleware
(redirects, CSRF refusals, errors turned into 500 pages). It also drops an unsafe incoming
X-Request-ID before `RequestContextMiddleware` sees it, and reads back the id that
middleware chose from the response header (one id per request, set in one place).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from . import metrics
from .logs import REQUEST_ID_ATTR, logged_path
from .request_ids import REQUEST_ID_META, is_safe_request_id

logger = logging.getLogger("yjaudit.request")


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None and match.view_name else metrics.UNMATCHED_ROUTE


def _user_id(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    # Read the user only if the request already loaded it: never a query just for the log.
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestObservationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get(REQUEST_ID_META)
        if incoming is not None and not is_safe_request_id(incoming):
            del request.META[REQUEST_ID_META]
        queries = 0

        def count(execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        seconds = time.perf_counter() - started
        route = _route(request)
        request_id = response.get("X-Request-ID") or None
        # Django logs 4xx and 5xx after the last middleware returns: let those lines find it.
        setattr(request, REQUEST_ID_ATTR, request_id)
        if settings.YJAUDIT_NODE_NAME:  # which node answered (several behind one balancer)
            response["X-Yjaudit-Node"] = settings.YJAUDIT_NODE_NAME
        metrics.observe(request.method or "", route, response.status_code, seconds, queries)
        logger.info(
            "request",
            extra={
                "request_id": request_id,
                "method": metrics.method_label(request.method),
                "path": logged_path(request),
                "route": route,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "db_queries": queries,
                "user_id": _user_id(request),
            },
        )
        return response
