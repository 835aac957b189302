"""Account writes: invitations, acceptance, two-factor devices, API tokens. All audited."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from yjaudit.audittrail.services import record
from yjaudit.organisations import services as org_services
from yjaudit.organisations.models import Role, RoleGrant, Service

from .models import Invitation
from .tokens import invitation_max_age, make_token

USER_FIELDS = ["username", "email", "first_name", "last_name", "is_active"]


def _invitation_state(inv: Invitation) -> dict[str, Any]:
    return {"email": inv.email, "service_id": inv.service_id, "role": inv.role}


def normalise_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def invite(
    *, actor: Any, email: str, service: Service, role: str, accept_url: Any
) -> Invitation | RoleGrant:
    """Invite `email` to `service` as `role` and send the link.

    An existing active account gets the role straight away (and a note by e-mail).
    `accept_url(token) -> absolute URL` builds the link (views pass request-aware builder).
    """
    email = normalise_email(email)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    user_model = get_user_model()
    existing = user_model.objects.filter(username=email).first()
    if existing is not None:
        if not existing.is_active:
            raise ValidationError({"email": _("That account is disabled.")})
        grant = org_services.role_grant(actor=actor, user=existing, service=service, role=role)
        send_mail(
            _("You have a new role in yjaudit"),
            _("You are now %(role)s in %(service)s.")
            % {"role": Role(role).label, "service": service.name},
            None,
            [email],
        )
        return grant
    # Close earlier open invitations for the same person and service: one live link.
    for old in Invitation.objects.filter(
        email=email, service=service, accepted_at__isnull=True, revoked_at__isnull=True
    ):
        old.revoked_at = timezone.now()
        old.save(update_fields=["revoked_at"])
        record(actor=actor, action="invitation.revoke", target=old, before=_invitation_state(old))
    invitation = Invitation.objects.create(
        email=email,
        service=service,
        role=role,
        invited_by=actor if actor is not None and actor.is_authenticated else None,
        expires_at=timezone.now() + invitation_max_age(),
    )
    record(
        actor=actor,
        action="invitation.create",
        target=invitation,
        after=_invitation_state(invitation),
    )
    link = accept_url(make_token(invitation))
    send_mail(
        _("You are invited to yjaudit"),
        _(
            "You have been invited to join %(service)s in yjaudit as %(role)s.\n\n"
            "Set your password here (the link works once, for %(days)s days):\n%(link)s\n\n"
            "You will then set up two-factor authentication."
        )
        % {
            "service": service.name,
            "role": Role(role).label,
            "days": invitation_max_age().days,
            "link": link,
        },
        None,
        [email],
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> None:
    if not invitation.is_open:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action="invitation.revoke",
        target=invitation,
        before=_invitation_state(invitation),
    )


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, password: str, first_name: str = "", last_name: str = ""
) -> Any:
    """Create the account, set its password (validated) and grant the invited role."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or has already been used."))
    user_model = get_user_model()
    if user_model.objects.filter(username=invitation.email).exists():
        raise ValidationError(_("An account with this email address already exists."))
    user = user_model(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    record(
        actor=user,
        action="user.create",
        target=user,
        after={f: getattr(user, f) for f in USER_FIELDS},
        service=invitation.service,
    )
    org_services.role_grant(
        actor=invitation.invited_by, user=user, service=invitation.service, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    record(actor=user, action="invitation.accept", target=invitation)
    return user


def totp_device_for_enrolment(user: Any) -> TOTPDevice:
    """The user's unconfirmed TOTP device, made if needed (a fresh random key)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


@transaction.atomic
def totp_confirm(*, user: Any, device: TOTPDevice, token: str) -> bool:
    """Confirm an enrolment if `token` is right. Returns whether it was."""
    if device.user_id != user.pk or device.confirmed:
        return False
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Any other unconfirmed keys are stale now.
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    record(actor=user, action="account.2fa_enrol", target=user, service=None)
    return True


@transaction.atomic
def totp_reset(*, actor: Any, user: Any) -> None:
    """Remove a user's two-factor devices (lost phone); they enrol again at next sign in."""
    count = TOTPDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    record(
        actor=actor, action="account.2fa_reset", target=user, before={"devices": count}, after={}
    )


@transaction.atomic
def api_token_regenerate(*, user: Any) -> Token:
    """Replace the user's API token; the old one stops working at once."""
    had = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user, key=secrets.token_hex(20))
    record(
        actor=user,
        action="account.api_token",
        target=user,
        before={"token": "existing" if had else None},
        after={"token": "new"},
    )
    return token


@transaction.atomic
def api_token_revoke(*, user: Any) -> None:
    if Token.objects.filter(user=user).delete()[0]:
        record(actor=user, action="account.api_token_revoke", target=user)


@transaction.atomic
def user_set_active(*, actor: Any, user: Any, active: bool) -> None:
    before = {f: getattr(user, f) for f in USER_FIELDS}
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        actor=actor,
        action="user.update",
        target=user,
        before=before,
        after={f: getattr(user, f) for f in USER_FIELDS},
    )
