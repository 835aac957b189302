"""The audit-trail API: the platform operator sees that changes happened, not case values."""

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
