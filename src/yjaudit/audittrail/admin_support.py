"""The Django admin never writes: a change there would leave no audit-trail row.

`ReadOnlyAdminMixin` is THE base of every ModelAdmin in yjaudit (a test checks every
registered admin): it refuses add, change and delete whoever asks, superusers included,
so the admin is a place to look. Changes go through the pages, API and CLI, whose
service functions record who changed what (`yjaudit.audittrail.services.record`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """Put first in the bases: `class X(ReadOnlyAdminMixin, SomeModelAdmin)`."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A ModelAdmin that only shows."""
