import pytest
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.services import record
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    a = Service.objects.create(name="Alpha", code="ALPHA", nation="england")
    b = Service.objects.create(name="Beta", code="BETA", nation="wales")
    admin = make_user("admin@a.example", service=a, roles=["administrator"])
    for i in range(60):
        record(actor=admin, action="team.update", target=a, after={"n": i})
    record(actor=None, action="case.import", target=a, after={"rows": 3})
    record(actor=None, action="case.import", target=b, after={"secret": "beta-only-marker"})
    return a, b, admin


def test_admin_sees_own_services_events_paginated_and_filtered(setup):
    _a, b, admin = setup
    client = verified_login(Client(), admin)
    url = reverse("audittrail:list")
    page = client.get(url)
    assert page.status_code == 200
    assert b"61 events" in page.content and b"Page 1 of 2" in page.content
    assert b"beta-only-marker" not in page.content
    second = client.get(url, {"page": 2})
    assert second.status_code == 200 and b"Page 2 of 2" in second.content
    filtered = client.get(url, {"action": "case."})
    assert b"1 event" in filtered.content and b"rows" in filtered.content
    by_actor = client.get(url, {"actor": "system"})
    assert b"1 event" in by_actor.content
    other = client.get(url, {"service": b.pk})
    assert other.status_code == 200 and b"beta-only-marker" not in other.content
    dated = client.get(url, {"date_from": "01/01/2999"})
    assert b"0 events" in dated.content


def test_trail_cannot_be_posted_to_and_is_admin_only(setup):
    a, _b, admin = setup
    qa = make_user("qa@a.example", service=a, roles=["qa_lead"])
    assert verified_login(Client(), qa).get(reverse("audittrail:list")).status_code == 403
    response = verified_login(Client(), admin).post(reverse("audittrail:list"), {"action": "x"})
    assert response.status_code == 405  # read only


def test_platform_operator_sees_that_changes_happened_but_no_values(setup):
    _a, _b, _admin = setup
    root = make_user("root@example.org", is_superuser=True, is_staff=True)
    page = verified_login(Client(), root).get(reverse("audittrail:list"), {"action": "case."})
    assert page.status_code == 200
    assert b"2 events" in page.content and b"case.import" in page.content
    assert b"beta-only-marker" not in page.content and b"rows" not in page.content
    assert b"Not shown: you may not see this service's cases." in page.content


def test_administrator_still_reads_values_of_their_service(setup):
    _a, _b, admin = setup
    page = verified_login(Client(), admin).get(reverse("audittrail:list"), {"action": "case."})
    assert b"rows" in page.content and b"Not shown" not in page.content
