from django.contrib import admin

from .models import FrameworkEdition


@admin.register(FrameworkEdition)
class FrameworkEditionAdmin(admin.ModelAdmin):
    """Read-only: editions change only through the services (which keep the audit trail)."""

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

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
