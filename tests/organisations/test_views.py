import pytest
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.models import Service, StaffMember, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    a = Service.objects.create(name="Alpha", code="ALPHA", nation="england")
    b = Service.objects.create(name="Gamma", code="GAMMA", nation="wales")
    team = Team.objects.create(service=a, name="North")
    boss = StaffMember.objects.create(service=a, name="Boss", role="operational_manager")
    StaffMember.objects.create(service=b, name="Bea")
    return a, b, team, boss


def test_administrator_adds_and_edits_staff(setup):
    a, _b, team, boss = setup
    admin = make_user("admin@a.example", service=a, roles=["administrator"])
    client = verified_login(Client(), admin)
    url = reverse("organisations:staff_create", args=["ALPHA"])
    response = client.post(
        url,
        {
            "name": "Casey",
            "role": "case_manager",
            "team": team.pk,
            "line_manager": boss.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302
    casey = StaffMember.objects.get(name="Casey")
    assert casey.line_manager == boss and casey.team == team
    edit = reverse("organisations:staff_edit", args=["ALPHA", casey.pk])
    response = client.post(
        edit, {"name": "Casey Jones", "role": "case_manager", "team": "", "line_manager": boss.pk}
    )
    casey.refresh_from_db()
    assert response.status_code == 302 and casey.name == "Casey Jones" and not casey.active
    assert AuditEvent.objects.filter(action="staff.update", object_id=str(casey.pk)).exists()
    # Errors are shown, not raised: a missing name.
    response = client.post(url, {"name": "", "role": "case_manager"})
    assert response.status_code == 200 and b"govuk-error-summary" in response.content


def test_other_services_do_not_exist_for_you(setup):
    a, _b, *_ = setup
    admin = make_user("admin@a.example", service=a, roles=["administrator"])
    client = verified_login(Client(), admin)
    bea = StaffMember.objects.get(name="Bea")
    assert client.get(reverse("organisations:service_detail", args=["GAMMA"])).status_code == 404
    assert client.get(reverse("organisations:service_detail", args=["NOPE"])).status_code == 404
    url = reverse("organisations:staff_edit", args=["ALPHA", bea.pk])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("organisations:service_list"))
    assert b"Alpha" in listing.content and b"Gamma" not in listing.content


def test_practitioner_sees_the_service_but_not_the_staff_list(setup):
    a, *_ = setup
    practitioner = make_user("p@a.example", service=a, roles=["practitioner"])
    client = verified_login(Client(), practitioner)
    page = client.get(reverse("organisations:service_detail", args=["ALPHA"]))
    assert page.status_code == 200 and b"Boss" not in page.content
    assert client.get(reverse("organisations:team_create", args=["ALPHA"])).status_code == 403


def test_team_names_are_unique_per_service(setup):
    a, *_ = setup
    admin = make_user("admin@a.example", service=a, roles=["administrator"])
    client = verified_login(Client(), admin)
    url = reverse("organisations:team_create", args=["ALPHA"])
    assert client.post(url, {"name": "South"}).status_code == 302
    again = client.post(url, {"name": "South"})
    assert again.status_code == 200 and b"already exists" in again.content


def test_administrator_changes_service_details_with_audit(setup):
    a, *_ = setup
    admin = make_user("admin@a.example", service=a, roles=["administrator"])
    client = verified_login(Client(), admin)
    url = reverse("organisations:service_edit", args=["ALPHA"])
    data = {
        "name": "Alpha YJS",
        "nation": "wales",
        "region": "",
        "family_group": "F3",
        "population_10_17": "12000",
    }
    assert client.post(url, data).status_code == 302
    a.refresh_from_db()
    assert (a.name, a.nation, a.population_10_17) == ("Alpha YJS", "wales", 12000)
    event = AuditEvent.objects.get(action="service.update")
    assert event.before["nation"] == "england" and event.after["nation"] == "wales"
    bad = client.post(url, {**data, "population_10_17": "-4"})
    assert bad.status_code == 200 and b"govuk-error-summary" in bad.content
