"""Who may read /metrics: a scraper holding the bearer token, or one at a listed address.

Machine access, not a person's role (roles are decided in yjaudit.organisations.permissions).
Deny by default: with neither a token nor an address configured, nobody may.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _bearer(request: HttpRequest) -> str:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _address_allowed(request: HttpRequest) -> bool:
    # REMOTE_ADDR only: the scraper talks to the node directly, and a forwarded header
    # could be written by anyone.
    try:
        client = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    for allowed in settings.YJAUDIT_METRICS_ALLOWED_IPS:
        if client in ipaddress.ip_network(allowed, strict=False):
            return True
    return False


def may_read_metrics(request: HttpRequest) -> bool:
    token: str = settings.YJAUDIT_METRICS_TOKEN
    if token and hmac.compare_digest(_bearer(request).encode(), token.encode()):
        return True
    return _address_allowed(request)
