"""API for the case register and imports (`/api/v1/cases/`, `/api/v1/case-imports/`).

Same permissions as the pages: reads scoped by `case.view` (practitioners: own cases),
writes by `case.manage`, imports by `case.import`.

Imports are one request: POST a file (multipart) with `service` (code) and optionally
`dry_run=true` and a `mapping` (JSON: register field -> column header; default: the
service's remembered mapping, else headers recognised by name). The answer lists what
is (or would be) created, updated and unchanged. If any row is rejected the answer is
400 with each problem as row / column / message, and nothing is written.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from yjaudit.api.archiving import ARCHIVE_FIELDS, ArchiveActionsMixin
from yjaudit.api.errors import django_errors, file_too_large
from yjaudit.api.permissions import ScopedQuerysetMixin
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Service, StaffMember, Team

from . import selectors, services
from .codes import codes
from .importing.reader import ImportFileError, Problem
from .models import Case, CaseImport, CaseKind


class _InServices(serializers.PrimaryKeyRelatedField):
    """A related object in a service where the user may manage cases; else 'does not exist'."""

    def __init__(self, model: Any, **kwargs: Any) -> None:
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        user = getattr(self.context.get("request"), "user", None)
        return self.model.objects.filter(service__in=permissions.services_for(user, "case.manage"))


class ServiceByCode(serializers.SlugRelatedField):
    def __init__(self, action: str, **kwargs: Any) -> None:
        self.permission_action = action
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self) -> Any:
        user = getattr(self.context.get("request"), "user", None)
        return permissions.services_for(user, self.permission_action)


class CaseSerializer(serializers.ModelSerializer):
    service = ServiceByCode("case.manage")
    team = _InServices(Team, required=False, allow_null=True)
    case_manager = _InServices(StaffMember, required=False, allow_null=True)
    disposal_type = serializers.ChoiceField(choices=codes().disposal_types.choices)
    setting = serializers.ChoiceField(choices=codes().settings.choices, required=False)

    class Meta:
        model = Case
        fields = [
            "id",
            "service",
            "reference",
            "team",
            "case_manager",
            "disposal_type",
            "disposal_category",
            "setting",
            "resettlement",
            "start_date",
            "end_date",
            "rosh",
            "safety_wellbeing",
            "likelihood_reoffending",
            "sex",
            "ethnicity",
            "age_at_start",
            "looked_after",
            "extra",
            "kind",
            "created_at",
            "updated_at",
            *ARCHIVE_FIELDS,
        ]
        read_only_fields = [
            "disposal_category",
            "kind",
            "created_at",
            "updated_at",
            *ARCHIVE_FIELDS,
        ]
        validators: list[Any] = []  # uniqueness is checked by the service function

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (
            self.instance is not None
            and "service" in attrs
            and attrs["service"] != self.instance.service
        ):
            raise serializers.ValidationError({"service": gettext("A case cannot move service.")})
        return attrs


def _data(validated: dict[str, Any]) -> dict[str, Any]:
    data = dict(validated)
    data.pop("service", None)
    for key in ("team", "case_manager"):
        if key in data:
            obj = data.pop(key)
            data[f"{key}_id"] = obj.pk if obj is not None else None
    return data


class CaseViewSet(
    ArchiveActionsMixin,
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Cases. Filter with `?q=` (reference) and any of `service` (id), `team`,
    `case_manager`, `disposal_type`, `disposal_category`, `setting`, `rosh`,
    `safety_wellbeing`, `sex`, `ethnicity`. Archived cases are listed (with
    `archived_at`); POST `{id}/archive/` with `reason` and `{id}/restore/` need
    `case.archive`: an archived case is offered to no new sample."""

    queryset = Case.objects.select_related("service", "team", "case_manager")
    serializer_class = CaseSerializer
    read_action = "case.view"
    staff_field = "case_manager"
    action_permissions = {
        "create": "case.manage",
        "update": "case.manage",
        "partial_update": "case.manage",
        "archive": "case.archive",
        "restore": "case.archive",
    }

    def perform_archive(self, obj: Case, reason: str) -> Case:
        return services.archive_case(actor=self.request.user, case=obj, reason=reason)

    def perform_restore(self, obj: Case, reason: str) -> Case:
        return services.restore_case(actor=self.request.user, case=obj, reason=reason)

    def get_queryset(self) -> Any:
        base: QuerySet[Case] = super().get_queryset()  # type: ignore[assignment]
        params = self.request.query_params
        filters = {k: params[k] for k in selectors.FILTERS if params.get(k)}
        return selectors.case_list(base=base, q=params.get("q", ""), filters=filters)

    def perform_create(self, serializer: Any) -> None:
        service = serializer.validated_data["service"]
        try:
            serializer.instance = services.create_case(
                actor=self.request.user, service=service, data=_data(serializer.validated_data)
            )
        except DjangoValidationError as error:
            raise django_errors(error) from error

    def perform_update(self, serializer: Any) -> None:
        case = serializer.instance
        try:
            serializer.instance = services.update_case(
                actor=self.request.user, case=case, data=_data(serializer.validated_data)
            )
        except DjangoValidationError as error:
            raise django_errors(error) from error


class CaseImportSerializer(serializers.ModelSerializer):
    service: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = CaseImport
        fields = [
            "id",
            "service",
            "filename",
            "file_format",
            "status",
            "created",
            "updated",
            "uploaded_at",
            "committed_at",
            "mapping",
            "kind",
        ]
        read_only_fields = fields


class ImportRequestSerializer(serializers.Serializer):
    service = ServiceByCode("case.import")
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)
    mapping = serializers.CharField(required=False, help_text="JSON: field -> column header")
    kind = serializers.ChoiceField(
        choices=CaseKind.choices,
        default=CaseKind.CHILDREN,
        help_text="Which register the file feeds: children's cases or victims' cases.",
    )

    def validate_mapping(self, value: str) -> dict[str, str]:
        try:
            mapping = json.loads(value)
        except ValueError:
            raise serializers.ValidationError(gettext("Not valid JSON.")) from None
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            raise serializers.ValidationError(gettext("Give an object of field: column header."))
        return mapping


def _problems(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"row": p.row, "column": p.column, "message": p.message} for p in problems]


class CaseImportViewSet(
    ScopedQuerysetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = CaseImport.objects.select_related("service").defer("kept_rows")
    serializer_class = CaseImportSerializer
    read_action = "case.import"
    action_permissions = {"create": "case.import"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_serializer_class(self) -> Any:
        return ImportRequestSerializer if self.action == "create" else CaseImportSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ImportRequestSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        service: Service = form.validated_data["service"]
        upload = form.validated_data["file"]
        if upload.size > services.max_import_bytes():
            return file_too_large()
        try:
            plan = services.import_file(
                actor=request.user,
                service=service,
                filename=upload.name,
                data=upload.read(),
                mapping=form.validated_data.get("mapping"),
                dry_run=form.validated_data["dry_run"],
                kind=form.validated_data["kind"],
            )
        except ImportFileError as exc:
            return Response({"problems": _problems(exc.problems)}, status=400)
        except services.ImportRejected as exc:
            return Response(
                {"problems": _problems(exc.plan.problems), "written": False}, status=400
            )
        except services.ImportConflict as exc:
            return Response(
                {"problems": _problems([Problem(None, "", str(exc))]), "written": False},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            {
                "written": not form.validated_data["dry_run"],
                "created": [o.reference for o in plan.creates],
                "updated": [u.outcome.reference for u in plan.updates],
                "unchanged": len(plan.unchanged),
                "ignored_columns": plan.ignored_columns,
            },
            status=status.HTTP_200_OK
            if form.validated_data["dry_run"]
            else status.HTTP_201_CREATED,
        )
