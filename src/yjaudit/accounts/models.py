"""Invitations: the only way an account comes into being (nobody self-registers)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yjaudit.organisations.models import Role


def _nonce() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """An administrator asked `email` to join `service` as `role`.

    The link carries a signed token of (id, nonce); accepting it, revoking it or expiry
    makes it unusable. The nonce is replaced on resend so old links die.
    """

    email = models.EmailField(_("email address"))
    service = models.ForeignKey(
        "organisations.Service",
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("service"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    nonce = models.CharField(max_length=64, default=_nonce, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
