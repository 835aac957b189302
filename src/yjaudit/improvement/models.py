"""Improvement plans: recommendations, numbered actions, progress, evidence, governance.

Every row has a random UUID key, so no plan, action or evidence file can be found by
counting ids; views still check permissions and answer 404 outside the user's services.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yjaudit.audits.models import AuditRound
from yjaudit.audittrail.archiving import Archivable
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.organisations.models import Service, StaffMember

from . import clock


class SourceKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SELF_AUDIT = "self-audit", _("Self-audit round")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Key strength")
    IMPROVEMENT = "improvement", _("Area for improvement")


class ImprovementPlan(Archivable):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="improvement_plans")
    title = models.CharField(_("title"), max_length=300)
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    inspection_name = models.CharField(_("inspection"), max_length=300, blank=True)
    published_on = models.DateField(_("report published"), null=True, blank=True)
    audit_round = models.ForeignKey(
        AuditRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_plans",
        verbose_name=_("self-audit round"),
    )
    # The edition whose questions measure impact (the round's, or chosen for inspections).
    framework_edition = models.ForeignKey(
        FrameworkEdition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("framework"),
    )
    baseline_round = models.ForeignKey(
        AuditRound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("baseline round"),
    )
    context = models.TextField(_("context and summary"), blank=True)
    submission_due = models.DateField(_("submission deadline"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("improvement plan")

    def __str__(self) -> str:
        return self.title

    def audit_repr(self) -> str:
        return f"plan {self.pk}: {self.title}"[:200]


class Finding(Archivable):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    text = models.TextField(_("finding"))
    # The question or standard it came from, when pulled from a round's results.
    source_id = models.CharField(max_length=64, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "kind", "position"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def service_id(self) -> int:
        return self.plan.service_id


class Recommendation(models.Model):
    """A recommendation or finding the plan answers (a heading row of the plan's table)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="recommendations"
    )
    position = models.PositiveIntegerField(_("order"))
    text = models.TextField(_("recommendation"))
    owner_role = models.CharField(_("owner"), max_length=200, blank=True)
    # Standard, key question or prompt ids of the plan's framework it concerns.
    concerns = models.JSONField(_("standards or questions"), default=list, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="plan_rec_position_unique")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def service_id(self) -> int:
        return self.plan.service_id


class Action(Archivable):
    """Action N (top level, numbered through the plan) or sub-action N.k under it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="actions")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    number = models.PositiveIntegerField(_("number"))
    description = models.TextField(_("action"), blank=True)
    timescale = models.CharField(
        _("timescale"),
        max_length=200,
        blank=True,
        help_text=_('As the plan says it: "September", "To be reviewed November".'),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    lead_staff = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("lead (staff member)"),
    )
    lead_name = models.CharField(_("lead (name)"), max_length=200, blank=True)
    lead_organisation = models.CharField(_("lead organisation"), max_length=200, blank=True)
    expected_outcome = models.TextField(_("expected outcome"), blank=True)
    success_measure = models.TextField(_("success measure"), blank=True)
    learning_objectives = models.TextField(_("learning objectives"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    # Question / standard ids whose later audit results show whether this worked.
    measures = models.JSONField(_("measured by"), default=list, blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "recommendation__position", "parent__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                condition=models.Q(parent__isnull=True),
                name="plan_action_number_unique",
            ),
            models.UniqueConstraint(
                fields=["parent", "number"],
                condition=models.Q(parent__isnull=False),
                name="plan_subaction_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.description[:60]}".strip()

    def audit_repr(self) -> str:
        return f"action {self.label} of plan {self.plan_id}"

    @property
    def service_id(self) -> int:
        return self.plan.service_id

    @property
    def label(self) -> str:
        if self.parent_id is not None and self.parent is not None:
            return f"{self.parent.number}.{self.number}"
        return str(self.number)

    @property
    def deadline(self) -> dt.date | None:
        """The date the action is judged against: its due date, else its review date,
        else (a sub-action with no date of its own, as in the Coventry Short Quality
        Screening action plan, 2016) its action's."""
        own = self.due_date or self.review_date
        if own is None and self.parent_id is not None and self.parent is not None:
            return self.parent.due_date or self.parent.review_date
        return own

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Derived, never stored: open and past its deadline."""
        deadline = self.deadline
        if deadline is None or self.status == Status.COMPLETED:
            return False
        return (today or clock.today()) > deadline

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def lead_display(self) -> str:
        person = self.lead_name or (self.lead_staff.name if self.lead_staff else "")
        return " ".join(p for p in (self.lead_organisation, person) if p)


class ProgressUpdate(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("progress"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "-on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.on}: {self.get_status_display()}"

    def audit_repr(self) -> str:
        return f"progress {self.on} on action {self.action_id}"


def _evidence_path(instance: EvidenceFile, filename: str) -> str:
    # Never the uploaded name: a random name under MEDIA_ROOT (outside the web root).
    return f"improvement/evidence/{instance.id.hex}"


class EvidenceFile(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def audit_repr(self) -> str:
        return f"evidence {self.pk} ({self.file_type}, {self.size} bytes)"


class Approval(models.Model):
    """Board approval of the plan, with the whole plan as it stood (a JSON snapshot)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="approvals")
    version = models.PositiveIntegerField()
    approved_by = models.CharField(_("approved by"), max_length=300)
    approved_on = models.DateField(_("date approved"))
    minute_reference = models.CharField(_("minute reference"), max_length=200, blank=True)
    snapshot = models.JSONField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="plan_approval_version")
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.approved_on}"


class ScrutinyReport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="scrutiny_reports"
    )
    reported_on = models.DateField(_("date reported"))
    committee = models.CharField(_("committee or panel"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["plan", "-reported_on"]

    def __str__(self) -> str:
        return f"{self.committee} {self.reported_on}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class SentReminder(models.Model):
    """One reminder e-mail, kept so the daily command never sends it twice."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    deadline = models.DateField()  # a new deadline earns new reminders
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "deadline", "recipient"], name="plan_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.deadline} {self.recipient}"
