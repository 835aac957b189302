"""National Standards compliance and risk forums, per service (docs/compliance.md).

Case events (contacts, home visits, assessments, panels, reviews) and risk forum
memberships come from case management exports and link to the case register by
reference. Only the reference's case, the kind and the dates are kept: a column holding
a name, an address or a note is never stored. Which rules and forums a service works
to, and its coverage threshold, are data (`PracticeSettings`, `LocalForum` and the
bundled YAML files in `yjaudit.compliance`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yjaudit.cases.models import Case, RememberedMapping
from yjaudit.organisations.models import Service

DEFAULT_RULE_SET = "national-standards-local-2019"
DEFAULT_FORUMS = "local-risk-forums"


class Threshold(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very-high", _("Very high")


class PracticeSettings(models.Model):
    """The rule set and the risk forum threshold a service works to (defaults: the
    bundled national-standards-local-2019 rules; Medium, the bundled policy's)."""

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, related_name="practice_settings"
    )
    rule_set = models.CharField(_("compliance rules"), max_length=64, default=DEFAULT_RULE_SET)
    threshold = models.CharField(
        _("risk forum threshold"), max_length=20, choices=Threshold.choices, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"practice settings for {self.service.code}"

    def audit_repr(self) -> str:
        return str(self)


class LocalForum(models.Model):
    """A risk management forum of the service's own, beside the bundled IPC, RSM, CSP
    and MAPPA."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["service", "code"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="practice_forum_unique")
        ]

    def __str__(self) -> str:
        return self.code

    def audit_repr(self) -> str:
        return f"risk forum {self.code}"


class ImportKind(models.TextChoices):
    EVENTS = "events", _("Case events")
    MEMBERSHIPS = "memberships", _("Risk forum memberships")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded, columns to match")
    CHECKED = "checked", _("checked, waiting for confirmation")
    COMMITTED = "committed", _("imported")
    ABANDONED = "abandoned", _("abandoned")


class PracticeImport(models.Model):
    """One import: who, when, what and how many (never the file). Between upload and
    the choice of columns only the cells of the columns matched to a field are kept
    (`kept_columns`, `kept_rows`, as the case register keeps them:
    `cases.importing.keeping`); a column that looks identifying is never matched.
    Between the check and the confirmation the parsed rows wait in `pending` (case id,
    kind and dates only); all are emptied once committed or abandoned."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    filename = models.CharField(max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKED
    )
    columns_used = models.JSONField(default=dict)
    columns_dropped = models.JSONField(default=list)
    preview = models.JSONField(default=list)  # the first rows, as kept
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
        return f"{self.kind} import {self.filename}"


class PracticeMapping(RememberedMapping):
    """The columns a service last matched for an import kind, offered on its next
    import of that kind (the case register's `RememberedMapping`, per kind)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ImportKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "kind"], name="practice_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} mapping for {self.service.code}"


class CaseEvent(models.Model):
    """One event of a case on one day. The same kind twice on a day counts once, so
    importing an export again changes nothing."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=64)
    date = models.DateField()
    source = models.ForeignKey(
        PracticeImport, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "date"], name="practice_event_unique")
        ]
        indexes = [models.Index(fields=["case", "date"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.date}"


class ForumMembership(models.Model):
    """A case held by a risk forum from `start` to `end` (inclusive; none: still held)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    forum = models.CharField(max_length=32)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    source = models.ForeignKey(
        PracticeImport, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "forum", "start"], name="practice_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.forum} from {self.start}"
