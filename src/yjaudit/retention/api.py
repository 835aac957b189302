"""API for retention, erasure and subject access requests (`/api/v1/retention/...`).

- `GET retention/{service}/due/`: the dry run (what is past retention, by kind).
- `POST retention/{service}/erase/` `{"reference", "reason"}`: erase one case.
- `POST retention/{service}/export/` `{"reference"}`: the subject access ZIP.

Administrators only (`retention.run`, `retention.erase`, `retention.export`, decided in
`organisations.permissions`); another service's code answers 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yjaudit.api.parsers import JSONParser
from yjaudit.organisations import permissions
from yjaudit.organisations.views_support import service_for_action

from . import selectors, services


class ReferenceSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=64)


class EraseSerializer(ReferenceSerializer):
    reason = serializers.CharField(max_length=services.REASON_MAX)


class RetentionViewSet(viewsets.ViewSet):
    """A service's retention figures, erasure on request and subject access exports."""

    lookup_field = "service_code"
    lookup_value_regex = r"[^/]+"
    parser_classes = [JSONParser]

    def _service(self, request: Request, code: str, act: str) -> Any:
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated
        if not permissions.can(request.user, act):
            raise PermissionDenied
        return service_for_action(request.user, code, act)

    def _case(self, service: Any, reference: str) -> Any:
        case = selectors.case_by_reference(service, reference)
        if case is None:
            raise ValidationError(
                {"reference": gettext("This service has no case with this reference.")}
            )
        return case

    @extend_schema(
        responses={
            200: inline_serializer(
                "RetentionDue",
                {
                    "today": serializers.DateField(),
                    "applied": serializers.BooleanField(),
                    "service": serializers.CharField(),
                    "kinds": serializers.ListField(child=serializers.DictField()),
                },
            )
        }
    )
    @action(detail=True, methods=["get"])
    def due(self, request: Request, service_code: str, version: str = "v1") -> Response:
        service = self._service(request, service_code, "retention.run")
        return Response(services.run_retention(actor=request.user, service=service).as_dict())

    @extend_schema(
        request=EraseSerializer,
        responses={
            200: inline_serializer(
                "RetentionErased",
                {"token": serializers.CharField(), "erased_at": serializers.DateTimeField()},
            )
        },
    )
    @action(detail=True, methods=["post"])
    def erase(self, request: Request, service_code: str, version: str = "v1") -> Response:
        service = self._service(request, service_code, "retention.erase")
        body = EraseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = self._case(service, body.validated_data["reference"])
        try:
            erasure = services.erase_case(
                actor=request.user, case=case, reason=body.validated_data["reason"]
            )
        except services.RetentionError as exc:
            raise ValidationError({"detail": str(exc)}) from None
        return Response({"token": erasure.token, "erased_at": erasure.erased_at})

    @extend_schema(
        request=ReferenceSerializer, responses={(200, "application/zip"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["post"])
    def export(self, request: Request, service_code: str, version: str = "v1") -> HttpResponse:
        service = self._service(request, service_code, "retention.export")
        body = ReferenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = self._case(service, body.validated_data["reference"])
        data = services.export_case(actor=request.user, case=case)
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="subject-access-{case.pk}.zip"'
        return response
