"""Platform operators define a service's further case attributes here (staff only)."""

from django.contrib import admin

from .models import AttributeDefinition


@admin.register(AttributeDefinition)
class AttributeDefinitionAdmin(admin.ModelAdmin):
    list_display = ("service", "key", "label", "type", "required")
    list_filter = ("service", "type")
