"""Read-only: editions change only through the services (which keep the audit trail)."""

from __future__ import annotations

from django.contrib import admin

from yjaudit.audittrail.admin_support import ReadOnlyAdmin

from .models import FrameworkEdition


@admin.register(FrameworkEdition)
class FrameworkEditionAdmin(ReadOnlyAdmin):
    list_display = [
        "framework_id",
        "version",
        "edition",
        "name",
        "is_current",
        "bundled",
        "loaded_at",
    ]
    list_filter = ["is_current", "bundled"]
