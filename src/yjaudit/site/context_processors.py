"""What every page's header shows of the site: the service navigation and the sign-out
link, given to the UI kit's `{% service_navigation %}` tag (web/templatetags/govuk.py),
and how to find the page's breadcrumbs, for its `{% site_breadcrumbs %}` tag."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import navigation, trail


def service_navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_navigation_items": navigation.items_for(request),
        "service_navigation_logout_url": navigation.optional_url("accounts:logout"),
        # Called by the tag with the page's context: the trail needs the view's objects.
        "site_breadcrumbs_for": trail.crumbs_for,
    }
