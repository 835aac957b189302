"""REST API for case audits: answers, workflow, moderation, judgements and results.

Same permission actions as the pages (`yjaudit.organisations.permissions`), same
services. Answer saves carry the case audit's `version` (optimistic locking): a save
that would overwrite someone else's change answers 409 with both answers.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError
from django.utils.translation import gettext
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from yjaudit.api.permissions import ScopedQuerysetMixin
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput, AuditError, Incomplete, StaleEdit
from yjaudit.audits.disclosure import disclosure_for, for_round
from yjaudit.audits.models import AuditRound, CaseAudit
from yjaudit.config.limits import limit
from yjaudit.interchange.results import report_dict
from yjaudit.organisations import permissions


class AnswerSerializer(serializers.Serializer):
    question_id = serializers.CharField(max_length=64)
    value = serializers.CharField(max_length=32, allow_blank=True)
    note = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=limit("note_chars")
    )
    base_value = serializers.CharField(
        allow_blank=True, required=False, allow_null=True, max_length=32
    )
    base_note = serializers.CharField(
        allow_blank=True, required=False, allow_null=True, max_length=limit("note_chars")
    )


def _answers_field() -> serializers.ListSerializer:
    # The list length is refused before any item is read (settings YJAUDIT_LIMITS); the
    # service also refuses more than the framework's questions and any question twice.
    return serializers.ListSerializer(
        child=AnswerSerializer(), max_length=limit("answers_per_save")
    )


class SaveSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    answers = _answers_field()


class MarksSerializer(serializers.Serializer):
    marks = _answers_field()


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=limit("text_chars"))


class ResolveSerializer(serializers.Serializer):
    question_id = serializers.CharField(max_length=64)
    value = serializers.CharField(max_length=32)
    note = serializers.CharField(max_length=limit("note_chars"))


class CaseAuditSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="case.reference", read_only=True)
    answers = serializers.SerializerMethodField()

    class Meta:
        model = CaseAudit
        fields = [
            "id",
            "round",
            "reference",
            "status",
            "version",
            "case_manager_present",
            "summary",
            "return_comments",
            "reopen_reason",
            "moderation_selected",
            "second_marking_done",
            "submitted_at",
            "moderated_at",
            "signed_off_at",
            "answers",
        ]
        read_only_fields = fields

    def get_answers(self, audit: CaseAudit) -> list[dict[str, Any]] | None:
        request = self.context.get("request")
        if request is not None and permissions.is_blind(request.user, audit):
            return None  # a second marker at work does not see the first marks
        return [
            {"question_id": a.question_id, "value": a.value, "note": a.note, "by_rule": a.by_rule}
            for a in audit.answers.all()
        ]


def _bad(exc: AuditError) -> serializers.ValidationError:
    detail: dict[str, Any] = {"detail": str(exc)}
    if isinstance(exc, Incomplete):
        detail["missing"] = [{"standard_id": s, "question_id": q} for s, q, _t in exc.missing]
    return serializers.ValidationError(detail)


def _inputs(rows: list[dict[str, Any]]) -> list[AnswerInput]:
    return [
        AnswerInput(
            r["question_id"],
            r["value"],
            r.get("note") or "",
            r.get("base_value"),
            r.get("base_note"),
        )
        for r in rows
    ]


class _ObjectFirst(ScopedQuerysetMixin):
    """On one object, look it up (scoped) before checking the action, so an object of
    another service is 404 for everyone there, whatever they may do elsewhere; the
    action is then checked against the object's service (`has_object_permission`)."""

    def check_permissions(self, request: Request) -> None:
        if self.kwargs.get("pk") is not None and request.user.is_authenticated:
            return
        super().check_permissions(request)


class CaseAuditViewSet(_ObjectFirst, viewsets.ReadOnlyModelViewSet):
    """Case audits; filter with `?round=ID`."""

    queryset = CaseAudit.objects.select_related("case", "round").prefetch_related("answers")
    serializer_class = CaseAuditSerializer
    read_action = "audit.review"
    service_field = "case__service"
    staff_field = "case__case_manager"
    action_permissions = {
        "answers": "audit.answer",
        "submit": "audit.answer",
        "moderate": "audit.moderate",
        "return_audit": "audit.moderate",
        "sign_off": "audit.signoff",
        "reopen": "audit.reopen",
        "second_marks": "audit.second_mark",
        "finish_second_marking": "audit.second_mark",
        "differences": "audit.moderate",
        "resolve": "audit.moderate",
    }

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        round_id = self.request.query_params.get("round")
        if round_id and round_id.isdigit():
            qs = qs.filter(round_id=int(round_id))
        return qs

    def _done(self, audit: CaseAudit) -> Response:
        audit.refresh_from_db()
        return Response(CaseAuditSerializer(audit, context={"request": self.request}).data)

    @action(detail=True, methods=["post"], serializer_class=SaveSerializer)
    def answers(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit = self.get_object()
        form = SaveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            outcome = audit_services.save_answers(
                actor=request.user,
                audit=audit,
                version=form.validated_data["version"],
                answers=_inputs(form.validated_data["answers"]),
            )
        except StaleEdit as exc:
            return Response(
                {
                    "detail": str(exc),
                    "version": exc.version,
                    "conflicts": [c.public() for c in exc.conflicts],
                },
                status=409,
            )
        except AuditError as exc:
            raise _bad(exc) from exc
        except DatabaseError:
            # Not saved, and said so: the client keeps its answers and tries again.
            return Response(
                {"detail": gettext("Not saved: the database was busy. Send the answers again.")},
                status=503,
            )
        return Response(
            {"version": outcome.version, "saved": outcome.saved, "merged": outcome.merged}
        )

    def _step(self, fn: Any, audit: CaseAudit | None = None, **kwargs: Any) -> Response:
        audit = audit or self.get_object()
        try:
            fn(actor=self.request.user, audit=audit, **kwargs)
        except AuditError as exc:
            raise _bad(exc) from exc
        return self._done(audit)

    @action(detail=True, methods=["post"], serializer_class=serializers.Serializer)
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(audit_services.submit)

    @action(detail=True, methods=["post"], serializer_class=serializers.Serializer)
    def moderate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(audit_services.complete_moderation)

    @action(
        detail=True, methods=["post"], url_path="sign-off", serializer_class=serializers.Serializer
    )
    def sign_off(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(audit_services.sign_off)

    @action(detail=True, methods=["post"], url_path="return", serializer_class=TextSerializer)
    def return_audit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit = self.get_object()  # 404 before any validation
        form = TextSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._step(
            audit_services.return_with_comments, audit, comments=form.validated_data["text"]
        )

    @action(detail=True, methods=["post"], serializer_class=TextSerializer)
    def reopen(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit = self.get_object()  # 404 before any validation
        form = TextSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._step(audit_services.reopen, audit, reason=form.validated_data["text"])

    @action(
        detail=True, methods=["post"], url_path="second-marks", serializer_class=MarksSerializer
    )
    def second_marks(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit = self.get_object()
        form = MarksSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            saved = audit_services.save_second_marks(
                actor=request.user, audit=audit, marks=_inputs(form.validated_data["marks"])
            )
        except AuditError as exc:
            raise _bad(exc) from exc
        return Response({"saved": saved})

    @action(
        detail=True,
        methods=["post"],
        url_path="finish-second-marking",
        serializer_class=serializers.Serializer,
    )
    def finish_second_marking(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(audit_services.finish_second_marking)

    @action(detail=True, methods=["get"])
    def differences(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit = self.get_object()
        if permissions.is_blind(request.user, audit):  # differences show first marks
            raise PermissionDenied
        return Response([d.__dict__ for d in audit_selectors.differences(audit)])

    @action(detail=True, methods=["post"], serializer_class=ResolveSerializer)
    def resolve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit = self.get_object()
        form = ResolveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            audit_services.resolve_difference(
                actor=request.user, audit=audit, **form.validated_data
            )
        except AuditError as exc:
            raise _bad(exc) from exc
        return Response([d.__dict__ for d in audit_selectors.differences(audit)])


class RatingSerializer(serializers.Serializer):
    standard_id = serializers.CharField(max_length=64)
    rating = serializers.CharField(max_length=64, allow_blank=True)
    reason = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=limit("text_chars")
    )
    evidence = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=limit("text_chars")
    )


class SelectSerializer(serializers.Serializer):
    audit_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    share = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)
    seed = serializers.IntegerField(required=False, min_value=0)


class RoundResultsSerializer(serializers.Serializer):
    """Placeholder for the schema: results are the `yjaudit score --json` object."""


class AuditRoundViewSet(_ObjectFirst, viewsets.ReadOnlyModelViewSet):
    """A round's results (`?by=setting&by=team`: splits), in the shape of
    `yjaudit score --json`; moderation selection, agreement, judgements, overrides."""

    queryset = AuditRound.objects.select_related("service", "framework_edition")
    serializer_class = RoundResultsSerializer
    read_action = "audit.results"
    action_permissions = {
        "select_moderation": "audit.moderate",
        "agreement": "audit.moderate",
        "judgement": "audit.judge",
        "override": "audit.judge",
    }

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rounds: Any = self.filter_queryset(self.get_queryset())
        return Response(
            [
                {
                    "id": r.pk,
                    "name": r.name,
                    "service": r.service.code,
                    "framework": r.framework_edition.framework_id,
                }
                for r in rounds
            ]
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit_round = self.get_object()
        by = [b for b in request.query_params.getlist("by") if b]
        shown = disclosure_for(request.user, audit_round.service)
        report = for_round(results.round_score(audit_round, by=by), shown, audit_round)
        data = report_dict(report, results.round_framework(audit_round))
        # Only submitted (and later) case audits count; the rest are in progress.
        progress = results.progress(audit_round)
        data["progress"] = {
            "sample": progress.sample,
            "counted": progress.counted,
            "in_progress": progress.in_progress,
        }
        return Response(data)

    @action(
        detail=True,
        methods=["post"],
        url_path="select-moderation",
        serializer_class=SelectSerializer,
    )
    def select_moderation(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit_round = self.get_object()
        form = SelectSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if not data.get("audit_ids") and not data.get("share"):
            raise serializers.ValidationError({"detail": gettext("Give audit_ids or a share.")})
        try:
            chosen = audit_services.select_for_moderation(
                actor=request.user,
                audit_round=audit_round,
                audit_ids=data.get("audit_ids") or (),
                share=data.get("share"),
                seed=data.get("seed"),
            )
        except AuditError as exc:
            raise _bad(exc) from exc
        return Response({"chosen": [a.pk for a in chosen]})

    @action(detail=True, methods=["get"])
    def agreement(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit_round = self.get_object()
        summary = audit_selectors.agreement(audit_round)
        if summary is None:
            return Response(None)

        def row(a: Any) -> dict[str, Any]:
            return {
                "n": a.n,
                "agreed": a.agreed,
                "percent": a.percent,
                "kappa": a.kappa,
                "kappa_ci": [a.ci_low, a.ci_high],
                "kappa_reason": a.kappa_reason,
            }

        return Response(
            {
                "overall": row(summary.overall),
                "standards": {k: row(v) for k, v in summary.standards.items()},
                "questions": {k: row(v) for k, v in summary.questions.items()},
                "markers": {f"{a}/{b}": row(v) for (a, b), v in summary.auditors.items()},
            }
        )

    def _rating_form(self, request: Request) -> dict[str, Any]:
        form = RatingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return dict(form.validated_data)

    @action(detail=True, methods=["post"], serializer_class=RatingSerializer)
    def judgement(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit_round = self.get_object()
        data = self._rating_form(request)
        try:
            audit_services.set_judgement(
                actor=request.user,
                audit_round=audit_round,
                standard_id=data["standard_id"],
                rating=data["rating"],
                evidence=data["evidence"],
                reasons=data["reason"],
            )
        except AuditError as exc:
            raise _bad(exc) from exc
        return self.retrieve(request, *args, **kwargs)

    @action(detail=True, methods=["post"], serializer_class=RatingSerializer)
    def override(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit_round = self.get_object()
        data = self._rating_form(request)
        try:
            audit_services.set_override(
                actor=request.user,
                audit_round=audit_round,
                standard_id=data["standard_id"],
                rating=data["rating"],
                reason=data["reason"],
            )
        except AuditError as exc:
            raise _bad(exc) from exc
        return self.retrieve(request, *args, **kwargs)
