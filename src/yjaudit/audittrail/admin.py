"""Read-only admin: the trail can be inspected, never edited.

The admin is the platform operator's tool, and the operator reads no service's case data:
it shows who changed what and when, never the values (`before`, `after`, the object's
description). Administrators read those on the service's own trail pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "actor_label", "action", "object_type", "object_id", "service")
    list_filter = ("action", "service")
    search_fields = ("actor_label", "action", "object_id")
    exclude = ("before", "after", "object_repr")
    date_hierarchy = "timestamp"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
