"""API for improvement plans (`/api/v1/plans/`, `plan-recommendations/`, `plan-actions/`,
`plan-progress/`, `plan-findings/`). Same permissions as the pages: `plan.view` reads, `plan.manage`
writes plans, recommendations and actions, `plan.progress` records progress
(practitioners: on actions they lead), `plan.archive` archives and restores plans,
findings and actions (POST `{id}/archive/` with `reason`, `{id}/restore/`). Writes go
through `services` (audit-trailed). An archived plan is read-only (and an archived action,
or a sub-action of one, takes no progress or edits): a write to it answers 400 with
`{"detail": "This plan is archived. Restore it to change it."}`.

Progress updates may carry one evidence file (multipart field `evidence`); the answer
gives each file's download page, which checks `plan.evidence` again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext
from rest_framework import mixins, serializers, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from yjaudit.api.archiving import ARCHIVE_FIELDS, ArchiveActionsMixin
from yjaudit.api.errors import django_errors
from yjaudit.api.permissions import ScopedQuerysetMixin
from yjaudit.audits.models import AuditRound
from yjaudit.cases.api import ServiceByCode
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.organisations import permissions
from yjaudit.organisations.models import StaffMember

from . import clock, selectors, services
from .evidence import EvidenceError
from .models import Action, Finding, ImprovementPlan, ProgressUpdate, Recommendation, Status
from .rules import plan_rules


def _refused(exc: services.PlanArchived) -> serializers.ValidationError:
    """A write to an archived plan or action: 400 with the reason (restore it first)."""
    return serializers.ValidationError({"detail": str(exc)})


class _Visible(serializers.PrimaryKeyRelatedField):
    """A related row in a service where the user holds `action`; else 'does not exist'."""

    def __init__(self, model: Any, action: str, path: str, **kwargs: Any) -> None:
        self.model, self.permission_action, self.path = model, action, path
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        user = getattr(self.context.get("request"), "user", None)
        services_ = permissions.services_for(user, self.permission_action)
        return self.model.objects.filter(**{f"{self.path}__in": services_})


class PlanSerializer(serializers.ModelSerializer):
    service = ServiceByCode("plan.manage")
    audit_round = _Visible(AuditRound, "plan.manage", "service", required=False, allow_null=True)
    baseline_round = _Visible(AuditRound, "plan.manage", "service", required=False, allow_null=True)
    framework_edition = serializers.PrimaryKeyRelatedField(
        queryset=FrameworkEdition.objects.all(), required=False, allow_null=True
    )
    summary = serializers.SerializerMethodField()

    class Meta:
        model = ImprovementPlan
        fields = [
            "id",
            "service",
            "title",
            "source_kind",
            "inspection_name",
            "published_on",
            "audit_round",
            "framework_edition",
            "baseline_round",
            "context",
            "submission_due",
            "submitted_on",
            "summary",
            "created_at",
            *ARCHIVE_FIELDS,
        ]
        read_only_fields = ["id", "summary", "created_at", *ARCHIVE_FIELDS]

    def get_summary(self, obj: ImprovementPlan) -> dict[str, int]:
        return selectors.rag_summary(obj)


class PlanViewSet(
    ArchiveActionsMixin,
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = ImprovementPlan.objects.select_related("service")
    serializer_class = PlanSerializer
    read_action = "plan.view"
    action_permissions = {
        "create": "plan.manage",
        "partial_update": "plan.manage",
        "archive": "plan.archive",
        "restore": "plan.archive",
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_archive(self, obj: ImprovementPlan, reason: str) -> ImprovementPlan:
        return services.archive_plan(actor=self.request.user, plan=obj, reason=reason)

    def perform_restore(self, obj: ImprovementPlan, reason: str) -> ImprovementPlan:
        return services.restore_plan(actor=self.request.user, plan=obj, reason=reason)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("submitted_on", None)
        try:
            serializer.instance = services.create_plan(actor=self.request.user, **data)
        except DjangoValidationError as error:
            raise django_errors(error) from error

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        if "service" in data and data.pop("service") != serializer.instance.service:
            raise serializers.ValidationError({"service": gettext("A plan cannot move service.")})
        try:
            services.update_plan(actor=self.request.user, plan=serializer.instance, **data)
        except DjangoValidationError as error:
            raise django_errors(error) from error
        except services.PlanArchived as refused:
            raise _refused(refused) from refused


class RecommendationSerializer(serializers.ModelSerializer):
    plan = _Visible(ImprovementPlan, "plan.manage", "service")
    concerns = serializers.ListField(child=serializers.CharField(max_length=64), required=False)

    class Meta:
        model = Recommendation
        fields = ["id", "plan", "position", "text", "owner_role", "concerns"]
        read_only_fields = ["id", "position"]
        validators: list[Any] = []


class RecommendationViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Recommendations; filter with `?plan=ID`."""

    queryset = Recommendation.objects.select_related("plan__service")
    serializer_class = RecommendationSerializer
    read_action = "plan.view"
    service_field = "plan__service"
    action_permissions = {"create": "plan.manage", "partial_update": "plan.manage"}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        plan = self.request.query_params.get("plan")
        return qs.filter(plan_id=plan) if plan and _is_uuid(plan) else qs

    def perform_create(self, serializer: Any) -> None:
        try:
            serializer.instance = services.add_recommendation(
                actor=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise django_errors(error) from error
        except services.PlanArchived as refused:
            raise _refused(refused) from refused

    def perform_update(self, serializer: Any) -> None:
        rec = serializer.instance
        data = serializer.validated_data
        try:
            services.update_recommendation(
                actor=self.request.user,
                recommendation=rec,
                text=data.get("text", rec.text),
                owner_role=data.get("owner_role", rec.owner_role),
                concerns=data.get("concerns", rec.concerns),
            )
        except DjangoValidationError as error:
            raise django_errors(error) from error
        except services.PlanArchived as refused:
            raise _refused(refused) from refused


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class ActionSerializer(serializers.ModelSerializer):
    plan = _Visible(ImprovementPlan, "plan.manage", "service")
    recommendation = _Visible(Recommendation, "plan.manage", "plan__service")
    parent: Any = _Visible(Action, "plan.manage", "plan__service", required=False, allow_null=True)
    lead_staff = _Visible(StaffMember, "plan.manage", "service", required=False, allow_null=True)
    measures = serializers.ListField(child=serializers.CharField(max_length=64), required=False)
    label: Any = serializers.CharField(read_only=True)
    overdue = serializers.SerializerMethodField()
    rag = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "recommendation",
            "parent",
            "number",
            "label",
            "description",
            "timescale",
            "due_date",
            "review_date",
            "lead_staff",
            "lead_name",
            "lead_organisation",
            "expected_outcome",
            "success_measure",
            "learning_objectives",
            "measures",
            "status",
            "overdue",
            "rag",
            "completed_on",
            *ARCHIVE_FIELDS,
        ]
        read_only_fields = [
            "id",
            "label",
            "status",
            "overdue",
            "rag",
            "completed_on",
            *ARCHIVE_FIELDS,
        ]
        extra_kwargs = {"number": {"required": False}}
        validators: list[Any] = []  # numbering and uniqueness are the service's job

    def get_overdue(self, obj: Action) -> bool:
        return obj.is_overdue(clock.today())

    def get_rag(self, obj: Action) -> str:
        return selectors.rag(obj)


class ActionViewSet(
    ArchiveActionsMixin,
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Actions; filter with `?plan=ID`. Status changes only through progress updates;
    overdue is derived from the dates."""

    queryset = Action.objects.select_related("plan__service", "parent", "lead_staff")
    serializer_class = ActionSerializer
    read_action = "plan.view"
    service_field = "plan__service"
    staff_field = "lead_staff"
    action_permissions = {
        "create": "plan.manage",
        "partial_update": "plan.manage",
        "archive": "plan.archive",
        "restore": "plan.archive",
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_archive(self, obj: Action, reason: str) -> Action:
        return services.archive_action(actor=self.request.user, action=obj, reason=reason)

    def perform_restore(self, obj: Action, reason: str) -> Action:
        return services.restore_action(actor=self.request.user, action=obj, reason=reason)

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        plan = self.request.query_params.get("plan")
        return qs.filter(plan_id=plan) if plan and _is_uuid(plan) else qs

    def perform_create(self, serializer: Any) -> None:
        try:
            serializer.instance = services.add_action(
                actor=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise django_errors(error) from error
        except services.PlanArchived as refused:
            raise _refused(refused) from refused

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        for fixed in ("plan", "recommendation", "parent", "number"):
            data.pop(fixed, None)
        try:
            services.update_action(actor=self.request.user, action=serializer.instance, **data)
        except DjangoValidationError as error:
            raise django_errors(error) from error
        except services.PlanArchived as refused:
            raise _refused(refused) from refused


class ProgressSerializer(serializers.ModelSerializer):
    action = _Visible(Action, "plan.progress", "plan__service")
    evidence = serializers.FileField(write_only=True, required=False)
    evidence_files = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Status.choices)
    on = serializers.DateField(required=False)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "on",
            "status",
            "note",
            "evidence",
            "evidence_files",
            "created_at",
        ]
        read_only_fields = ["id", "evidence_files", "created_at"]

    def get_evidence_files(self, obj: ProgressUpdate) -> list[dict[str, Any]]:
        return [
            {
                "name": e.original_name,
                "size": e.size,
                "type": e.file_type,
                "url": reverse("plans:evidence", kwargs={"pk": e.pk}),
            }
            for e in obj.evidence.all()
        ]


class ProgressViewSet(ScopedQuerysetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Progress updates; filter with `?action=ID`."""

    queryset = ProgressUpdate.objects.select_related("action__plan__service").prefetch_related(
        "evidence"
    )
    serializer_class = ProgressSerializer
    read_action = "plan.view"
    service_field = "action__plan__service"
    staff_field = "action__lead_staff"
    action_permissions = {"create": "plan.progress"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        action = self.request.query_params.get("action")
        return qs.filter(action_id=action) if action and _is_uuid(action) else qs

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        action: Action = data["action"]
        if not permissions.may_record_progress(self.request.user, action):
            raise serializers.ValidationError(
                {"action": gettext("You may not record progress on it.")}
            )
        upload = data.get("evidence")
        limit = plan_rules().evidence.max_bytes + 1  # enough to refuse it by size
        files = [(upload.name, upload.read(limit))] if upload else []
        try:
            serializer.instance = services.record_progress(
                actor=self.request.user,
                action=action,
                status=data["status"],
                note=data.get("note", ""),
                on=data.get("on"),
                files=files,
            )
        except EvidenceError as error:
            raise serializers.ValidationError({"evidence": str(error)}) from error
        except DjangoValidationError as error:
            raise django_errors(error) from error
        except services.PlanArchived as refused:
            raise _refused(refused) from refused


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "plan", "kind", "text", "source_id", "position", *ARCHIVE_FIELDS]
        read_only_fields = fields


class FindingViewSet(ArchiveActionsMixin, ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """A plan's key strengths and areas for improvement (archived ones marked); filter
    with `?plan=ID`. Added on the plan's page or in its import."""

    queryset = Finding.objects.select_related("plan__service")
    serializer_class = FindingSerializer
    read_action = "plan.view"
    service_field = "plan__service"
    action_permissions = {"archive": "plan.archive", "restore": "plan.archive"}

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        plan = self.request.query_params.get("plan")
        return qs.filter(plan_id=plan) if plan and _is_uuid(plan) else qs

    def perform_archive(self, obj: Finding, reason: str) -> Finding:
        return services.archive_finding(actor=self.request.user, finding=obj, reason=reason)

    def perform_restore(self, obj: Finding, reason: str) -> Finding:
        return services.restore_finding(actor=self.request.user, finding=obj, reason=reason)
