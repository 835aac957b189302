"""Platform operators define a service's further case attributes here (staff only).

The only admin page that writes: it saves through `attribute_services`, which records an
audit-trail row; definitions are never deleted here (cases may hold values for them).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import attribute_services
from .models import AttributeDefinition


@admin.register(AttributeDefinition)
class AttributeDefinitionAdmin(admin.ModelAdmin):
    list_display = ("service", "key", "label", "type", "required")
    list_filter = ("service", "type")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        attribute_services.save_attribute_definition(actor=request.user, definition=obj)
