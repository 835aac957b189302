"""Audit rounds and their samples of cases.

(The answering of case audits lives beside these, in modules of its own.)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yjaudit.audittrail.archiving import Archivable
from yjaudit.cases.models import Case
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.organisations.models import Service


class RoundKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SELF_AUDIT = "self-audit", _("Self-audit")
    THEMATIC = "thematic", _("Thematic audit")


class RoundSubject(models.TextChoices):
    """Whose records a round samples: the framework's standards name it as `subject`."""

    CHILDREN = "children", _("Children's cases")
    VICTIMS = "victims", _("Victims' cases")
    # Children's cases grouped by the operational manager overseeing them (their case
    # manager's line manager): each manager is rated on the cases drawn for them.
    MANAGERS = "managers", _("Managers' oversight (cases per manager)")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: no sample yet")
    SAMPLED = "sampled", _("Sample drawn")
    IN_PROGRESS = "in-progress", _("In progress")
    CLOSED = "closed", _("Closed")


class AuditRound(Archivable):
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="audit_rounds", verbose_name=_("service")
    )
    framework_edition = models.ForeignKey(
        FrameworkEdition,
        on_delete=models.PROTECT,
        related_name="audit_rounds",
        verbose_name=_("framework"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices)
    subject = models.CharField(
        _("what is audited"),
        max_length=20,
        choices=RoundSubject.choices,
        default=RoundSubject.CHILDREN,
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # The id of a rule in yjaudit/sampling/rules/*.yaml.
    sample_rule = models.CharField(_("sample size rule"), max_length=64)
    # For a "fixed N" rule: the number of cases to sample.
    requested_size = models.PositiveIntegerField(_("number of cases"), null=True, blank=True)
    seed = models.BigIntegerField(_("seed"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    # Fixed at the draw (a redraw fixes them again): how many cases were open in the
    # period, which ones, and each compared attribute's counts among them. Cases
    # imported or changed afterwards do not move a drawn round's figures.
    caseload_size = models.PositiveIntegerField(null=True, blank=True)
    caseload_case_ids = models.JSONField(null=True, blank=True)
    caseload_counts = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sampled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "name"]
        verbose_name = _("audit round")
        verbose_name_plural = _("audit rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="audit_round_period_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def audit_repr(self) -> str:
        return f"round {self.pk}: {self.name}"


class SampleStatus(models.TextChoices):
    ACTIVE = "active", _("In the sample")
    SWAPPED_OUT = "swapped-out", _("Swapped out")
    # Taken out by a redraw (or by hand) while untouched: kept, and can be restored.
    ARCHIVED = "archived", _("Removed from the sample")


class SampledCase(models.Model):
    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="samples")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="samplings")
    stratum = models.CharField(max_length=40)
    position = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=SampleStatus.choices, default=SampleStatus.ACTIVE
    )
    # A swap: the case that took this one's place, why, who, when.
    replaced_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )
    swap_reason = models.TextField(blank=True)
    swapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    swapped_at = models.DateTimeField(null=True, blank=True)
    # Removal from the sample (archived, never deleted): who, when, why.
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    archive_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "case"], name="sample_case_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.case_id}"

    def audit_repr(self) -> str:
        return f"sampled case {self.case.reference} in round {self.round_id}"
