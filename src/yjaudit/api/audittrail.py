"""Read-only API over the audit trail (administrators: their services). No writes exist.

Every reader sees that a change happened (who, when, action, object kind and id). The
values (`before`, `after`, `object_repr`) are given only where the reader may see the
service's cases (`yjaudit.audittrail.selectors.value_services`); elsewhere they are null
and `values_hidden` is true.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from yjaudit.audittrail.models import AuditEvent
from yjaudit.audittrail.selectors import events_for, readable_values, value_services

from .filters import CodeFilter, DateFilter, SearchFilter, TextFilter
from .permissions import ScopedQuerysetMixin


class AuditEventSerializer(serializers.ModelSerializer):
    service: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    values_hidden = serializers.SerializerMethodField()

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
            "values_hidden",
            "request_id",
        ]
        read_only_fields = fields

    def _hidden(self, event: AuditEvent) -> bool:
        services = self.context.get("value_services")
        if services is None:  # no reader known: show nothing of value
            return True
        return not readable_values(event, services)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_values_hidden(self, event: AuditEvent) -> bool:
        return self._hidden(event)

    def to_representation(self, instance: AuditEvent) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if self._hidden(instance):
            data.update(before=None, after=None, object_repr="")
        return data


class AuditEventViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Filters: `?service=CODE&action=case.&actor=name&q=words&from=YYYY-MM-DD&to=...`.

    `q` finds rows as the web page's search does (every word, in what the reader may
    see); it narrows the scoped rows, never widens them."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    read_action = "audittrail.view"
    query_filters = {
        "service": CodeFilter("Service code, e.g. ALPHA."),
        "action": TextFilter("Actions starting with this text, e.g. case. or role.grant."),
        "actor": TextFilter("Part of the actor's user name."),
        "q": SearchFilter(
            "Words to find, each in the action, who, the service or (where you may see"
            " the service's cases) the thing changed and its values."
        ),
        "from": DateFilter("Rows on or after this day (UK time)."),
        "to": DateFilter("Rows on or before this day (UK time)."),
    }

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["value_services"] = value_services(self.request.user)
        return context

    def get_queryset(self) -> QuerySet[Any]:
        params = self.cleaned_filters()
        qs = events_for(
            self.request.user,
            action=params.get("action", ""),
            actor=params.get("actor", ""),
            date_from=params.get("from"),
            date_to=params.get("to"),
            search=params.get("q", ""),
        )
        code = params.get("service")
        return qs.filter(service__code=code) if code else qs
