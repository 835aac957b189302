"""A requested piece of background work, and the runs of scheduled work."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """One request for background work. The row, not the broker's message, is the truth:
    a lost or repeated message changes nothing a claim (`services.job_claim`) would not."""

    kind = models.CharField(max_length=64)
    parameters = models.JSONField(default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    service = models.ForeignKey(
        "organisations.Service", null=True, on_delete=models.PROTECT, related_name="jobs"
    )
    # Permission actions (all of them, in `service`) that let someone other than the
    # requester see the job and its file; none: the requester only.
    visible_with = models.JSONField(default=list)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    # Relative to YJAUDIT_JOB_RESULTS_DIR (outside the web root; served by a view only).
    result_path = models.CharField(max_length=300, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)  # the exception's message, never a traceback
    # A job that makes no file (an import): {"counts": {...}, "next": url}; a refused
    # one: {"problems": [{"file", "row", "field", "message"}, ...]}.
    result = models.JSONField(default=dict, blank=True)
    # Set when retention removed the file (the row stays as the record that it was made).
    file_removed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"job {self.pk} ({self.kind}, {self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class ScheduledRun(models.Model):
    """One run of an entry of YJAUDIT_SCHEDULED_TASKS (what the schedule page shows)."""

    name = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    result = models.CharField(max_length=500, blank=True)
    # The outcome's message ids and values (`yjaudit.said`), worded in the reader's language
    # on the schedule page; `result` keeps the English line.
    said = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["name", "started_at"])]

    def __str__(self) -> str:
        return f"{self.name} at {self.started_at:%Y-%m-%d %H:%M}"
