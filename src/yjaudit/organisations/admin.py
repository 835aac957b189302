"""Read-only admin views: changes go through the audited pages and services instead."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import RoleGrant, Service, StaffMember, Team


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "nation", "region", "active")
    search_fields = ("name", "code")


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ("name", "service")
    list_filter = ("service",)


@admin.register(StaffMember)
class StaffMemberAdmin(ReadOnlyAdmin):
    list_display = ("name", "service", "team", "role", "active")
    list_filter = ("service", "role", "active")


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ("user", "service", "role", "granted_at")
    list_filter = ("service", "role")
