"""Start-up checks: a typo in the metrics address list fails at deploy, not per request."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def metrics_addresses(**kwargs: Any) -> list[Error]:
    errors = []
    for value in settings.YJAUDIT_METRICS_ALLOWED_IPS:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"YJAUDIT_METRICS_ALLOWED_IPS: {value!r} is not an address or network.",
                    id="operations.E001",
                )
            )
    return errors
