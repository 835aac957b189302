import pytest
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.models import Service, StaffMember, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    a = Service.objects.create(name="Alpha", code="ALPHA", nation="england")
    b = Service.objects.create(name="Beta", code="BETA", nation="wales")
    team_a = Team.objects.create(service=a, name="North")
    team_b = Team.objects.create(service=b, name="Valleys")
    StaffMember.objects.create(service=a, name="Sam", team=team_a)
    StaffMember.objects.create(service=b, name="Bea", team=team_b)
    admin_a = make_user("admin@a.example", service=a, roles=["administrator"])
    return a, b, team_a, team_b, admin_a


def _client(user):
    return verified_login(Client(), user)


def test_lists_are_scoped_to_the_users_services(setup):
    _a, _b, _team_a, team_b, admin_a = setup
    client = _client(admin_a)
    services = client.get("/api/v1/services/").json()
    assert [s["code"] for s in services["results"]] == ["ALPHA"]
    staff = client.get("/api/v1/staff/").json()
    assert [s["name"] for s in staff["results"]] == ["Sam"]
    assert client.get("/api/v1/services/BETA/").status_code == 404
    assert client.get(f"/api/v1/teams/{team_b.pk}/").status_code == 404


def test_create_in_another_service_is_refused_without_leaking(setup):
    _a, b, _team_a, _team_b, admin_a = setup
    client = _client(admin_a)
    response = client.post(
        "/api/v1/teams/", {"service": b.pk, "name": "Sneaky"}, content_type="application/json"
    )
    missing = client.post(
        "/api/v1/teams/", {"service": 99999, "name": "Sneaky"}, content_type="application/json"
    )
    assert response.status_code == missing.status_code == 400
    assert response.json()["service"] == [
        m.replace("99999", str(b.pk)) for m in missing.json()["service"]
    ]
    assert not Team.objects.filter(name="Sneaky").exists()


def test_staff_created_and_changed_through_services_with_audit(setup):
    a, _b, team_a, team_b, admin_a = setup
    client = _client(admin_a)
    response = client.post(
        "/api/v1/staff/",
        {"service": a.pk, "name": "New Person", "role": "case_manager", "team": team_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert AuditEvent.objects.filter(action="staff.create", object_id=str(pk)).exists()
    response = client.patch(
        f"/api/v1/staff/{pk}/", {"team": team_b.pk}, content_type="application/json"
    )
    assert response.status_code == 400  # a team of another service
    response = client.patch(
        f"/api/v1/staff/{pk}/", {"active": False}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["active"] is False
    event = AuditEvent.objects.get(action="staff.update", object_id=str(pk))
    assert event.before["active"] is True and event.after["active"] is False


def test_read_only_roles_cannot_write(setup):
    a, _b, team_a, _team_b, _admin_a = setup
    inspector = make_user("insp@a.example", service=a, roles=["inspector"])
    client = _client(inspector)
    assert client.get("/api/v1/staff/").status_code == 200
    response = client.patch(
        f"/api/v1/teams/{team_a.pk}/", {"name": "Renamed"}, content_type="application/json"
    )
    # Visible but not theirs to change: 403; a missing id is 404.
    assert response.status_code == 403
    missing = client.patch("/api/v1/teams/99999/", {"name": "x"}, content_type="application/json")
    assert missing.status_code == 404
    # An inspector here cannot learn about another service's team: 404.
    team_b = Team.objects.get(name="Valleys")
    hidden = client.patch(
        f"/api/v1/teams/{team_b.pk}/", {"name": "x"}, content_type="application/json"
    )
    assert hidden.status_code == 404
    # Administrator elsewhere, inspector here: sees the team, may not change it: 403.
    mixed = make_user("mixed@a.example", service=a, roles=["inspector"])
    from yjaudit.organisations.models import RoleGrant

    RoleGrant.objects.create(
        user=mixed, service=Service.objects.get(code="BETA"), role="administrator"
    )
    response = _client(mixed).patch(
        f"/api/v1/teams/{team_a.pk}/", {"name": "Renamed"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Team.objects.get(pk=team_a.pk).name == "North"
    board = make_user("board@a.example", service=a, roles=["board_member"])
    assert _client(board).get("/api/v1/staff/").status_code == 403


def test_schema_and_docs_list_the_endpoints(setup):
    *_, admin_a = setup
    client = _client(admin_a)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/staff/" in schema.json()["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"/api/v1/teams/" in docs.content


def test_audit_events_are_readable_by_admins_only_and_never_writable(setup):
    a, _b, team_a, team_b, admin_a = setup
    from yjaudit.audittrail.services import record

    record(actor=None, action="team.update", target=team_a, after={"name": "North"})
    hidden = record(actor=None, action="team.update", target=team_b, after={"name": "V"})
    client = _client(admin_a)
    events = client.get("/api/v1/audit-events/?action=team.").json()["results"]
    assert [e["service"] for e in events] == ["ALPHA"]
    assert client.get(f"/api/v1/audit-events/{hidden.pk}/").status_code == 404
    mine = events[0]["id"]
    assert client.delete(f"/api/v1/audit-events/{mine}/").status_code == 405
    assert client.patch(f"/api/v1/audit-events/{mine}/", {}).status_code == 405
    assert client.post("/api/v1/audit-events/", {}).status_code == 405
    qa = make_user("qa@a.example", service=a, roles=["qa_lead"])
    assert _client(qa).get("/api/v1/audit-events/").status_code == 403
