"""Published inspection ratings, shared by every service (public documents), and the
imports that brought them. No personal data: a service's name, dates and ratings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BenchmarkImport(models.Model):
    filename = models.CharField(max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    def audit_repr(self) -> str:
        return f"published ratings import {self.filename}"


class PublishedInspection(models.Model):
    """One published inspection: who, when, under which framework, and its ratings."""

    service_name = models.CharField(_("service"), max_length=200)
    inspected = models.CharField(
        _("inspection date"), max_length=10, help_text=_("yyyy, yyyy-mm or yyyy-mm-dd")
    )
    framework_id = models.CharField(_("framework"), max_length=64, db_index=True)
    edition = models.CharField(_("edition"), max_length=64)
    # Item id (standard, rated domain, "overall") -> the rating label as published.
    ratings = models.JSONField(default=dict)
    overall_score = models.DecimalField(
        _("overall score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=300, help_text=_("The report's title"))
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    imported_by = models.ForeignKey(
        BenchmarkImport, on_delete=models.PROTECT, related_name="inspections"
    )

    class Meta:
        ordering = ["framework_id", "-inspected", "service_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_name", "inspected", "framework_id"],
                name="benchmarking_inspection_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_name} {self.inspected} ({self.framework_id})"

    def audit_repr(self) -> str:
        return str(self)
