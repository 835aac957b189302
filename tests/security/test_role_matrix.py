"""Walks every URL in the project for every kind of user; see matrix.py for the rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.organisations.models import Role, Service, StaffMember, Team

from .matrix import SKIP_PREFIXES, Access, Expect, World, load_registry

SENTINEL = "Alpha Sentinel Youth Justice Service"
REGISTRY = load_registry()


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
            else:
                yield f"{namespace}:[{route}]", route


def all_urls() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for name, route in walk(get_resolver()):
        seen.setdefault(name, route)
    return sorted(seen.items())


URLS = all_urls()
CHECKED = [
    (name, route)
    for name, route in URLS
    if not any(name.startswith(p) for p in SKIP_PREFIXES)
    and not (name in REGISTRY and REGISTRY[name].skip)
]


def test_every_url_is_declared_in_the_matrix() -> None:
    missing = [f"{name} ({route})" for name, route in CHECKED if name not in REGISTRY]
    assert not missing, "Declare these URLs in tests/security/matrix*.py:\n" + "\n".join(missing)


def test_no_stale_matrix_entries() -> None:
    names = {name for name, _ in URLS}
    stale = sorted(set(REGISTRY) - names)
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


@pytest.fixture
def world(db: Any) -> World:
    a = Service.objects.create(name=SENTINEL, code="ALPHA", nation="england")
    b = Service.objects.create(name="Beta Youth Justice Service", code="BETA", nation="wales")
    team = Team.objects.create(service=a, name="North")
    users: dict[str, Any] = {}
    for role in Role.values:
        users[role] = make_user(f"{role}@alpha.example", service=a, roles=[role])
    users["other"] = make_user("admin@beta.example", service=b, roles=["administrator"])
    users["outsider"] = make_user("nobody@example.org")
    own = StaffMember.objects.create(
        service=a, team=team, name="Pat Practitioner", user=users["practitioner"]
    )
    other = StaffMember.objects.create(service=a, team=team, name="Casey Manager")
    StaffMember.objects.create(service=b, name="Bea Beta")
    sentinels = [SENTINEL, "Pat Practitioner", "Casey Manager"]
    return World(a, b, team, own, other, users, sentinels=sentinels)


def _client_for(world: World, principal: str) -> Client:
    client = Client()
    if principal != "anonymous":
        verified_login(client, world.users[principal])
    return client


def _expected(expect: Expect, access: Access, principal: str) -> str:
    """'allow', 'refuse' or 'hide' (404) for this principal."""
    if access.public:
        return "allow"
    if principal == "anonymous":
        return "refuse"
    if access.signed_in:
        return "allow"
    if principal == "outsider":
        return "refuse"
    if principal == "other":
        if expect.is_scoped:
            return "hide"
        return "allow" if "administrator" in access.roles else "refuse"
    return "allow" if principal in access.roles else "refuse"


def _is_login_redirect(response: Any) -> bool:
    if response.status_code not in (301, 302, 303):
        return False
    location = response.get("Location", "")
    return any(p in location for p in ("/accounts/sign-in/", "/admin/login/"))


def _verdict(response: Any, is_api: bool, method: str) -> str:
    status = response.status_code
    if status == 404:
        return "hide"
    if status in (401, 403) or _is_login_redirect(response):
        return "refuse"
    if status == 405:
        return "method-not-allowed"
    if status < 400 or (status == 400 and method != "get"):
        return "allow"
    return f"error-{status}"


def _request(client: Client, method: str, url: str, data: dict[str, Any], is_api: bool) -> Any:
    if method == "get":
        return client.get(url)
    if is_api:
        return getattr(client, method)(url, data=data, content_type="application/json")
    return getattr(client, method)(url, data=data)


PRINCIPALS = ["anonymous", *Role.values, "other", "outsider"]


@pytest.mark.parametrize(("name", "route"), CHECKED, ids=[n for n, _ in CHECKED])
def test_role_matrix(name: str, route: str, world: World) -> None:
    expect = REGISTRY.get(name)
    assert expect is not None, f"{name} ({route}) has no role matrix entry"
    methods = expect.methods()
    assert methods, f"{name}: declare at least one method"
    kwargs = expect.kwargs(world) if expect.kwargs else {}
    url = reverse(name, kwargs=kwargs) if kwargs else reverse(name)
    is_api = url.startswith("/api/")
    data = expect.data(world) if expect.data else {}
    problems = []
    for principal in PRINCIPALS:
        client = _client_for(world, principal)
        for method, access in methods.items():
            want = _expected(expect, access, principal)
            # Each request runs in a rolled-back transaction: POSTs change nothing for the next.
            with transaction.atomic():
                response = _request(client, method, url, data, is_api)
                transaction.set_rollback(True)
            got = _verdict(response, is_api, method)
            ok = got == want or (want == "refuse" and got == "hide" and principal != "anonymous")
            if not ok:
                problems.append(
                    f"{method.upper()} {url} as {principal}: want {want}, got "
                    f"{got} ({response.status_code})"
                )
            # Public pages may show what their link grants (e.g. an invitation's service).
            if principal in ("other", "outsider") and not access.public:
                body = (
                    b"".join(response.streaming_content)
                    if getattr(response, "streaming", False)
                    else response.content
                )
                leaked = [text for text in world.sentinels if text.encode() in body]
                if leaked:
                    problems.append(f"{method.upper()} {url} as {principal}: leaked {leaked}")
    assert not problems, "\n".join(problems)
