"""One JSON object per line for production logs, holding only fields named here.

A log record can carry anything in its extras (Django's own `django.request` records carry
the whole request). Only the whitelisted fields are written, so a request body, a query
string or an e-mail address never reaches the log by accident.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import traceback
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from yjaudit.audittrail.context import current

REQUEST_ID_ATTR = "yjaudit_request_id"

# Extras written when a record has them (set by `yjaudit.operations.middleware`).
REQUEST_FIELDS = (
    "request_id",
    "method",
    "path",
    "route",
    "status",
    "duration_ms",
    "db_queries",
    "user_id",
)


def logged_path(request: HttpRequest) -> str:
    """The path, without query string, and with secret URL parts (invitation tokens) hidden."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in settings.YJAUDIT_LOG_REDACTED_URL_KWARGS:
            value = match.kwargs.get(name)
            if value:
                path = path.replace(str(value), "<redacted>")
    return path


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if settings.YJAUDIT_NODE_NAME:  # every line, so one node's log can be told apart
            entry["node"] = settings.YJAUDIT_NODE_NAME
        # Django's own request records (django.request, django.security) name the path.
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            entry["message"] = entry["message"].replace(request.path, logged_path(request))
            request_id = getattr(request, REQUEST_ID_ATTR, None)
            if request_id:
                entry["request_id"] = request_id
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if "request_id" not in entry:
            # Records logged while a request is being served carry its id.
            request_id = current().request_id
            if request_id:
                entry["request_id"] = request_id
        if record.exc_info and record.exc_info[0] is not None:
            # The type and the stack, not the message: database errors repeat the values
            # that failed (a case reference in a unique-key error).
            entry["exception"] = record.exc_info[0].__name__
            entry["stack"] = "".join(traceback.format_tb(record.exc_info[2]))
        return json.dumps(entry, ensure_ascii=False, default=str)
