"""What every page's header shows of the site: the service navigation and the sign-out
link, given to the UI kit's `{% service_navigation %}` tag (web/templatetags/govuk.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import navigation


def service_navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_navigation_items": navigation.items_for(request),
        "service_navigation_logout_url": navigation.optional_url("accounts:logout"),
    }
