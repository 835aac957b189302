"""API endpoints for services, teams and staff (same permissions as the pages)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, viewsets

from yjaudit.api.errors import django_errors
from yjaudit.organisations import services
from yjaudit.organisations.models import Service, StaffMember, Team

from .permissions import ScopedQuerysetMixin
from .serializers import ServiceSerializer, StaffSerializer, TeamSerializer


class ServiceViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Service.objects.all()
    serializer_class = ServiceSerializer
    read_action = "service.view"
    service_field = ""
    lookup_field = "code"


class TeamViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = Team.objects.select_related("service")
    serializer_class = TeamSerializer
    read_action = "service.view"
    action_permissions = {
        "create": "team.manage",
        "update": "team.manage",
        "partial_update": "team.manage",
    }

    def perform_create(self, serializer: Any) -> None:
        try:
            serializer.instance = services.team_create(
                actor=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise django_errors(error) from error

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("service", None)
        try:
            serializer.instance = services.team_update(
                actor=self.request.user,
                team=serializer.instance,
                name=data.get("name", serializer.instance.name),
            )
        except DjangoValidationError as error:
            raise django_errors(error) from error


class StaffViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = StaffMember.objects.select_related("service", "team")
    serializer_class = StaffSerializer
    read_action = "staff.view"
    action_permissions = {
        "create": "staff.manage",
        "update": "staff.manage",
        "partial_update": "staff.manage",
    }

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("active", None)
        try:
            serializer.instance = services.staff_create(actor=self.request.user, **data)
        except DjangoValidationError as error:
            raise django_errors(error) from error

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("service", None)
        try:
            serializer.instance = services.staff_update(
                actor=self.request.user, staff=serializer.instance, **data
            )
        except DjangoValidationError as error:
            raise django_errors(error) from error
