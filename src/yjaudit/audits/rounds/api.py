"""API for audit rounds and their samples (`/api/v1/rounds/`, `/api/v1/samples/`).

Same permissions as the pages: `round.view` to read, `round.manage` to create,
`round.archive` to archive (POST `rounds/{id}/archive/` with `reason`) and restore
(POST `rounds/{id}/restore/`),
`sample.draw` to draw (POST `rounds/{id}/draw/` with optional `seed`), to swap
(POST `samples/{id}/swap/` with `reason`) and to restore a removed case (POST
`samples/{id}/restore/`).

Work is never lost: drawing a round that already has a sample answers 409 with the
plan (`keep`: cases that hold work and stay, `replace`: untouched cases a redraw would
take out) unless `replace_untouched: true` is sent, which replaces the untouched cases
only; if every case holds work, 409 whatever is sent. Swapping a case whose audit
holds work answers 409.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yjaudit.api.archiving import ARCHIVE_FIELDS, ArchiveActionsMixin
from yjaudit.api.errors import django_errors
from yjaudit.api.permissions import ScopedQuerysetMixin
from yjaudit.audits.models import AuditRound, SampledCase
from yjaudit.audits.rounds import selectors as round_selectors
from yjaudit.audits.rounds import services as round_services
from yjaudit.cases.api import ServiceByCode
from yjaudit.frameworks.models import FrameworkEdition


class RoundSerializer(serializers.ModelSerializer):
    service = ServiceByCode("round.manage")
    framework_edition = serializers.PrimaryKeyRelatedField(queryset=FrameworkEdition.objects.all())
    sample_size = serializers.SerializerMethodField()
    caseload_counts = serializers.SerializerMethodField()

    class Meta:
        model = AuditRound
        fields = [
            "id",
            "service",
            "framework_edition",
            "name",
            "kind",
            "subject",
            "period_start",
            "period_end",
            "sample_rule",
            "requested_size",
            "seed",
            "status",
            "caseload_size",
            "caseload_counts",
            "sample_size",
            "created_at",
            "sampled_at",
            *ARCHIVE_FIELDS,
        ]
        read_only_fields = [
            "seed",
            "status",
            "caseload_size",
            "created_at",
            "sampled_at",
            *ARCHIVE_FIELDS,
        ]

    def get_sample_size(self, obj: AuditRound) -> int:
        return round_selectors.active_sample(obj).count()

    def get_caseload_counts(self, obj: AuditRound) -> dict[str, dict[str, int]] | None:
        """Each compared attribute's counts in the caseload, as fixed at the draw."""
        return obj.caseload_counts


class SampledCaseSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="case.reference", read_only=True)
    replaced_by: Any = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = SampledCase
        fields = [
            "id",
            "round",
            "case",
            "reference",
            "stratum",
            "position",
            "status",
            "replaced_by",
            "swap_reason",
            "swapped_at",
        ]
        read_only_fields = fields


class DrawSerializer(serializers.Serializer):
    seed = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=round_services.MAX_SEED
    )
    replace_untouched = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "The round already has a sample: replace its untouched cases (those whose "
            "case audit holds no work). Without it a redraw answers 409 and changes nothing."
        ),
    )


def _plan_body(exc: round_services.ConfirmationNeeded | round_services.NothingToReplace) -> Any:
    return {
        "detail": str(exc),
        "keep": [{"reference": k.reference, "holds": list(k.holds)} for k in exc.plan.keep],
        "replace": [s.case.reference for s in exc.plan.replace],
        "confirm_with": (
            {"replace_untouched": True}
            if isinstance(exc, round_services.ConfirmationNeeded)
            else None
        ),
    }


class SwapSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class RoundViewSet(
    ArchiveActionsMixin,
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = AuditRound.objects.select_related("service", "framework_edition")
    serializer_class = RoundSerializer
    read_action = "round.view"
    action_permissions = {
        "create": "round.manage",
        "draw": "sample.draw",
        "archive": "round.archive",
        "restore": "round.archive",
    }

    def perform_create(self, serializer: Any) -> None:
        try:
            serializer.instance = round_services.create_round(
                actor=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise django_errors(error) from error

    @action(detail=True, methods=["post"], serializer_class=DrawSerializer)
    def draw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit_round = self.get_object()
        form = DrawSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            round_services.draw_sample(
                actor=request.user,
                audit_round=audit_round,
                seed=form.validated_data.get("seed"),
                replace_untouched=form.validated_data["replace_untouched"],
            )
        except (round_services.ConfirmationNeeded, round_services.NothingToReplace) as exc:
            return Response(_plan_body(exc), status=409)
        except round_services.SampleError as exc:
            raise serializers.ValidationError({"detail": str(exc)}) from exc
        audit_round.refresh_from_db()
        return Response(RoundSerializer(audit_round, context={"request": request}).data)

    def perform_archive(self, obj: AuditRound, reason: str) -> AuditRound:
        return round_services.archive_round(actor=self.request.user, audit_round=obj, reason=reason)

    def perform_restore(self, obj: AuditRound, reason: str) -> AuditRound:
        return round_services.restore_round(actor=self.request.user, audit_round=obj, reason=reason)


class SampledCaseViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Sampled cases; filter with `?round=ID` (swapped-out cases included, marked)."""

    queryset = SampledCase.objects.select_related("case", "round__service")
    serializer_class = SampledCaseSerializer
    read_action = "round.view"
    service_field = "round__service"
    action_permissions = {"swap": "sample.draw", "restore": "sample.draw"}

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        round_id = self.request.query_params.get("round")
        if round_id and round_id.isdigit():
            qs = qs.filter(round_id=int(round_id))
        return qs

    @action(detail=True, methods=["post"], serializer_class=SwapSerializer)
    def swap(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        sampled = self.get_object()
        form = SwapSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            new = round_services.swap_case(
                actor=request.user, sampled=sampled, reason=form.validated_data["reason"]
            )
        except round_services.HoldsWork as exc:
            return Response({"detail": str(exc)}, status=409)
        except round_services.SampleError as exc:
            raise serializers.ValidationError({"detail": str(exc)}) from exc
        except DjangoValidationError as error:
            raise django_errors(error) from error
        return Response(SampledCaseSerializer(new).data, status=201)

    @action(detail=True, methods=["post"], serializer_class=serializers.Serializer)
    def restore(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Put a case removed from the sample (status `archived`) back in."""
        sampled = self.get_object()
        try:
            restored = round_services.restore_case(actor=request.user, sampled=sampled)
        except round_services.SampleError as exc:
            raise serializers.ValidationError({"detail": str(exc)}) from exc
        return Response(SampledCaseSerializer(restored).data)
