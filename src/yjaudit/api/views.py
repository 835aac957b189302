"""The OpenAPI schema (cached: it is the same for every user) and a plain docs page."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

API_VERSION = "v1"
METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=4)
def _schema(urlconf: str, version: str) -> dict[str, Any]:
    # Generated without a request: the schema describes endpoints, not a user's data.
    generated: dict[str, Any] = SchemaGenerator(api_version=version).get_schema(
        request=None, public=True
    )
    return generated


def api_schema() -> dict[str, Any]:
    return _schema(str(settings.ROOT_URLCONF), API_VERSION)


class SchemaView(SpectacularAPIView):
    """drf-spectacular's schema view (JSON or YAML), signed-in users only, generated once."""

    api_version = API_VERSION
    versioning_class = None
    permission_classes = [IsAuthenticated]

    def _get_schema_response(self, request: Request) -> Response:
        filename = self._get_filename(request, API_VERSION)
        return Response(
            data=api_schema(), headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


@login_required
def docs(request: HttpRequest) -> HttpResponse:
    operations = []
    for route, item in sorted(api_schema().get("paths", {}).items()):
        for method in METHODS:
            op = item.get(method)
            if op:
                operations.append(
                    {
                        "method": method.upper(),
                        "path": route,
                        "summary": op.get("summary") or op.get("description") or "",
                        "id": op.get("operationId", ""),
                    }
                )
    return render(request, "api/docs.html", {"operations": operations})
