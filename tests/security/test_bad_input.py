"""Bad input is a 4xx with a clear message, never a 500 (issue 10, item 9).

Each case here was a 500 before: deep JSON (RecursionError), a non-number or a 23-digit id
in a filter or URL (ValueError, OverflowError on SQLite), a disallowed Host header.
"""

from __future__ import annotations

import pytest
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.organisations.models import Service, Team

pytestmark = pytest.mark.django_db

HUGE_ID = "9" * 23


@pytest.fixture
def admin_client() -> Client:
    service = Service.objects.create(name="Alpha", code="ALPHA", nation="england")
    Team.objects.create(service=service, name="North")
    admin = make_user("admin@a.example", service=service, roles=["administrator"])
    return verified_login(Client(raise_request_exception=False), admin)


def test_deeply_nested_json_is_400_on_any_endpoint(admin_client):
    body = "[" * 50_000 + "]" * 50_000
    # The last two name DRF's own JSONParser; the shared mixin swaps in the limited one.
    for url in (
        "/api/v1/teams/",
        "/api/v1/staff/",
        "/api/v1/plan-progress/",
        "/api/v1/case-imports/",
    ):
        response = admin_client.post(url, body, content_type="application/json")
        assert response.status_code == 400, url
        assert "nested more than" in response.json()["detail"]


def test_json_a_little_too_deep_for_the_limit_is_400(admin_client, settings):
    settings.YJAUDIT_LIMITS = {**settings.YJAUDIT_LIMITS, "json_depth": 5}
    body = '{"name": ' + "[" * 5 + "]" * 5 + "}"
    response = admin_client.post("/api/v1/teams/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than 5 levels" in response.json()["detail"]


def test_json_body_over_the_size_limit_is_413(admin_client, settings):
    settings.YJAUDIT_LIMITS = {**settings.YJAUDIT_LIMITS, "request_body_bytes": 100}
    body = '{"name": "' + "x" * 200 + '"}'
    response = admin_client.post("/api/v1/teams/", body, content_type="application/json")
    assert response.status_code == 413
    assert "larger than 100 bytes" in response.json()["detail"]


def test_huge_integer_in_json_is_400(admin_client):
    body = '{"service": ' + "9" * 100_000 + ', "name": "x"}'
    response = admin_client.post("/api/v1/teams/", body, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/api/v1/teams/", "/api/v1/staff/", "/api/v1/audit-events/"])
def test_detail_urls_with_impossible_ids_are_404(admin_client, url):
    for bad in (HUGE_ID, "-1", "0"):
        response = admin_client.get(f"{url}{bad}/")
        assert response.status_code == 404, (url, bad)


def test_audit_event_filters_are_checked(admin_client):
    response = admin_client.get("/api/v1/audit-events/", {"service": "x" * 500})
    assert response.status_code == 400
    assert "service" in response.json()


def test_filters_are_declared_in_the_schema(admin_client):
    schema = admin_client.get("/api/schema/", {"format": "json"}).json()
    params = schema["paths"]["/api/v1/audit-events/"]["get"]["parameters"]
    names = {p["name"] for p in params if p["in"] == "query"}
    assert {"service", "action", "actor"} <= names


def test_disallowed_host_is_400_not_500(settings):
    settings.ALLOWED_HOSTS = ["yjaudit.example"]
    client = Client(raise_request_exception=False)
    for path in ("/", "/api/v1/teams/", "/accounts/login/"):
        response = client.get(path, HTTP_HOST="evil.example")
        assert response.status_code == 400, path


@pytest.mark.parametrize(
    "content",
    [
        b"a: " + b"[" * 20_000 + b"]" * 20_000 + b"\n",
        b"a: " + b"1" * 100_000 + b"\n",
    ],
    ids=["deep", "huge-number"],
)
def test_framework_upload_of_a_bomb_is_400_with_the_problem(content):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    root = make_user("root@example.org", is_superuser=True, is_staff=True)
    client = verified_login(Client(raise_request_exception=False), root)
    upload = SimpleUploadedFile("bomb.yaml", content, content_type="text/yaml")
    response = client.post(reverse("frameworks:upload"), {"file": upload})
    assert response.status_code == 400
    assert b"bomb.yaml:1:" in response.content


@pytest.fixture
def qa_client() -> Client:
    service = Service.objects.create(name="Alpha", code="ALPHA", nation="england")
    qa = make_user("qa@a.example", service=service, roles=["qa_lead"])
    return verified_login(Client(raise_request_exception=False), qa)


@pytest.mark.parametrize(
    ("url", "param", "value"),
    [
        ("/api/v1/cases/", "team", "abc"),
        ("/api/v1/cases/", "service", "abc"),
        ("/api/v1/cases/", "case_manager", HUGE_ID),
        ("/api/v1/case-audits/", "round", HUGE_ID),
        ("/api/v1/samples/", "round", HUGE_ID),
        ("/api/v1/plan-actions/", "plan", "not-a-uuid"),
        ("/api/v1/teams/", "service", "abc"),
    ],
)
def test_filters_named_like_a_foreign_key_are_checked_everywhere(qa_client, url, param, value):
    response = qa_client.get(url, {param: value})
    assert response.status_code == 400, response.content[:300]
    assert param in response.json()


@pytest.mark.parametrize(
    "url", ["/api/v1/cases/", "/api/v1/case-audits/", "/api/v1/rounds/", "/api/v1/samples/"]
)
def test_impossible_ids_in_other_areas_urls_are_404(qa_client, url):
    assert qa_client.get(f"{url}{HUGE_ID}/").status_code == 404
