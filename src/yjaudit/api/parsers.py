"""A JSON parser with limits: body size and nesting depth (settings `YJAUDIT_LIMITS`).

DRF's parser reads the request stream directly, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE
(which guards `request.body`) never applies; and 50,000 nested brackets made Python's
decoder raise RecursionError, a 500. Here both are a 4xx with a clear message.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status


def limit(name: str) -> int:
    """One of the request limits declared in settings.YJAUDIT_LIMITS (fails loudly if not)."""
    return int(settings.YJAUDIT_LIMITS[name])


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def depth_of(value: Any, stop_at: int) -> int:
    """Nesting depth of a decoded JSON value (iterative), counting up to `stop_at` + 1."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, depth)
        if deepest > stop_at:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children)
    return deepest


def read_limited(stream: IO[bytes] | None, max_bytes: int) -> bytes:
    if stream is None:
        return b""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RequestTooLarge(_("The request body is larger than %(n)s bytes.") % {"n": max_bytes})
    return data


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[bytes] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        context = parser_context or {}
        encoding = context.get("encoding", settings.DEFAULT_CHARSET)
        raw = read_limited(stream, limit("request_body_bytes"))
        max_depth = limit("json_depth")
        try:
            text = codecs.decode(raw, encoding)
            data = json.loads(text, parse_constant=_no_constant)
        except RecursionError:
            raise exceptions.ParseError(
                _("JSON nested more than %(n)s levels deep.") % {"n": max_depth}
            ) from None
        except (ValueError, LookupError) as exc:
            raise exceptions.ParseError(_("JSON parse error: %(e)s") % {"e": exc}) from None
        if depth_of(data, max_depth) > max_depth:
            raise exceptions.ParseError(
                _("JSON nested more than %(n)s levels deep.") % {"n": max_depth}
            )
        return data


def _no_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; DRF refuses them too (strict mode).
    raise ValueError(f"{name} is not allowed")
