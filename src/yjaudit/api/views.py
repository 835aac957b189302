"""A plain, server-rendered API documentation page (no JavaScript, no CDN)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@login_required
def docs(request: HttpRequest) -> HttpResponse:
    schema: dict[str, Any] = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    operations = []
    for route, item in sorted(schema.get("paths", {}).items()):
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
