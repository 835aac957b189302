"""Read-only API over the audit trail (administrators: their services). No writes exist."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from yjaudit.audittrail.models import AuditEvent
from yjaudit.audittrail.selectors import events_for

from .permissions import ScopedQuerysetMixin


class AuditEventSerializer(serializers.ModelSerializer):
    service: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "timestamp",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "service",
            "before",
            "after",
            "request_id",
        ]
        read_only_fields = fields


class AuditEventViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Filters: `?service=CODE&action=case.&actor=name`."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    read_action = "audittrail.view"

    def get_queryset(self) -> QuerySet[Any]:
        params = self.request.query_params
        qs = events_for(
            self.request.user,
            action=params.get("action", ""),
            actor=params.get("actor", ""),
        )
        code = params.get("service")
        return qs.filter(service__code=code) if code else qs
