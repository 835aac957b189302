"""Start-up check: e-mails need absolute links (`YJAUDIT_BASE_URL`) wherever mail leaves."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register

# Backends that keep mail on this machine (tests, the console): relative links are fine.
LOCAL = ("locmem", "console", "dummy", "filebased")


@register(deploy=True)
def base_url(**kwargs: Any) -> list[Warning]:
    sends = settings.YJAUDIT_NOTIFICATIONS_SENDER == "notify" or not any(
        name in settings.EMAIL_BACKEND for name in LOCAL
    )
    if sends and not settings.YJAUDIT_BASE_URL:
        return [
            Warning(
                "YJAUDIT_BASE_URL is not set: links in e-mails would have no site address.",
                hint="Set it to the public address, e.g. https://yjaudit.example.gov.uk.",
                id="notifications.W001",
            )
        ]
    return []
