"""API for National Standards compliance and risk forums (`/api/v1/practice/...`).

- `GET practice/{service}/figures/?month=YYYY-MM&by=team|case_manager`: occasions due,
  met, missed and not yet due per standard for a month (default: the last complete one).
  Missed case references only for roles with case access; a board member gets the
  service's aggregate with cells under the disclosure minimum suppressed.
- `GET practice/{service}/uncovered/`: open cases at or above the risk threshold held by
  no risk forum today (practice.cases; practitioners: their own).
- `POST practice/{service}/imports/` (multipart: `kind` events|memberships, `file`,
  `dry_run`): all or nothing, with the columns the service last matched for that kind
  on the pages (else the suggested ones); 400 lists each problem's row and column.

`organisations.permissions` decides (practice.view, practice.cases, practice.manage);
another service's code answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
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
from yjaudit.cases.importing.reader import ImportFileError
from yjaudit.cases.services import max_import_bytes
from yjaudit.compliance import Scope
from yjaudit.organisations import permissions
from yjaudit.organisations.views_support import service_for_action

from . import selectors, services
from .models import ImportKind

SCOPES = {"team": Scope.TEAM, "case_manager": Scope.CASE_MANAGER}


class PracticeImportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.values)
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


_PROBLEMS = inline_serializer(
    "PracticeProblems",
    {
        "problems": serializers.ListField(
            child=inline_serializer(
                "PracticeProblem",
                {
                    "row": serializers.IntegerField(allow_null=True),
                    "column": serializers.CharField(),
                    "message": serializers.CharField(),
                },
            )
        )
    },
)


class PracticeViewSet(viewsets.ViewSet):
    """A service's compliance figures, uncovered cases and imports."""

    lookup_field = "service_code"
    lookup_value_regex = r"[^/]+"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _service(self, request: Request, code: str, act: str) -> Any:
        """Deny by default: 401 signed out, 403 without the action anywhere, 404 for a
        service where the user holds no role."""
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated
        if not permissions.can(request.user, act):
            raise PermissionDenied
        return service_for_action(request.user, code, act)

    @extend_schema(
        parameters=[
            OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM; default the last."),
            OpenApiParameter("by", OpenApiTypes.STR, description="team or case_manager."),
        ],
        responses={
            200: inline_serializer(
                "PracticeFigures",
                {
                    "service": serializers.CharField(),
                    "rules": serializers.CharField(),
                    "month": serializers.CharField(),
                    "figures": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
    )
    @action(detail=True, methods=["get"])
    def figures(self, request: Request, service_code: str, version: str = "v1") -> Response:
        service = self._service(request, service_code, "practice.view")
        today = timezone.localdate()
        month = selectors.latest_month(service, today)
        text = request.query_params.get("month", "")[:7]
        if text:
            offered = {m.label: m for m in selectors.months_offered(service, today)}
            if text not in offered:
                raise ValidationError(
                    {"month": gettext("Give a month as YYYY-MM, up to last month.")}
                )
            month = offered[text]
        shown = selectors.disclosure(request.user, service)
        scope = SCOPES.get(request.query_params.get("by", "")) if shown.case_detail else None
        cases = selectors.visible_cases(service, request.user)
        names = selectors.names(service)
        found = selectors.figures(
            service,
            cases,
            [month],
            as_of=today,
            scopes=(Scope.SERVICE, scope) if scope else (Scope.SERVICE,),
        )
        out = []
        for f in found:
            hidden = shown.hides(f.due)
            out.append(
                {
                    "rule": f.rule,
                    "scope": f.scope.value,
                    "group": names.of(f.scope, f.group),
                    "due": None if hidden else f.due,
                    "met": None if hidden else f.met,
                    "missed": None if hidden else f.missed,
                    "not_yet_due": None if hidden else f.not_yet_due,
                    "rate": None if hidden else f.rate,
                    "suppressed": hidden,
                    "missed_cases": list(f.missed_cases) if shown.case_detail else [],
                }
            )
        return Response(
            {
                "service": service.code,
                "rules": selectors.rule_set(service).id,
                "month": month.label,
                "figures": out,
            }
        )

    @extend_schema(
        responses={
            200: inline_serializer(
                "PracticeUncovered",
                {
                    "service": serializers.CharField(),
                    "on": serializers.DateField(),
                    "threshold": serializers.CharField(),
                    "uncovered": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
    )
    @action(detail=True, methods=["get"])
    def uncovered(self, request: Request, service_code: str, version: str = "v1") -> Response:
        service = self._service(request, service_code, "practice.cases")
        today = timezone.localdate()
        names = selectors.names(service)
        cases = selectors.visible_cases(service, request.user, "practice.cases")
        return Response(
            {
                "service": service.code,
                "on": today.isoformat(),
                "threshold": selectors.forum_policy(service).threshold.label,
                "uncovered": [
                    {
                        "reference": u.reference,
                        "case_manager": names.of(Scope.CASE_MANAGER, u.case_manager),
                        "team": names.of(Scope.TEAM, u.team),
                        "risk": u.risk.label,
                        "since": u.since.isoformat(),
                        "days_uncovered": u.days_uncovered,
                    }
                    for u in selectors.uncovered(service, cases, today)
                ],
            }
        )

    @extend_schema(
        request={"multipart/form-data": PracticeImportSerializer},
        responses={
            201: inline_serializer(
                "PracticeImported",
                {
                    "written": serializers.BooleanField(),
                    "kind": serializers.CharField(),
                    "rows": serializers.IntegerField(),
                    "new": serializers.IntegerField(),
                    "already_held": serializers.IntegerField(),
                    "columns_dropped": serializers.ListField(child=serializers.CharField()),
                },
            ),
            400: _PROBLEMS,
        },
    )
    @action(detail=True, methods=["post"])
    def imports(self, request: Request, service_code: str, version: str = "v1") -> Response:
        """Import case events or forum memberships: all or nothing, with the remembered
        (else suggested) columns; a column that is not a field (a name, an address) is
        dropped and never stored."""
        service = self._service(request, service_code, "practice.manage")
        form = PracticeImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > max_import_bytes():
            return file_too_large()
        dry = form.validated_data["dry_run"]
        try:
            with transaction.atomic():
                batch = services.start_import(
                    actor=request.user,
                    service=service,
                    kind=form.validated_data["kind"],
                    filename=upload.name,
                    data=upload.read(),
                )
                if dry:
                    transaction.set_rollback(True)  # a dry run leaves no trace
                else:
                    batch = services.commit_import(actor=request.user, batch=batch)
        except ImportFileError as exc:
            problems = [
                {"row": p.row, "column": p.column, "message": p.message} for p in exc.problems
            ]
            return Response({"problems": problems}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "written": not dry,
                "kind": batch.kind,
                "rows": batch.rows,
                "new": batch.created,
                "already_held": batch.unchanged,
                "columns_dropped": list(batch.columns_dropped),
            },
            status=status.HTTP_200_OK if dry else status.HTTP_201_CREATED,
        )
