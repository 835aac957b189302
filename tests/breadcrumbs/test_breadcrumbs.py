"""Breadcrumbs (issue 16, item 9): every page below the top level has a trail, from a
registry (yjaudit/site/breadcrumbs.py), that links only to what its reader may open and
never names a case the reader may not see."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import yjaudit
from yjaudit.accounts.testing import verified_login
from yjaudit.site import trail
from yjaudit.site.breadcrumbs import HOME, NO_TRAIL, PAGES

# Named URLs that never answer a GET with an HTML page of the site, and why.
NOT_PAGES: dict[str, str] = {
    "set_language": "POST only",
    "operations:healthz": "health check",
    "operations:readyz": "health check",
    "operations:metrics": "metrics for a scraper",
    "frameworks:source": "download",
    "accounts:api_token_revoke": "POST only",
    "accounts:reset_2fa": "POST only",
    "accounts:invitation_revoke": "POST only",
    "audittrail:export": "download",
    "cases:export": "download",
    "cases:import_template": "download",
    "cases:import_victims_template": "download",
    "rounds:restore": "POST only",
    "audits:second_start": "a redirect to the first standard to mark",
    "reports:case_audit_pdf": "download",
    "benchmarking:national_csv": "download",
    "jobs:remake": "POST only",
    "audits:autosave": "POST only (JSON)",
    "audits:details": "POST only",
    "plans:findings_pull": "POST only",
    "plans:export": "download",
    "plans:evidence": "download",
    "reports:download": "download",
    "reports:request_file": "POST only",
    "reports:practitioner_download": "download",
    "monitoring:report_download": "download",
    "practice:summary_download": "download",
    "practice:sheet_download": "download",
    "voice:close": "POST only",
    "jobs:status": "JSON",
    "jobs:download": "download",
    "api:schema": "the API's schema",
}
# Whole namespaces that are not the site's pages: the REST API (its readable list,
# api:docs, is a page) and the Django admin (its own breadcrumbs).
NOT_PAGE_PREFIXES = ("api:", "admin:")


def _walk(resolver: URLResolver, namespace: str = "") -> list[str]:
    names: list[str] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            names += _walk(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


URL_NAMES = set(_walk(get_resolver()))


def _is_page(name: str) -> bool:
    if name == "api:docs":
        return True
    return name not in NOT_PAGES and not name.startswith(NOT_PAGE_PREFIXES)


def test_every_page_below_the_top_level_has_a_breadcrumb_entry() -> None:
    top = set(trail.top_level())
    missing = sorted(
        name
        for name in URL_NAMES
        if _is_page(name) and name not in top and name not in PAGES and name not in NO_TRAIL
    )
    assert not missing, "Add these pages to yjaudit/site/breadcrumbs.py:\n" + "\n".join(missing)


def test_the_registry_names_only_real_pages_and_every_trail_reaches_home() -> None:
    top = set(trail.top_level())
    stale = sorted((set(PAGES) | set(NO_TRAIL) | set(NOT_PAGES)) - URL_NAMES)
    assert not stale, f"entries for URLs that no longer exist: {stale}"
    assert not set(PAGES) & (top | set(NO_TRAIL)), "a page is both registered and top level"
    for name, crumb in PAGES.items():
        assert crumb.label or crumb.label_from, f"{name}: no label"
        assert not crumb.private or crumb.fallback, f"{name}: a private label needs words"
        paths = [[name]]  # every way up, each checked for a loop
        while paths:
            path = paths.pop()
            up = PAGES[path[-1]].parent
            for parent in [up] if isinstance(up, str) else up:
                assert parent == HOME or parent in top or parent in PAGES, f"{name}: {parent}?"
                assert parent not in path, f"{name}: a loop through {parent}"
                if parent in PAGES:
                    paths.append([*path, parent])


def test_templates_never_show_a_back_link_beside_the_trail() -> None:
    """GOV.UK: never a back link and breadcrumbs on one page. Only the pages without a
    trail (the sign-in journey, the public questionnaire) keep their back links."""
    allowed = {
        "accounts/templates/accounts/password_reset.html",
        "voice/templates/voice/public/question.html",
        "voice/templates/voice/public/check.html",
    }
    src = Path(yjaudit.__file__).parent
    found = {
        str(path.relative_to(src))
        for path in src.rglob("*.html")
        if "govuk-back-link" in path.read_text(encoding="utf-8")
    }
    assert found <= allowed, sorted(found - allowed)


NAV = re.compile(r'<nav class="govuk-breadcrumbs[^"]*"[^>]*>(.*?)</nav>', re.S)
ITEM = re.compile(
    r'<li class="govuk-breadcrumbs__list-item">(?:<a [^>]*href="([^"]*)"[^>]*>)?([^<]*)'
)


def crumbs(client: Client, url: str) -> list[tuple[str, str]]:
    """[(label, href or "")] of the page's trail; [] when it has none."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    found = NAV.findall(response.content.decode())
    assert len(found) <= 1
    if not found:
        return []
    return [(label.strip(), href) for href, label in ITEM.findall(found[0])]


@pytest.fixture
def demo(settings: Any, db: Any) -> Any:
    settings.YJAUDIT_DEMO = True
    call_command("seed_demo", verbosity=0)
    from yjaudit.audits import demo as audit_demo
    from yjaudit.audits.models import AuditRound

    return {
        "live": AuditRound.objects.get(name=audit_demo.IN_PROGRESS),
        "done": AuditRound.objects.get(name=audit_demo.SIGNED_OFF),
    }


def _client(email: str) -> Client:
    client = Client()
    verified_login(client, get_user_model().objects.get(email=email))
    return client


@pytest.mark.slow
def test_deep_trails_name_the_path_and_link_each_step(demo: Any) -> None:
    from yjaudit.audits.case_audits.selectors import audit_layout
    from yjaudit.audits.models import CaseAudit
    from yjaudit.improvement.models import Action

    qa = _client("qa@demo.example")
    live = demo["live"]
    audit = CaseAudit.objects.filter(round=live).select_related("case").order_by("pk").first()
    round_trail = [
        ("Home", "/"),
        ("Audit rounds", reverse("rounds:list")),
        (live.name, reverse("rounds:detail", args=[live.pk])),
        ("Case audits", reverse("audits:round", args=[live.pk])),
    ]
    first = audit_layout(audit)[0].id
    standard = reverse("audits:standard", args=[audit.pk, first])
    assert crumbs(qa, standard) == [
        *round_trail,
        (audit.case.reference, reverse("audits:detail", args=[audit.pk])),
    ]
    assert crumbs(qa, reverse("audits:history", args=[audit.pk]))[-1][0] == audit.case.reference
    assert crumbs(qa, reverse("audits:results", args=[live.pk])) == round_trail
    # Top-level pages have none.
    assert crumbs(qa, reverse("rounds:list")) == []
    assert crumbs(qa, "/") == []

    action = Action.objects.select_related("plan").order_by("pk").first()
    plan = action.plan
    assert crumbs(qa, reverse("plans:action_edit", args=[action.pk])) == [
        ("Home", "/"),
        ("Plans", reverse("plans:list")),
        (plan.title, reverse("plans:detail", args=[plan.pk])),
        (f"Action {action.label}", reverse("plans:action", args=[action.pk])),
    ]
    code = live.service.code
    assert crumbs(qa, reverse("practice:uncovered", args=[code])) == [
        ("Home", "/"),
        ("Standards", reverse("practice:index")),
        (live.service.name, reverse("practice:figures", args=[code])),
    ]

    # An auditor sees the case, like the QA lead; a practitioner's lists are top level.
    auditor = _client("auditor@demo.example")
    trail_ = crumbs(auditor, reverse("audits:history", args=[audit.pk]))
    assert trail_[-1] == (audit.case.reference, reverse("audits:detail", args=[audit.pk]))
    practitioner = _client("practitioner@demo.example")
    assert crumbs(practitioner, reverse("cases:list")) == []


@pytest.mark.slow
def test_a_board_members_trail_shows_no_case_and_links_only_what_they_may_open(
    demo: Any,
) -> None:
    from yjaudit.audits.models import CaseAudit

    board = _client("board@demo.example")
    done = demo["done"]
    # The round's pages are closed to board members: their results sit under Reports.
    assert crumbs(board, reverse("audits:results", args=[done.pk])) == [
        ("Home", "/"),
        ("Reports", reverse("reports:index")),
    ]
    assert crumbs(board, reverse("reports:round", args=[done.pk])) == [
        ("Home", "/"),
        ("Reports", reverse("reports:index")),
    ]
    # Were a board member ever on a page below a case audit, the trail would still not
    # name the case, nor link to what they may not open.
    audit = CaseAudit.objects.filter(round=done).select_related("case", "round").first()
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(email="board@demo.example")
    found = trail.trail(request, "audits:history", {"audit": audit, "url": {"pk": audit.pk}})
    labels = [str(c["label"]) for c in found]
    assert audit.case.reference not in " ".join(labels)
    assert labels == ["Home", "Audit rounds", done.name, "Case audits", "Case audit"]
    assert [c["url"] for c in found] == ["/", "", "", "", ""]


def test_a_blind_second_marker_is_never_sent_to_the_first_marks(db: Any) -> None:
    from audits.audit_world import build_world
    from yjaudit.audits.models import AuditStatus, CaseAudit
    from yjaudit.organisations import permissions

    world = build_world(n=2)
    audit = world.audits[0]
    CaseAudit.objects.filter(pk=audit.pk).update(
        auditor=world.users["auditor"], status=AuditStatus.SUBMITTED, moderation_selected=True
    )
    audit.refresh_from_db()
    request = RequestFactory().get("/")
    request.user = world.users["second"]
    assert permissions.is_blind(request.user, audit)
    found = trail.trail(request, "audits:second_done", {"audit": audit, "url": {"pk": audit.pk}})
    # The case audit's page shows the first marks: named (the page names the case) but no link.
    assert found[-1] == {"label": audit.case.reference, "url": ""}
    assert found[-2]["url"] == reverse("audits:round", args=[audit.round_id])
