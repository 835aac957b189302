"""The API's archive and restore endpoints, shared by rounds, plans, findings, actions
and cases: POST `{id}/archive/` with `reason` (required), POST `{id}/restore/` with an
optional `reason`. Answers the object's id and archive state; 409 when it is already archived
(or not archived, to restore); 400 for a missing or over-long reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yjaudit.audittrail.archiving import REASON_MAX_CHARS, ArchiveError
from yjaudit.errors import DomainError

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


class ArchiveStateSerializer(serializers.Serializer):
    """What an archive or restore answers: the object's id and its archive state."""

    id = serializers.CharField(read_only=True)
    archived_at = serializers.DateTimeField(read_only=True, allow_null=True)
    archive_reason = serializers.CharField(read_only=True, allow_blank=True)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)


def _state(obj: Any) -> Any:
    return ArchiveStateSerializer(
        {"id": str(obj.pk), "archived_at": obj.archived_at, "archive_reason": obj.archive_reason}
    ).data


def run(
    request: Request, body: type[serializers.Serializer], act: Callable[[str], Any]
) -> Response:
    """Check the body, call the service with the reason, answer the state or the refusal."""
    form = body(data=request.data)
    form.is_valid(raise_exception=True)
    try:
        done = act(form.validated_data.get("reason", ""))
    except ArchiveError as exc:
        return Response({"detail": str(exc)}, status=409)
    except DomainError as exc:
        raise serializers.ValidationError({"detail": str(exc)}) from exc
    except DjangoValidationError as error:
        raise django_errors(error) from error
    return Response(_state(done))


class ArchiveActionsMixin:
    """`POST {id}/archive/` and `POST {id}/restore/` for a viewset; it names the
    permission (`"archive"` and `"restore"` in `action_permissions`) and the service
    calls (`perform_archive`, `perform_restore`)."""

    def perform_archive(self, obj: Any, reason: str) -> Any:
        raise NotImplementedError

    def perform_restore(self, obj: Any, reason: str) -> Any:
        raise NotImplementedError

    @extend_schema(
        request=ArchiveRequestSerializer,
        responses={200: ArchiveStateSerializer, 409: ConflictSerializer},
        description="Archive it (kept, never deleted), with the reason. 409 if archived.",
    )
    @action(detail=True, methods=["post"], serializer_class=ArchiveRequestSerializer)
    def archive(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        return run(request, ArchiveRequestSerializer, lambda r: self.perform_archive(obj, r))

    @extend_schema(
        request=RestoreRequestSerializer,
        responses={200: ArchiveStateSerializer, 409: ConflictSerializer},
        description="Restore it from the archive, as it was. 409 if it is not archived.",
    )
    @action(detail=True, methods=["post"], serializer_class=RestoreRequestSerializer)
    def restore(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        return run(request, RestoreRequestSerializer, lambda r: self.perform_restore(obj, r))
