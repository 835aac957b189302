"""What this app adds to the data: a record of each erased case (other apps' models stay
as they are). It never holds the case's reference: only the token that replaced it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yjaudit.cases.models import Case
from yjaudit.organisations.models import Service


class ErasureCause(models.TextChoices):
    REQUEST = "request", _("On request")
    RETENTION = "retention", _("Past retention")


class Erasure(models.Model):
    """One case erased: when, by whom, why. The case row stays, anonymised."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="erasure")
    token = models.CharField(_("anonymous reference"), max_length=64)
    cause = models.CharField(
        _("cause"), max_length=20, choices=ErasureCause.choices, default=ErasureCause.REQUEST
    )
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField(_("erased"), default=timezone.now)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"erasure {self.pk}"

    def audit_repr(self) -> str:
        return f"erasure {self.pk} ({self.token})"
