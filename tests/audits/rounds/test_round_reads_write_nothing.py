"""A GET never writes: every round and case-audit page, and their API reads, by every
role, leave the audit trail and every table of the audits app exactly as they were.

(Until issue 9, a read-only inspector's GET of a round's audits page created the case
audits, each an `audit.create` trail row in the inspector's name.)
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from audits.audit_world import build_world
from cases.factories import make_user, sign_in
from yjaudit.audits.case_audits.presenters import RESULT_SECTIONS
from yjaudit.audits.models import AuditRound, CaseAudit, SampledCase
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.models import Role

pytestmark = pytest.mark.django_db

# API reads of rounds, samples and case audits (router basenames).
API_BASENAMES = ("round-", "sample-", "case-audit-", "audit-round-")


def _walk(
    resolver: URLResolver, ns: str = "", params: tuple[str, ...] = ()
) -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for p in resolver.url_patterns:
        own = tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            inner = ns
            if p.namespace:
                inner = f"{ns}:{p.namespace}" if ns else p.namespace
            found += _walk(p, inner, params + own)
        elif isinstance(p, URLPattern) and p.name:
            found.append((f"{ns}:{p.name}" if ns else p.name, [*params, *own]))
    return found


def page_names() -> list[tuple[str, list[str]]]:
    def wanted(name: str) -> bool:
        if name.startswith(("rounds:", "audits:")):
            return True
        return name.startswith("api:") and name[4:].startswith(API_BASENAMES)

    found = {(n, tuple(p)) for n, p in _walk(get_resolver()) if wanted(n)}
    return [(n, list(p)) for n, p in sorted(found)]


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every audits table, and the audit trail."""
    models = [*apps.get_app_config("audits").get_models(), AuditEvent]
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in models}


def urls_for(world: Any, legacy: AuditRound) -> list[str]:
    audit = world.audits[0]
    sampled = audit.sampled_case
    standard = world.round.framework_edition.spec().standards[0].id
    out = []
    for name, params in page_names():
        for round_obj in (world.round, legacy):
            kwargs: dict[str, Any] = {}
            for param in params:
                if param == "format":
                    continue
                if param == "version":
                    kwargs[param] = "v1"
                elif param == "service_code":
                    kwargs[param] = world.service.code
                elif param == "round_pk":
                    kwargs[param] = round_obj.pk
                elif param == "sample_pk":
                    kwargs[param] = round_obj.samples.first().pk
                elif param == "standard_id":
                    kwargs[param] = standard
                elif param == "pk":
                    if name.startswith(("rounds:", "api:round-", "api:audit-round-")):
                        kwargs[param] = round_obj.pk
                    elif name.startswith("api:sample-"):
                        kwargs[param] = sampled.pk
                    else:
                        kwargs[param] = audit.pk
            try:
                url = reverse(name, kwargs=kwargs) if kwargs else reverse(name)
            except NoReverseMatch:  # a router's format-suffix variant
                continue
            out.append(url)
            if name == "audits:results":
                out += [f"{url}?show={s}" for s in RESULT_SECTIONS]
            if name == "api:sample-list":
                out.append(f"{url}?round={round_obj.pk}")
            if name == "api:case-audit-list":
                out.append(f"{url}?round={round_obj.pk}")
    return sorted(set(out))


def test_no_get_of_a_round_or_audit_page_writes_anything_for_any_role():
    world = build_world(n=4)
    # A round drawn before case audits came with the sample (what migration 0005 fixes):
    # its sampled cases have no case audit, and reading must not create them.
    legacy = AuditRound.objects.create(
        service=world.service,
        framework_edition=world.round.framework_edition,
        name="Drawn long ago",
        kind="self-audit",
        period_start=world.round.period_start,
        period_end=world.round.period_end,
        sample_rule="fixed-n",
        requested_size=2,
        status="sampled",
        caseload_size=4,
    )
    for i, a in enumerate(world.audits[:2]):
        SampledCase.objects.create(round=legacy, case=a.case, stratum="all", position=i + 1)
    users = dict(world.users)
    users["inspector"] = make_user("insp", world.service, Role.INSPECTOR)
    users["admin"] = make_user("adm", world.service, Role.ADMINISTRATOR)
    clients = {}
    for role, user in users.items():
        clients[role] = sign_in(Client(), user)
    urls = urls_for(world, legacy)
    assert any("/audits/round/" in u for u in urls) and any("/rounds/" in u for u in urls)
    assert any(u.startswith("/api/") for u in urls)

    before = snapshot()
    statuses: dict[int, int] = {}
    for role, client in clients.items():
        for url in urls:
            response = client.get(url)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            assert response.status_code < 500, (role, url, response.status_code)
    after = snapshot()

    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"GETs wrote to {changed}"
    assert statuses.get(200, 0) > len(urls)  # the pages were really read
    assert not CaseAudit.objects.filter(round=legacy).exists()
