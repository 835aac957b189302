"""The case audit: answers per sampled case, second marks, judgements and overrides.

A `CaseAudit` belongs to one sampled case of a round and carries a `version` that
every save compares and bumps (optimistic locking: two people editing one audit
never overwrite each other silently). Answers are stored one row per question, with
their history kept in the audit trail. `RoundAnswersVersion` counts every change
that can move the round's figures, so results are cached by it and recomputed at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yjaudit.cases.models import Case

from .rounds import AuditRound, SampledCase


class AuditStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    MODERATED = "moderated", _("Moderated")
    SIGNED_OFF = "signed-off", _("Signed off")


# Auditors may change answers only in these states.
EDITABLE = frozenset({AuditStatus.DRAFT, AuditStatus.RETURNED})


class CaseAudit(models.Model):
    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="case_audits")
    # PROTECT: removing a case from a sample archives it; a case audit is never
    # deleted along with a sampled case.
    sampled_case = models.OneToOneField(
        SampledCase, on_delete=models.PROTECT, related_name="case_audit"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_audits")
    status = models.CharField(
        _("status"), max_length=20, choices=AuditStatus.choices, default=AuditStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case_manager_present = models.BooleanField(_("case manager present"), null=True, blank=True)
    # Feedback for the case manager (shown in the practitioner view).
    summary = models.TextField(_("auditor's summary"), blank=True)
    return_comments = models.TextField(_("comments on return"), blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    # Blind second marking.
    moderation_selected = models.BooleanField(default=False)
    second_marker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    second_marking_done = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "sampled_case__position"]
        verbose_name = _("case audit")
        verbose_name_plural = _("case audits")

    def __str__(self) -> str:
        return f"audit of {self.case.reference}"

    def audit_repr(self) -> str:
        return f"case audit {self.pk} ({self.case.reference}, round {self.round_id})"

    @property
    def service_id(self) -> int:
        return self.case.service_id

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def submitted(self) -> bool:
        # Asked by `organisations.permissions`, which sits below this app.
        return self.status == AuditStatus.SUBMITTED


class CaseAnswer(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=64)
    value = models.CharField(max_length=32)  # the answer type's code, e.g. yes / partly / na
    note = models.TextField(_("evidence"), blank=True)
    # Stored as not applicable because the framework's rules exclude it for this case.
    by_rule = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["audit", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question_id"], name="case_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"

    def audit_repr(self) -> str:
        return f"answer {self.question_id} of case audit {self.audit_id}"


class SecondMark(models.Model):
    """A blind second marker's answer to one question of a moderated case audit."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="second_marks")
    question_id = models.CharField(max_length=64)
    value = models.CharField(max_length=32)
    note = models.TextField(_("rationale"), blank=True)
    marker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["audit", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question_id"], name="second_mark_once")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"


class Resolution(models.Model):
    """The QA lead's decision on a difference between first and second marks (kept)."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="resolutions")
    question_id = models.CharField(max_length=64)
    first_value = models.CharField(max_length=32)
    second_value = models.CharField(max_length=32)
    value = models.CharField(max_length=32)
    note = models.TextField(_("reason"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["audit", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question_id"], name="resolution_once")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.first_value}/{self.second_value} -> {self.value}"


class JudgementRating(models.Model):
    """A rating of a judgement standard (e.g. 1.1 Governance and leadership) for a round."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="judgements")
    standard_id = models.CharField(max_length=64)
    rating = models.CharField(_("rating"), max_length=64)
    evidence = models.TextField(_("evidence"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "standard_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "standard_id"], name="judgement_once")
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.rating}"

    def audit_repr(self) -> str:
        return f"judgement {self.standard_id} in round {self.round_id}"


class RatingOverride(models.Model):
    """A rating set by hand over the computed one, with its reason (shown wherever it is)."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="overrides")
    standard_id = models.CharField(max_length=64)
    rating = models.CharField(_("rating"), max_length=64)
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "standard_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "standard_id"], name="override_once")
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.rating}"

    def audit_repr(self) -> str:
        return f"override {self.standard_id} in round {self.round_id}"


class InspectionFinding(models.Model):
    """An inspection's published rating / percentage for a standard, to compare a round with."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="inspection")
    standard_id = models.CharField(max_length=64)
    rating = models.CharField(max_length=64, blank=True)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["round", "standard_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "standard_id"], name="inspection_once")
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.rating}"


class RoundAnswersVersion(models.Model):
    """Bumped by every change that can move a round's figures (results cache key)."""

    round = models.OneToOneField(
        AuditRound, on_delete=models.CASCADE, primary_key=True, related_name="answers_version"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.round_id}@{self.version}"


__all__ = [
    "EDITABLE",
    "AuditStatus",
    "CaseAnswer",
    "CaseAudit",
    "InspectionFinding",
    "JudgementRating",
    "RatingOverride",
    "Resolution",
    "RoundAnswersVersion",
    "SecondMark",
]
