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

    # The staff record the account is linked to on acceptance (see staff_link_account).
    staff = models.ForeignKey(
        "organisations.StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff record"),
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


class TokenRevocation(models.TextChoices):
    USER = "user", _("revoked by its owner")
    PASSWORD = "password_change", _("password changed")
    TWO_FACTOR_RESET = "2fa_reset", _("two-factor reset")
    ROLE_CHANGE = "role_change", _("roles changed")
    SIGN_OUT_EVERYWHERE = "sign_out_everywhere", _("signed out everywhere")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        """Tokens that still work: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A named API credential of one user. Only a hash of the secret is stored.

    It never grants more than the user's web session would: it is checked against the
    user's current two-factor state on every request (`accounts.authentication`) and
    revoked by a password change, a two-factor reset, a role change or "sign out everywhere".
    Revoked tokens are kept (with when and why) so the account's history stays readable.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the secret, shown so a user can tell tokens apart.
    prefix = models.CharField(_("starts with"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Issued in a session that had passed two-factor authentication.
    two_factor_verified = models.BooleanField(default=False, editable=False)
    # Ties the token to the password it was issued under (any password change kills it).
    password_fingerprint = models.CharField(max_length=64, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("why revoked"), max_length=30, choices=TokenRevocation.choices, blank=True
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}...)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
