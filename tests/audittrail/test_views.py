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
    filtered = client.get(url, {"action": "case.import"})
    assert b"1 event" in filtered.content and b"Rows" in filtered.content
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
    page = verified_login(Client(), root).get(reverse("audittrail:list"), {"action": "case.import"})
    assert page.status_code == 200
    assert b"2 events" in page.content and b"Case imported" in page.content
    assert b"beta-only-marker" not in page.content and b"Rows" not in page.content
    assert b"Not shown: you may not see this service's cases." in page.content


def test_administrator_still_reads_values_of_their_service(setup):
    _a, _b, admin = setup
    page = verified_login(Client(), admin).get(
        reverse("audittrail:list"), {"action": "case.import"}
    )
    assert b"Rows" in page.content and b"Not shown" not in page.content


def test_trail_reads_in_words_with_names_for_ids(setup):
    a, _b, admin = setup
    from yjaudit.organisations.models import StaffMember, Team

    team = Team.objects.create(service=a, name="North team")
    lead = StaffMember.objects.create(service=a, team=team, name="Ruth Okafor")
    record(
        actor=admin,
        action="plan.action_update",
        target=a,
        before={"lead_staff_id": None, "team_id": None, "active": False},
        after={"lead_staff_id": lead.pk, "team_id": team.pk, "active": True},
    )
    record(actor=admin, action="role.grant", target=a, after={"role": "qa_lead"})
    html = verified_login(Client(), admin).get(reverse("audittrail:list")).content.decode()
    assert "Plan action changed" in html and "Role granted" in html
    assert "Lead staff</strong>: - &rarr; Ruth Okafor" in html
    assert "Team</strong>: - &rarr; North team" in html
    assert "Active</strong>: No &rarr; Yes" in html
    for code in ("plan.action_update", "role.grant", "lead_staff_id", "team_id", "service_id"):
        assert f">{code}" not in html and f"{code}<" not in html, code
    # The filter offers words; its values are the codes.
    assert '<option value="role.grant">Role granted</option>' in html


def test_csv_export_in_words_scoped_and_safe(setup):
    a, _b, admin = setup
    from yjaudit.organisations.models import Team

    crafted = Team.objects.create(service=a, name="=HYPERLINK(1)")
    record(actor=admin, action="team.create", target=crafted, after={"name": crafted.name})
    client = verified_login(Client(), admin)
    response = client.get(reverse("audittrail:export"), {"action": "team.create"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("When (UTC),Who,Action,Action code")
    assert len(lines) == 2 and "Team created,team.create" in lines[1]
    assert ",'=HYPERLINK(1)," in lines[1]  # a formula is never live in a spreadsheet
    everything = b"".join(client.get(reverse("audittrail:export")).streaming_content)
    assert b"beta-only-marker" not in everything
    assert everything.decode("utf-8-sig").count("\n") == 63  # heading + 62 events of Alpha
    qa = make_user("qa@a.example", service=a, roles=["qa_lead"])
    assert verified_login(Client(), qa).get(reverse("audittrail:export")).status_code == 403
