"""API for published inspection ratings (`/api/v1/benchmarks/...`).

- `GET benchmarks/?framework=`: the published inspections held.
- `POST benchmarks/imports/` (multipart: `file`): a CSV or XLSX file of published
  ratings (docs/benchmarks.md), all or nothing; 400 lists each problem's row and column.
- `GET benchmarks/{round id}/comparison/`: a round's own ratings beside the counts of
  published ratings per standard, area and overall.

`organisations.permissions` decides: `benchmark.view` and `benchmark.import` (global:
the ratings are shared by every service); a round's comparison follows its aggregate
reports (`report.view` in the round's service; another service's round answers 404).
"""

from __future__ import annotations

import re
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from yjaudit.api.errors import file_too_large
from yjaudit.api.parsers import JSONParser
from yjaudit.cases.importing.reader import ImportFileError
from yjaudit.cases.services import max_import_bytes
from yjaudit.organisations import permissions

from . import selectors, services
from .models import PublishedInspection

FRAMEWORK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class FileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV or XLSX laid out as in docs/benchmarks.md")


def inspection_dict(p: PublishedInspection) -> dict[str, Any]:
    return {
        "service": p.service_name,
        "inspection_date": p.inspected,
        "framework": p.framework_id,
        "edition": p.edition,
        "ratings": p.ratings,
        "overall_score": None if p.overall_score is None else float(p.overall_score),
        "source": p.source,
        "notes": p.notes,
    }


_INSPECTION = inline_serializer(
    "PublishedInspection",
    {
        "service": serializers.CharField(),
        "inspection_date": serializers.CharField(),
        "framework": serializers.CharField(),
        "edition": serializers.CharField(),
        "ratings": serializers.DictField(child=serializers.CharField()),
        "overall_score": serializers.FloatField(allow_null=True),
        "source": serializers.CharField(),
        "notes": serializers.CharField(),
    },
    many=True,
)
_PROBLEMS = inline_serializer(
    "BenchmarkProblems",
    {"problems": serializers.ListField(child=serializers.DictField())},
)


class BenchmarkViewSet(viewsets.ViewSet):
    """Published inspection ratings and a round beside them."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_value_regex = r"[0-9]{1,18}"

    def _require(self, request: Request, act: str) -> None:
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated
        if not permissions.can(request.user, act):
            raise PermissionDenied

    @extend_schema(
        parameters=[OpenApiParameter("framework", OpenApiTypes.STR, description="Framework id.")],
        responses=_INSPECTION,
    )
    def list(self, request: Request, version: str = "v1") -> Response:
        self._require(request, "benchmark.view")
        framework = request.query_params.get("framework", "")
        if framework and not FRAMEWORK_ID.match(framework):
            raise ValidationError(
                {"framework": gettext("A framework id: up to 64 letters, digits, -._")}
            )
        return Response([inspection_dict(p) for p in selectors.inspections(framework or None)])

    @extend_schema(
        request={"multipart/form-data": FileSerializer},
        responses={
            201: inline_serializer(
                "BenchmarksImported",
                {
                    "created": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                },
            ),
            400: _PROBLEMS,
        },
    )
    @action(detail=False, methods=["post"])
    def imports(self, request: Request, version: str = "v1") -> Response:
        self._require(request, "benchmark.import")
        form = FileSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > max_import_bytes():
            return file_too_large()
        try:
            batch = services.import_published(
                actor=request.user, filename=upload.name, data=upload.read()
            )
        except ImportFileError as exc:
            problems = [{"row": p.row, "column": p.column, "message": p.message}
                        for p in exc.problems]  # fmt: skip
            return Response({"problems": problems}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"created": batch.created, "updated": batch.updated, "unchanged": batch.unchanged},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Round id.")
        ],
        responses=inline_serializer(
            "BenchmarkComparison",
            {
                "round": serializers.IntegerField(),
                "framework": serializers.CharField(),
                "published": serializers.IntegerField(),
                "items": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    @action(detail=True, methods=["get"])
    def comparison(self, request: Request, pk: str, version: str = "v1") -> Response:
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated
        if not str(pk).isdigit() or len(str(pk)) > 18:
            raise ValidationError({"id": gettext("Expected a round id.")})
        audit_round = get_object_or_404(selectors.rounds_for(request.user), pk=int(pk))
        found = selectors.comparison(request.user, audit_round)
        items = [
            {
                "id": r.distribution.item.id,
                "name": r.distribution.item.name,
                "kind": r.distribution.item.kind,
                "percent": r.percent,
                "rating": r.rating,
                "note": r.note,
                "published": dict(r.distribution.counts),
                "published_rated": r.distribution.total,
            }
            for r in found.rows
        ]
        return Response(
            {
                "round": audit_round.pk,
                "framework": audit_round.framework_edition.framework_id,
                "published": found.published,
                "items": items,
            }
        )
