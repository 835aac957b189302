"""The OpenAPI schema class: drf-spectacular's, plus each viewset's declared query filters."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter


class AutoSchema(SpectacularAutoSchema):
    def get_override_parameters(self) -> list[Any]:
        params: list[Any] = list(super().get_override_parameters())
        declared = getattr(self.view, "query_filters", None) or {}
        if self.method != "GET" or not self._is_list_view():
            return params
        for name, spec in declared.items():
            params.append(
                OpenApiParameter(
                    name=name,
                    type=spec.schema(),
                    location=OpenApiParameter.QUERY,
                    required=False,
                    description=spec.description,
                )
            )
        return params
