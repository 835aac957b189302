"""Signed invitation tokens (Django's signing: tamper-evident, time-limited)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing

from .models import Invitation

SALT = "yjaudit.accounts.invitation"


def invitation_max_age() -> dt.timedelta:
    return dt.timedelta(days=int(settings.YJAUDIT_INVITATION_DAYS))


def make_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT, compress=True)


def open_invitation(token: str) -> Invitation | None:
    """The open invitation the token names, or None (bad, expired, used or revoked)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=invitation_max_age())
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    pk = data.get("i")
    if not isinstance(pk, int):
        return None
    invitation = Invitation.objects.filter(pk=pk).select_related("service").first()
    if invitation is None or invitation.nonce != data.get("n") or not invitation.is_open:
        return None
    return invitation
