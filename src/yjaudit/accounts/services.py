"""Account writes: invitations, acceptance, two-factor devices, API tokens. All audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model, password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record
from yjaudit.notifications import events as notification_events
from yjaudit.organisations import services as org_services
from yjaudit.organisations.models import Role, RoleGrant, Service, StaffMember
from yjaudit.organisations.permissions import requires_two_factor

from . import api_keys, sso
from .models import ApiToken, Invitation, TokenRevocation
from .selectors import account_exists
from .sso import SsoRefused
from .tokens import invitation_max_age, make_token

USER_FIELDS = ["username", "email", "first_name", "last_name", "is_active"]


def _invitation_state(inv: Invitation) -> dict[str, Any]:
    return {
        "email": inv.email,
        "service_id": inv.service_id,
        "role": inv.role,
        "staff_id": inv.staff_id,
    }


def normalise_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def invite(
    *,
    actor: Actor,
    email: str,
    service: Service,
    role: str,
    accept_url: Any,
    staff: StaffMember | None = None,
) -> Invitation:
    """Invite `email` to `service` as `role` and send the link.

    The same happens whether or not an account exists for the address, so the
    administrator learns nothing about other people's accounts, and a person who has an
    account gets the role only when they accept it (signed in as themselves).
    `accept_url(token) -> absolute URL` builds the link (views pass a request-aware builder).
    """
    email = normalise_email(email)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if staff is not None and staff.service_id != service.pk:
        raise ValidationError({"staff": _("The staff record belongs to another service.")})
    if staff is not None and staff.user_id is not None:
        raise ValidationError(
            {"staff": _("That staff record is already linked to another account.")}
        )
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
        staff=staff,
        invited_by=user_of(actor),
        expires_at=timezone.now() + invitation_max_age(),
    )
    record(
        actor=actor,
        action="invitation.create",
        target=invitation,
        after=_invitation_state(invitation),
    )
    notification_events.invitation(
        actor=actor,
        invitation_id=invitation.pk,
        email=email,
        existing_account=account_exists(email),
        link=accept_url(make_token(invitation)),
        service=service,
        role=role,
        days=invitation_max_age().days,
        language="cy" if (translation.get_language() or "").startswith("cy") else "en",
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Actor, invitation: Invitation) -> None:
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
    _link_invited_staff(invitation, user)
    return user


@transaction.atomic
def invitation_accept_existing(*, invitation: Invitation, user: Any) -> RoleGrant:
    """The invited person, signed in to their existing account, accepts the role."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or has already been used."))
    if not user.is_active or normalise_email(user.get_username()) != invitation.email:
        raise ValidationError(_("This invitation is for another account."))
    grant = org_services.role_grant(
        actor=invitation.invited_by, user=user, service=invitation.service, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    record(actor=user, action="invitation.accept", target=invitation)
    _link_invited_staff(invitation, user)
    return grant


def _link_invited_staff(invitation: Invitation, user: Any) -> None:
    """Link the staff record the invitation named, unless it was linked to someone else
    meanwhile (the administrator then links it from the user's roles page)."""
    staff = invitation.staff
    if staff is None or (staff.user_id is not None and staff.user_id != user.pk):
        return
    org_services.staff_link_account(
        actor=invitation.invited_by, service=invitation.service, user=user, staff=staff
    )


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
def totp_reset(*, actor: Actor, user: Any) -> None:
    """Remove a user's two-factor devices (lost phone); they enrol again at next sign in."""
    count = TOTPDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    record(
        actor=actor, action="account.2fa_reset", target=user, before={"devices": count}, after={}
    )
    # A token issued under the old device must not outlive it.
    api_tokens_revoke_all(actor=actor, user=user, reason=TokenRevocation.TWO_FACTOR_RESET)


def _token_state(token: ApiToken) -> dict[str, Any]:
    # Never the secret or its hash: the name, the visible prefix and the dates.
    return {
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat(),
        "two_factor_verified": token.two_factor_verified,
    }


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # the secret: shown once, never stored


@transaction.atomic
def api_token_create(*, user: Any, name: str, days: int | None, verified: bool) -> IssuedToken:
    """Issue a named API token that expires after `days` (default and maximum: settings).

    `verified`: the session asking has passed two-factor. Users whose roles need two-factor
    get a token only from such a session, so a token never grants more than the session.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter a name for the token.")})
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationError({"name": _("The name must be 100 characters or fewer.")})
    days = api_keys.default_days() if days is None else days
    if not 1 <= days <= api_keys.max_days():
        raise ValidationError(
            {"days": _("Enter a number of days from 1 to %(max)s.") % {"max": api_keys.max_days()}}
        )
    if requires_two_factor(user) and not verified:
        raise ValidationError(_("Pass two-factor authentication before creating an API token."))
    key = api_keys.new_key()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[: api_keys.SHOWN_CHARS],
        key_hash=api_keys.key_hash(key),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
        two_factor_verified=verified,
        password_fingerprint=api_keys.password_fingerprint(user),
    )
    record(actor=user, action="account.api_token_create", target=token, after=_token_state(token))
    return IssuedToken(token=token, key=key)


def _revoke(*, actor: Actor, tokens: Any, reason: str) -> int:
    now = timezone.now()
    count = 0
    for token in tokens.select_for_update().filter(revoked_at__isnull=True):
        token.revoked_at = now
        token.revoked_reason = reason
        token.save(update_fields=["revoked_at", "revoked_reason"])
        record(
            actor=actor,
            action="account.api_token_revoke",
            target=token,
            before=_token_state(token),
            after={"revoked_reason": reason},
        )
        count += 1
    return count


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> bool:
    """Revoke one token (its owner, from the tokens page). Returns whether it was live."""
    return (
        _revoke(
            actor=actor,
            tokens=ApiToken.objects.filter(pk=token.pk),
            reason=TokenRevocation.USER,
        )
        > 0
    )


@transaction.atomic
def api_tokens_revoke_all(*, actor: Actor, user: Any, reason: str) -> int:
    """Revoke every token of `user` (password change, two-factor reset, role change...)."""
    if reason not in TokenRevocation.values:
        raise ValueError(f"Unknown token revocation reason {reason!r}.")
    return _revoke(actor=actor, tokens=ApiToken.objects.filter(user=user), reason=reason)


def api_token_touch(token: ApiToken) -> None:
    """Note that the token was used: at most once per interval, one UPDATE, no audit row
    (it is bookkeeping of the credential, not a change to anybody's work)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < api_keys.touch_interval():
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


@transaction.atomic
def password_changed(*, user: Any) -> None:
    """After the user changed their own password: record it and revoke their tokens."""
    record(actor=user, action="account.password_change", target=user)
    api_tokens_revoke_all(actor=user, user=user, reason=TokenRevocation.PASSWORD)


def _user_session_keys(user: Any) -> list[str]:
    """Keys of the unexpired database sessions signed in as `user`.

    Decodes each live session: fine for the few hundred sessions a service has. Needs a
    database-backed session engine (db or cached_db; the default, see settings).
    """
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY, "")) == str(user.pk):
            keys.append(session.session_key)
    return keys


@transaction.atomic
def sign_out_everywhere(*, user: Any) -> dict[str, int]:
    """End every session of `user` (every browser) and revoke all their API tokens."""
    keys = _user_session_keys(user)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store().delete(key)  # through the engine, so a cached_db cache forgets it too
    tokens = api_tokens_revoke_all(
        actor=user, user=user, reason=TokenRevocation.SIGN_OUT_EVERYWHERE
    )
    result = {"sessions": len(keys), "tokens": tokens}
    record(actor=user, action="account.sign_out_everywhere", target=user, after=result)
    return result


@transaction.atomic
def user_set_active(*, actor: Actor, user: Any, active: bool) -> None:
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


@dataclass(frozen=True)
class SsoSignIn:
    user: Any
    mfa: bool  # the identity provider's MFA counts as this session's second factor


def _sso_refuse(reason: str, issuer: str) -> SsoRefused:
    # Who tried is not recorded (an unknown identity is nobody's account); why is.
    record(
        actor=None,
        action="account.sso_refused",
        target=None,
        after={"reason": reason, "issuer": issuer},
    )
    return SsoRefused(
        _(
            "You cannot sign in to yjaudit with that account. Ask your service's "
            "administrator for an invitation to the address your organisation gave you."
        )
    )


def sso_sign_in(*, claims: Mapping[str, Any]) -> SsoSignIn:
    """The account a verified OpenID Connect identity signs in to; refuses the rest.

    Roles are never taken from the provider: the verified e-mail address must name an
    active account, or an open invitation (the account is then created without a
    password and the invited roles granted, as accepting the invitation would)."""
    issuer = str(claims.get("iss", ""))[:200]
    email = sso.verified_email(claims)
    if not email:
        raise _sso_refuse("no verified e-mail address", issuer)
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.filter(username=email).first()
        if user is None:
            user = _sso_account_from_invitations(email)
        unknown = user is None
        if user is not None and user.is_active:
            mfa = sso.used_mfa(claims)
            record(
                actor=user,
                action="account.sso_sign_in",
                target=user,
                after={"issuer": issuer, "mfa": mfa},
                service=None,
            )
            return SsoSignIn(user=user, mfa=mfa)
    raise _sso_refuse("no invitation" if unknown else "account disabled", issuer)


def _sso_account_from_invitations(email: str) -> Any:
    invitations = list(
        Invitation.objects.select_for_update(of=("self",))
        .filter(email=email, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("service", "invited_by")
    )
    invitations = [i for i in invitations if i.is_open]
    if not invitations:
        return None
    user = get_user_model()(username=email, email=email)
    user.set_unusable_password()
    user.save()
    record(
        actor=user,
        action="user.create",
        target=user,
        after={f: getattr(user, f) for f in USER_FIELDS},
        service=invitations[0].service,
    )
    for invitation in invitations:
        org_services.role_grant(
            actor=invitation.invited_by, user=user, service=invitation.service, role=invitation.role
        )
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        record(actor=user, action="invitation.accept", target=invitation)
        _link_invited_staff(invitation, user)
    return user
