"""API for performance monitoring (`/api/v1/monitoring/...`).

- `GET monitoring/`: the indicator sets and their indicators.
- `GET monitoring/{service}/figures/?set=&quarter=&by=`: each indicator's figure for a
  quarter (default: the latest with records), optionally by a breakdown; with the
  comparators and whether each differs beyond chance.
- `POST monitoring/{service}/imports/` (multipart: `record_set`, `file`, `dry_run`):
  records from a CSV or XLSX export, all or nothing; 400 lists each problem's row and
  column.
- `POST monitoring/comparators/` (multipart: `file`): comparator figures. They are
  shared by every service, so only platform operators may load them (`framework.manage`,
  the action for other shared reference data).

`organisations.permissions` decides: figures need `monitoring.view` in the service,
imports `monitoring.manage`; another service's code answers 404. A figure below its
indicator's minimum carries no counts, value or interval (board members use this too).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
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
from yjaudit.cases.importing.reader import ImportFileError, Problem
from yjaudit.cases.services import max_import_bytes
from yjaudit.indicators import (
    Figure,
    IndicatorSet,
    Quarter,
    bundled_indicator_sets,
    quarter_containing,
    quarters_ending,
)
from yjaudit.indicators.schema import RECORD_SETS
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Service
from yjaudit.organisations.views_support import service_for_action

from . import presenters, selectors, services
from .importing import check_file

QUARTERS_BACK = 40  # how far back a quarter may be asked for (ten years)


def _sets() -> dict[str, IndicatorSet]:
    return {s.id: s for s in bundled_indicator_sets()}


def _problems(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"row": p.row, "column": p.column, "message": p.message} for p in problems]


def figure_json(figure: Figure, by: tuple[str, ...]) -> dict[str, Any]:
    """A figure as the API gives it: a suppressed one without counts, value or interval."""
    hidden = figure.suppressed
    return {
        "group": list(figure.group),
        "group_label": presenters.group_label(by, figure.group) if by else "",
        "numerator": None if hidden else figure.numerator,
        "denominator": None if hidden else figure.denominator,
        "value": figure.value,
        "ci_low": figure.ci_low,
        "ci_high": figure.ci_high,
        "suppressed": hidden,
        "note": figure.note,
    }


class ImportSerializer(serializers.Serializer):
    record_set = serializers.ChoiceField(choices=sorted(RECORD_SETS))
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


class ComparatorFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV or XLSX: indicator, period, name, value[, source]")


_FIGURE = inline_serializer(
    "MonitoringFigure",
    {
        "group": serializers.ListField(child=serializers.CharField()),
        "group_label": serializers.CharField(),
        "numerator": serializers.IntegerField(allow_null=True),
        "denominator": serializers.IntegerField(allow_null=True),
        "value": serializers.FloatField(allow_null=True),
        "ci_low": serializers.FloatField(allow_null=True),
        "ci_high": serializers.FloatField(allow_null=True),
        "suppressed": serializers.BooleanField(),
        "note": serializers.CharField(),
    },
)
_PROBLEMS = inline_serializer(
    "MonitoringProblems",
    {
        "problems": serializers.ListField(
            child=inline_serializer(
                "MonitoringProblem",
                {
                    "row": serializers.IntegerField(allow_null=True),
                    "column": serializers.CharField(),
                    "message": serializers.CharField(),
                },
            )
        )
    },
)


class MonitoringViewSet(viewsets.ViewSet):
    """Indicator sets, a service's figures, and imports of records and comparators."""

    lookup_field = "service_code"
    lookup_value_regex = r"[^/]+"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _require(self, request: Request, act: str) -> None:
        """Deny by default: the action in at least one service (or 401 when signed out)."""
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated
        if not permissions.can(request.user, act):
            raise PermissionDenied

    @extend_schema(
        responses=inline_serializer(
            "IndicatorSet",
            {
                "id": serializers.CharField(),
                "name": serializers.CharField(),
                "source": serializers.CharField(),
                "indicators": serializers.ListField(child=serializers.DictField()),
            },
            many=True,
        )
    )
    def list(self, request: Request, version: str = "v1") -> Response:
        """The bundled indicator sets, with each indicator's definition in brief."""
        self._require(request, "monitoring.view")
        return Response(
            [
                {
                    "id": s.id,
                    "name": s.name,
                    "source": s.source,
                    "indicators": [
                        {
                            "id": i.id,
                            "title": i.title,
                            "kind": str(i.kind),
                            "per": i.per,
                            "period": str(i.period),
                            "breakdowns": list(i.breakdowns),
                            "suppress_below": i.suppress.below if i.suppress else None,
                            "higher_is_better": i.higher_is_better,
                            "inferred": i.inferred,
                            "source": i.source,
                        }
                        for i in s.indicators
                    ],
                }
                for s in bundled_indicator_sets()
            ]
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "set", OpenApiTypes.STR, description=f"Default {selectors.DEFAULT_SET}."
            ),
            OpenApiParameter(
                "quarter",
                OpenApiTypes.STR,
                description='e.g. "2025-26 Q1"; default: the latest quarter with records.',
            ),
            OpenApiParameter(
                "by",
                OpenApiTypes.STR,
                description="A breakdown (sex, ethnicity, age, ...); indicators without it "
                "are left out.",
            ),
        ],
        responses={
            200: inline_serializer(
                "MonitoringFigures",
                {
                    "service": serializers.CharField(),
                    "set": serializers.CharField(),
                    "quarter": serializers.CharField(),
                    "by": serializers.CharField(),
                    "indicators": serializers.ListField(child=serializers.DictField()),
                },
            ),
            400: _PROBLEMS,
        },
    )
    @action(detail=True, methods=["get"])
    def figures(self, request: Request, service_code: str, version: str = "v1") -> Response:
        self._require(request, "monitoring.view")
        service = service_for_action(request.user, service_code, "monitoring.view")
        sets = _sets()
        set_id = request.query_params.get("set") or selectors.DEFAULT_SET
        indicator_set = sets.get(set_id)
        if indicator_set is None:
            raise ValidationError(
                {
                    "set": gettext("Unknown indicator set; use one of %(ids)s.")
                    % {"ids": ", ".join(sets)}
                }
            )
        today = timezone.localdate()
        quarter = self._quarter(request, service, indicator_set, today)
        by = request.query_params.get("by", "")
        fields = {b for i in indicator_set.indicators for b in i.breakdowns}
        if by and by not in fields:
            raise ValidationError(
                {
                    "by": gettext("Unknown breakdown; use one of %(ids)s.")
                    % {"ids": ", ".join(sorted(fields))}
                }
            )
        groups = (by,) if by else ()
        comparators = {
            t.indicator.id: t.comparators
            for t in selectors.tiles(service, indicator_set, quarter, today=today, trend=1)
        }
        tables = selectors.Tables(service)
        out = []
        for ind in indicator_set.indicators:
            if by and by not in ind.breakdowns:
                continue
            figs = selectors.figure(tables, indicator_set, ind, quarter, today=today, by=groups)
            out.append(
                {
                    "id": ind.id,
                    "title": ind.title,
                    "kind": str(ind.kind),
                    "per": ind.per,
                    "available": figs is not None,
                    "figures": [figure_json(f, groups) for f in figs or []],
                    "comparators": [
                        {"name": name, "value": value, "differs_beyond_chance": differs}
                        for name, value, differs in comparators.get(ind.id, [])
                    ],
                }
            )
        return Response(
            {
                "service": service.code,
                "set": indicator_set.id,
                "quarter": quarter.label,
                "by": by,
                "indicators": out,
            }
        )

    def _quarter(
        self, request: Request, service: Service, indicator_set: IndicatorSet, today: Any
    ) -> Quarter:
        asked = request.query_params.get("quarter", "")
        if not asked:
            return selectors.latest_quarter(service, indicator_set, today)
        last = quarter_containing(today, indicator_set.year_starts_month)
        for q in quarters_ending(last, QUARTERS_BACK):
            if q.label == asked:
                return q
        raise ValidationError(
            {
                "quarter": gettext("Unknown quarter; use a label such as %(label)s.")
                % {"label": repr(last.label)}
            }
        )

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            201: inline_serializer(
                "MonitoringImported",
                {
                    "written": serializers.BooleanField(),
                    "record_set": serializers.CharField(),
                    "rows": serializers.IntegerField(),
                    "created": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                    "columns_used": serializers.ListField(child=serializers.CharField()),
                    "columns_dropped": serializers.ListField(child=serializers.CharField()),
                },
            ),
            400: _PROBLEMS,
        },
    )
    @action(detail=True, methods=["post"])
    def imports(self, request: Request, service_code: str, version: str = "v1") -> Response:
        """Import records: all or nothing; a column that is not a field (a name, an
        address) is dropped and never stored."""
        self._require(request, "monitoring.manage")
        service = service_for_action(request.user, service_code, "monitoring.manage")
        form = ImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        record_set = form.validated_data["record_set"]
        if upload.size > max_import_bytes():
            return file_too_large()
        data = upload.read()
        try:
            if form.validated_data["dry_run"]:
                parsed = check_file(
                    record_set=record_set,
                    filename=upload.name,
                    data=data,
                    remembered=selectors.remembered_mapping(service, record_set),
                )
                found = selectors.changes(
                    service, record_set, [(k, v) for _row, k, v in parsed.records]
                )
                used, dropped, rows = parsed.used, parsed.dropped, len(parsed.records)
                counts = (found.created, found.updated, found.unchanged)
            else:
                batch = services.import_records(
                    actor=request.user,
                    service=service,
                    record_set=record_set,
                    filename=upload.name,
                    data=data,
                )
                used, dropped = batch.columns_used, batch.columns_dropped
                counts = (batch.created, batch.updated, batch.unchanged)
                rows = sum(counts)
        except ImportFileError as exc:
            return Response({"problems": _problems(exc.problems)}, status=400)
        dry = form.validated_data["dry_run"]
        return Response(
            {
                "written": not dry,
                "record_set": record_set,
                "rows": rows,
                "created": counts[0],
                "updated": counts[1],
                "unchanged": counts[2],
                "columns_used": sorted(used.values()),
                "columns_dropped": list(dropped),
            },
            status=status.HTTP_200_OK if dry else status.HTTP_201_CREATED,
        )

    @extend_schema(
        request={"multipart/form-data": ComparatorFileSerializer},
        responses={
            201: inline_serializer("ComparatorsImported", {"imported": serializers.IntegerField()}),
            400: _PROBLEMS,
        },
    )
    @action(detail=False, methods=["post"])
    def comparators(self, request: Request, version: str = "v1") -> Response:
        self._require(request, "framework.manage")
        form = ComparatorFileSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > max_import_bytes():
            return file_too_large()
        try:
            count = services.import_comparators(
                actor=request.user, filename=upload.name, data=upload.read()
            )
        except ImportFileError as exc:
            return Response({"problems": _problems(exc.problems)}, status=400)
        return Response({"imported": count}, status=status.HTTP_201_CREATED)
