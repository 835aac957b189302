"""The service navigation: one list every page shows.

Apps add an entry with one line in ITEMS. An entry whose URL does not exist yet is
skipped, so the list can name areas before they are built. `visible` decides per
request (e.g. signed-in users only); the permissions module stays the place that
decides who may *use* a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yjaudit.accounts.nav import may, signed_out
from yjaudit.benchmarking.nav import visible as national_nav
from yjaudit.reports.nav import visible as report_nav

from . import worklist


def _always(request: HttpRequest | None) -> bool:
    return True


def signed_in(request: HttpRequest | None) -> bool:
    return bool(request is not None and request.user.is_authenticated)


def _own_cases(request: HttpRequest | None) -> bool:
    """Only a reader of their own cases' audits (a practitioner) is offered "My case
    audits": for an auditor it opened the practitioner's view (issue 16)."""
    return request is not None and worklist.count(request, "my_case_audits") is not None


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    visible: Callable[[HttpRequest | None], bool] = _always
    # A key of `worklist.count`: the label shows the number of items, e.g. "My case audits (3)".
    count: str = ""


ITEMS: list[NavItem] = [
    NavItem("web:home", _("Home")),
    NavItem("frameworks:list", _("Frameworks")),
    NavItem("organisations:service_list", _("Services"), may("service.view")),
    NavItem("cases:list", _("Cases"), may("case.view")),
    NavItem("rounds:list", _("Audit rounds"), may("round.view")),
    NavItem("audits:mine", _("My case audits"), _own_cases, count="my_case_audits"),
    NavItem("plans:list", _("Plans"), may("plan.view")),
    NavItem("reports:index", _("Reports"), report_nav),
    NavItem("monitoring:index", _("Monitoring"), may("monitoring.view")),
    NavItem("voice:index", _("Views"), may("voice.view")),
    NavItem("benchmarking:index", _("Published ratings"), may("benchmark.view")),
    NavItem("benchmarking:national", _("Results across services"), national_nav),
    NavItem("practice:index", _("Standards"), may("practice.view")),
    NavItem("accounts:users", _("Users"), may("user.view")),
    NavItem("audittrail:list", _("Audit trail"), may("audittrail.view")),
    NavItem("jobs:schedule", _("Scheduled work"), may("schedule.view")),
    NavItem("accounts:account", _("Your account"), signed_in),
    NavItem("accounts:login", _("Sign in"), signed_out),
]


def optional_url(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


def items_for(request: HttpRequest | None) -> list[dict[str, Any]]:
    if request is not None and not hasattr(request, "user"):
        # An error page for a request refused before sign-in was read (e.g. a disallowed
        # Host header is a 400 raised before the authentication middleware): no menu.
        return []
    path = request.path if request is not None else ""
    out = []
    for item in ITEMS:
        url = optional_url(item.url_name)
        if not url or not item.visible(request):
            continue
        current = path == url
        # Home is active only on itself; other areas for everything under them.
        active = current or (url != "/" and path.startswith(url))
        label: str | Promise = item.label
        number = worklist.count(request, item.count) if item.count else None
        if number is not None:
            label = f"{item.label} ({number})"
        out.append({"url": url, "label": label, "active": active, "current": current})
    return out
