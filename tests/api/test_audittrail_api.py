"""The audit-trail API: the platform operator sees that changes happened, not case values."""

import datetime as dt

import pytest
from django.test import Client
from tests.cases.factories import make_caseload

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.services import record
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    a = Service.objects.create(name="Alpha", code="ALPHA", nation="england")
    b = Service.objects.create(name="Beta", code="BETA", nation="wales")
    [case] = make_caseload(b, 1)
    case.reference = "BETA-CASE-7"
    case.save()
    record(
        actor=None,
        action="case.create",
        target=case,
        after={"reference": "BETA-CASE-7", "note": "beta-case-detail"},
    )
    admin_b = make_user("admin@b.example", service=b, roles=["administrator"])
    admin_a = make_user("admin@a.example", service=a, roles=["administrator"])
    root = make_user("root@example.org", is_superuser=True, is_staff=True)
    return case, admin_a, admin_b, root


def _events(user, **params):
    response = verified_login(Client(), user).get("/api/v1/audit-events/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_platform_operator_gets_who_when_what_without_case_values(trail):
    case, _admin_a, _admin_b, root = trail
    [event] = _events(root, service="BETA", action="case.create")
    assert event["action"] == "case.create"
    assert event["object_type"] == "cases.case" and event["object_id"] == str(case.pk)
    assert event["service"] == "BETA" and event["actor_label"] == "system"
    assert event["values_hidden"] is True
    assert event["before"] is None and event["after"] is None and event["object_repr"] == ""
    detail = verified_login(Client(), root).get(f"/api/v1/audit-events/{event['id']}/")
    assert detail.status_code == 200
    assert b"BETA-CASE-7" not in detail.content and b"beta-case-detail" not in detail.content


def test_the_services_administrator_reads_the_values(trail):
    _case, admin_a, admin_b, _root = trail
    [event] = _events(admin_b, action="case.create")
    assert event["values_hidden"] is False
    assert event["after"]["note"] == "beta-case-detail" and "BETA-CASE-7" in event["object_repr"]
    assert _events(admin_a, service="BETA") == []  # other services: not even the event


def test_search_and_dates_narrow_like_the_page_and_never_reveal_hidden_values(trail):
    _case, _admin_a, admin_b, root = trail
    [event] = _events(admin_b, q="beta-case-detail")
    assert event["action"] == "case.create"
    assert _events(admin_b, q="beta-case-detail nothing-like-this") == []
    # The operator may not read Beta's values, so a search by a value finds nothing
    # (finding it would reveal the reference the row hides).
    assert _events(root, q="BETA-CASE-7") == []
    assert len(_events(root, q="Beta")) >= 1  # the service's name is not hidden
    # A day either side: the row's UK day may differ from its UTC one near midnight.
    day = dt.date.fromisoformat(event["timestamp"][:10])
    around = {"from": str(day - dt.timedelta(days=1)), "to": str(day + dt.timedelta(days=1))}
    assert len(_events(admin_b, **around)) >= 1
    assert _events(admin_b, **{"from": "2001-01-01", "to": "2001-01-02"}) == []


@pytest.mark.parametrize(
    "params",
    [{"from": "31/03/2026"}, {"to": "2026-02-30"}, {"from": "2026-1-1"}, {"q": "x" * 65}],
)
def test_bad_search_or_date_is_a_400_naming_the_parameter(trail, params):
    _case, _admin_a, admin_b, _root = trail
    response = verified_login(Client(), admin_b).get("/api/v1/audit-events/", params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()
