"""Read-only admin views: changes go through the audited pages and services instead."""

from __future__ import annotations

from django.contrib import admin

from yjaudit.audittrail.admin_support import ReadOnlyAdmin

from .models import RoleGrant, Service, StaffMember, Team


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
