"""Single sign-on with OpenID Connect (authlib's Django client), off by default.

The identity provider (Microsoft Entra ID in docs/accounts.md) proves who the person is;
yjaudit still decides what they may do: the verified e-mail address must belong to an
existing account or an open invitation, and roles come from yjaudit only. Its MFA counts
as the second factor when the ID token's `amr` claim says it was used; otherwise the
local two-factor step follows. The ID token is checked by authlib: signature against
the provider's published keys (JWKS), issuer, audience, expiry and the nonce of this
sign-in; the code exchange uses PKCE (S256) and the state kept in the session. Nothing
from the provider is kept but the session: its tokens are never stored nor accepted by
the API.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from yjaudit.errors import DomainError

log = logging.getLogger(__name__)

# Session keys: where to go after sign-in; the user whose sign-in had the provider's MFA.
NEXT_SESSION_KEY = "yjaudit_sso_next"
MFA_SESSION_KEY = "yjaudit_sso_mfa"


class SsoRefused(DomainError):
    """Single sign-on did not prove an identity that may use yjaudit."""


def enabled() -> bool:
    return bool(settings.YJAUDIT_OIDC_ENABLED)


def _setting(name: str, default: Any = "") -> Any:
    return getattr(settings, f"YJAUDIT_OIDC_{name}", default)


@functools.lru_cache(maxsize=4)
def _client(metadata_url: str, client_id: str, client_secret: str, scope: str) -> Any:
    # Imported here: authlib (with requests and joserfc) costs every Django process,
    # the CLI's included, about 0.3 s of CPU to import, and only sign-in needs it.
    from authlib.integrations.django_client import OAuth

    oauth = OAuth()
    return oauth.register(
        "yjaudit_oidc",
        server_metadata_url=metadata_url,
        client_id=client_id,
        client_secret=client_secret,
        client_kwargs={
            "scope": scope,
            "code_challenge_method": "S256",
            "default_timeout": int(_setting("TIMEOUT_SECONDS", 10)),
        },
    )


def client() -> Any:
    """The provider's client, from settings (one per configuration; metadata cached)."""
    return _client(
        str(_setting("METADATA_URL")),
        str(_setting("CLIENT_ID")),
        str(_setting("CLIENT_SECRET")),
        str(_setting("SCOPE", "openid email profile")),
    )


def claims_from_callback(request: HttpRequest) -> Mapping[str, Any]:
    """The verified ID token's claims of the sign-in this callback completes.

    Any failure (a provider error, a state or nonce that does not match, a bad signature,
    another audience or issuer, an expired token, no ID token) refuses; the reason goes to
    the log by type only (the claims may hold the person's address)."""
    app = client()
    try:
        issuer = app.load_server_metadata()["issuer"]
        token = app.authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "values": [issuer]},
                "aud": {"essential": True, "values": [app.client_id]},
                "exp": {"essential": True},
                "sub": {"essential": True},
            },
            leeway=int(_setting("LEEWAY_SECONDS", 60)),
        )
    except Exception as exc:  # authlib, joserfc and requests raise many kinds
        log.warning("single sign-on refused: %s", type(exc).__name__)
        raise SsoRefused(_("The sign-in could not be checked. Try again.")) from None
    claims = token.get("userinfo") if isinstance(token, dict) else None
    if not claims:
        log.warning("single sign-on refused: no ID token")
        raise SsoRefused(_("The sign-in could not be checked. Try again."))
    return dict(claims)


def verified_email(claims: Mapping[str, Any]) -> str:
    """The person's e-mail address if the provider vouches for it, else ""."""
    email = str(claims.get(_setting("EMAIL_CLAIM", "email")) or "").strip().lower()
    domains = [d.lower() for d in _setting("EMAIL_DOMAINS", [])]
    if domains and email.rpartition("@")[2] not in domains:
        return ""
    verified_claim = _setting("EMAIL_VERIFIED_CLAIM", "email_verified")
    if not verified_claim:
        # No such claim (Entra ID's `upn`): the address is trusted only inside the listed
        # domains, which the organisation's own tenant controls.
        return email if domains and "@" in email else ""
    if claims.get(verified_claim) not in (True, "true", "True", 1):
        return ""
    return email


def used_mfa(claims: Mapping[str, Any]) -> bool:
    """The ID token says the provider used multi-factor authentication (`amr`)."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    accepted = set(_setting("MFA_AMR_VALUES", ["mfa"]))
    return any(str(value) in accepted for value in amr)


def second_factor_passed(request: HttpRequest) -> bool:
    """This session passed a second factor: local TOTP (django-otp), or the identity
    provider's MFA at this session's single sign-on."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    verified = getattr(user, "is_verified", None)
    if callable(verified) and verified():
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(MFA_SESSION_KEY) == str(user.pk))
