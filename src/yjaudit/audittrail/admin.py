"""The admin is read-only everywhere (`admin_support.ReadOnlyAdminMixin`).

The admin is the platform operator's tool, and the operator reads no service's case data:
the trail shows who changed what and when, never the values (`before`, `after`, the
object's description). Administrators read those on the service's own trail pages.

This module also takes over the admin pages that installed packages register (users,
groups, two-factor devices, API tokens, sign-in attempts), which would otherwise let
staff change accounts without an audit-trail row. Those apps come before ours in
INSTALLED_APPS, so their admins are registered by the time this module is imported.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from .admin_support import ReadOnlyAdmin, ReadOnlyAdminMixin
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("timestamp", "actor_label", "action", "object_type", "object_id", "service")
    list_filter = ("action", "service")
    search_fields = ("actor_label", "action", "object_id")
    exclude = ("before", "after", "object_repr")
    date_hierarchy = "timestamp"


def _replace(model: type, model_admin: type) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


class ReadOnlyUserAdmin(ReadOnlyAdminMixin, UserAdmin):
    """Users, their flags (`is_superuser`, `is_staff`) and passwords: look only."""


class ReadOnlyGroupAdmin(ReadOnlyAdminMixin, GroupAdmin):
    pass


_replace(get_user_model(), ReadOnlyUserAdmin)
_replace(Group, ReadOnlyGroupAdmin)

if apps.is_installed("django_otp.plugins.otp_totp"):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    class TOTPDeviceAdmin(ReadOnlyAdmin):
        """Two-factor devices without their secret key (the package's admin shows it and a
        QR code of it); administrators reset a device from the users page, which records."""

        list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
        fields = ("user", "name", "confirmed", "created_at", "last_used_at")
        list_filter = ("confirmed",)

    _replace(TOTPDevice, TOTPDeviceAdmin)

if apps.is_installed("rest_framework.authtoken"):
    from rest_framework.authtoken.models import TokenProxy

    # A token's key is its primary key: even a read-only admin would print it in every
    # link. People see and revoke their own tokens on their account page.
    if admin.site.is_registered(TokenProxy):
        admin.site.unregister(TokenProxy)

if apps.is_installed("axes"):
    from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    class ReadOnlyAccessAttemptAdmin(ReadOnlyAdminMixin, AccessAttemptAdmin):
        """Deleting an attempt would lift a lockout without an audit-trail row."""

    class ReadOnlyAccessLogAdmin(ReadOnlyAdminMixin, AccessLogAdmin):
        pass

    class ReadOnlyAccessFailureLogAdmin(ReadOnlyAdminMixin, AccessFailureLogAdmin):
        pass

    _replace(AccessAttempt, ReadOnlyAccessAttemptAdmin)
    _replace(AccessLog, ReadOnlyAccessLogAdmin)
    _replace(AccessFailureLog, ReadOnlyAccessFailureLogAdmin)
