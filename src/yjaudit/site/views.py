"""The home page. Error pages are the 400/403/404/500 templates Django renders itself."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import navigation, worklist

# Navigation entries that are not areas of work (or have their own paragraph on the page).
_NOT_AREAS = {"web:home", "frameworks:list", "accounts:account", "accounts:login"}


def home(request: HttpRequest) -> HttpResponse:
    skip = {navigation.optional_url(name) for name in _NOT_AREAS}
    areas = [item for item in navigation.items_for(request) if item["url"] not in skip]
    return render(
        request,
        "site/home.html",
        {
            "areas": areas,
            "login_url": navigation.optional_url("accounts:login"),
            "sections": worklist.sections(request.user) if request.user.is_authenticated else [],
            "missing_links": worklist.missing_links(request.user),
        },
    )
