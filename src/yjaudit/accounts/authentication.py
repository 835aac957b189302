"""REST API authentication by named API token (`Authorization: Token <key>`).

Every request re-checks what the web session would check: the token is live (not revoked,
not expired), the account is active, the password is the one the token was issued under,
and, if the user's current roles need two-factor, the token was issued in a verified
session and the user still has a confirmed device. Otherwise the answer is 401 with a
message saying why (never more access than the web session would give).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from yjaudit.organisations.permissions import requires_two_factor

from . import api_keys, services
from .models import ApiToken

KEYWORDS = (b"token", b"bearer")


def refusal(token: ApiToken) -> str | None:
    """Why `token` may not be used now, or None if it may."""
    user = token.user
    if not token.is_live:
        return _("This API token has expired or been revoked.")
    if not user.is_active:
        return _("This account is disabled.")
    if token.password_fingerprint != api_keys.password_fingerprint(user):
        return _("This API token stopped working when the password was changed.")
    if requires_two_factor(user) and (
        not token.two_factor_verified or services.confirmed_device(user) is None
    ):
        return _(
            "Your roles need two-factor authentication. Sign in on the web, set up "
            "two-factor authentication and create a new API token."
        )
    return None


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # not ours: another authenticator (or none) may answer
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the header as: Authorization: Token <token>."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Invalid API token.")) from None
        token = (
            ApiToken.objects.select_related("user").filter(key_hash=api_keys.key_hash(key)).first()
        )
        if token is None:
            raise AuthenticationFailed(_("Invalid API token."))
        problem = refusal(token)
        if problem is not None:
            raise AuthenticationFailed(problem)
        services.api_token_touch(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token scheme in the OpenAPI schema (registered on import)."""

    target_class = "yjaudit.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'API token from "Your account", sent as "Token <token>".',
        }
