"""Per-request context (request id, client address) picked up by `record`.

Held in a context variable so services need not pass the request around.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None


_EMPTY = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("yjaudit_request", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


class RequestContextMiddleware:
    """Tags each request with an id (kept from X-Request-ID if sane) and the client address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if incoming.isascii() and 0 < len(incoming) <= 64 else ""
        ctx = RequestContext(
            request_id=request_id or uuid.uuid4().hex,
            # REMOTE_ADDR only: forwarded headers are spoofable unless a proxy is trusted.
            ip_address=request.META.get("REMOTE_ADDR") or None,
        )
        token = _current.set(ctx)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = ctx.request_id
        return response
