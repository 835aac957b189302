"""Records the performance indicators read, per service.

One generic row per record (`IndicatorRecord`): its record set (intervention, reoffending
cohort member, board attendance, population figure), its key within the service (so a
later import of the same records updates instead of duplicating) and its fields as JSON,
exactly the fields `yjaudit.indicators.schema` lists: an import keeps nothing else, so
a column holding a name or an address is never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yjaudit.cases.models import RememberedMapping
from yjaudit.indicators.schema import RECORD_SETS
from yjaudit.organisations.models import Service

# Each record set in words; a set added to the schema without words reads as its name.
RECORD_SET_WORDS = {
    "interventions": _("Interventions"),
    "reoffending_cohort": _("Reoffending cohort"),
    "board_attendance": _("Management board attendance"),
    "population": _("Population figures"),
}
RECORD_SET_CHOICES = [
    (name, RECORD_SET_WORDS.get(name, name.replace("_", " "))) for name in RECORD_SETS
]


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded, columns to match")
    CHECKED = "checked", _("checked, waiting for confirmation")
    COMMITTED = "committed", _("imported")
    ABANDONED = "abandoned", _("abandoned")


class MonitoringImport(models.Model):
    """One import of records: who, when, what and how many (never the file itself).

    Between upload and the choice of columns only the cells of the columns matched to a
    field are kept (`kept_columns`, `kept_rows`, as the case register keeps them:
    `cases.importing.keeping`); a column that looks identifying is never matched.
    Between the check and the confirmation the parsed records wait in `pending`: only
    the record set's own fields, so nothing identifying is kept even then; both are
    emptied when the import is committed or abandoned.
    """

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    record_set = models.CharField(max_length=40, choices=RECORD_SET_CHOICES)
    filename = models.CharField(max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKED
    )
    columns_used = models.JSONField(default=dict)
    columns_dropped = models.JSONField(default=list)
    pending = models.JSONField(null=True, blank=True)
    file_format = models.CharField(max_length=10, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    headers = models.JSONField(default=list, blank=True)  # every heading of the file
    kept_columns = models.JSONField(default=list, blank=True)  # the matched ones only
    kept_rows = models.JSONField(default=list, blank=True)  # [row number, [kept cells]]
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.filename

    def audit_repr(self) -> str:
        return f"{self.record_set} import {self.filename}"


class IndicatorRecord(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    record_set = models.CharField(max_length=40, choices=RECORD_SET_CHOICES)
    # The record's identity within its set and service (schema.KEYS joined), e.g. a
    # pseudonymous reference and start date; population: year, sex, ethnicity and age.
    key = models.CharField(max_length=200)
    data = models.JSONField()
    source = models.ForeignKey(
        MonitoringImport, on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "record_set", "key"], name="monitoring_record_unique_key"
            )
        ]
        indexes = [models.Index(fields=["service", "record_set"])]

    def __str__(self) -> str:
        return f"{self.record_set} {self.key}"


class Comparator(models.Model):
    """A published figure to compare with: England and Wales, a region, a YJB family."""

    indicator_id = models.CharField(max_length=64)
    period = models.CharField(max_length=20)  # a quarter's label, e.g. "2025-26 Q1"
    name = models.CharField(max_length=100)  # e.g. "England and Wales"
    value = models.FloatField()
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_id", "period", "name"], name="monitoring_comparator_unique"
            )
        ]
        ordering = ["indicator_id", "period", "name"]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} {self.name}"


class RecordSetMapping(RememberedMapping):
    """The columns a service last matched for a record set, offered on its next import
    of that set (the case register's `RememberedMapping`, per record set)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    record_set = models.CharField(max_length=40, choices=RECORD_SET_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "record_set"], name="monitoring_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_set} mapping for {self.service.code}"
