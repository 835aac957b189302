from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from yjaudit.organisations import permissions
from yjaudit.organisations.models import Service, StaffMember, Team


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = ["id", "name", "code", "nation", "region", "family_group", "population_10_17"]
        read_only_fields = fields


class ServiceScopedField(serializers.PrimaryKeyRelatedField):
    """A service the requesting user may `write_action` in; any other id is 'does not exist'."""

    def __init__(self, write_action: str, **kwargs: Any) -> None:
        self.write_action = write_action
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return permissions.services_for(user, self.write_action)


class TeamSerializer(serializers.ModelSerializer):
    service = ServiceScopedField("team.manage")

    class Meta:
        model = Team
        fields = ["id", "service", "name"]


class StaffSerializer(serializers.ModelSerializer):
    service = ServiceScopedField("staff.manage")

    class Meta:
        model = StaffMember
        fields = ["id", "service", "team", "name", "role", "line_manager", "active"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        service = attrs.get("service") or getattr(self.instance, "service", None)
        for key in ("team", "line_manager"):
            linked = attrs.get(key)
            if linked is not None and linked.service_id != getattr(service, "pk", None):
                raise serializers.ValidationError({key: _("Must belong to the same service.")})
        if self.instance is not None and "service" in attrs and attrs["service"] != service:
            raise serializers.ValidationError({"service": _("A staff member cannot move service.")})
        return attrs
