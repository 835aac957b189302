"""The outbox: one row per notification, sent once; and each person's e-mail language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import Kind


class Status(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed (gave up)")


class Notification(models.Model):
    """One e-mail to one person. `key` makes writing it idempotent: the same event
    (e.g. the return of case audit 12 at version 7, to user 3) is queued and sent once."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("to"))
    language = models.CharField(max_length=8, default="en")
    # A link, a count, dates, names of roles and services (`kinds.ALLOWED_VALUES`).
    values = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # The exception's type only: an error message may repeat the address or the content.
    last_error = models.CharField(max_length=200, blank=True)
    sender = models.CharField(max_length=20, blank=True)
    # GOV.UK Notify's id for the message, when sent through Notify.
    provider_reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def audit_repr(self) -> str:
        return f"notification {self.pk} ({self.kind})"


class LanguagePreference(models.Model):
    """The language a person's e-mails are written in (English unless they chose Welsh)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
