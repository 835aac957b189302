"""The API's archive and restore endpoints, shared by rounds, plans, findings, actions
and cases: POST `{id}/archive/` with `reason` (required), POST `{id}/restore/` with an
optional `reason`. Answers the object as it now is; 409 when it is already archived
(or not archived, to restore); 400 for a missing or over-long reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yjaudit.audittrail.archiving import REASON_MAX_CHARS, ArchiveError

from .errors import django_errors


class ArchiveRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_CHARS, help_text="Why it is archived (kept with it and in the trail)."
    )


class RestoreRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_CHARS,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why it is restored (optional; kept in the audit trail).",
    )


ARCHIVE_FIELDS = ["archived_at", "archive_reason"]


def run(
    request: Request,
    body: type[serializers.Serializer],
    act: Callable[[str], Any],
    present: Callable[[Any], Any],
) -> Response:
    """Check the body, call the service with the reason, answer the object or the refusal."""
    form = body(data=request.data)
    form.is_valid(raise_exception=True)
    try:
        done = act(form.validated_data.get("reason", ""))
    except ArchiveError as exc:
        return Response({"detail": str(exc)}, status=409)
    except DjangoValidationError as error:
        raise django_errors(error) from error
    return Response(present(done))
