"""Linking a user account to a staff record of a service (audited, one per service)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases.factories import make_people, make_service, make_user, sign_in
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations import selectors, services
from yjaudit.organisations.models import Role, StaffMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    service = make_service()
    _, _, staff = make_people(service)
    admin = make_user("admin", service, Role.ADMINISTRATOR)
    admin.first_name, admin.last_name = "Priya", "Shah"
    admin.save()
    prac = make_user("prac@example.org", service, Role.PRACTITIONER)
    prac.first_name, prac.last_name = "Jordan", "Lee"
    prac.save()
    return service, staff, admin, prac


def test_link_records_an_audit_event_and_moves_the_link(setting):
    service, staff, admin, prac = setting
    services.staff_link_account(actor=admin, service=service, user=prac, staff=staff[0])
    staff[0].refresh_from_db()
    assert staff[0].user == prac
    event = AuditEvent.objects.get(action="staff.link")
    assert event.service_id == service.pk
    # Linking another record moves the link: one staff record per user per service.
    services.staff_link_account(actor=admin, service=service, user=prac, staff=staff[1])
    assert list(StaffMember.objects.filter(user=prac)) == [staff[1]]
    assert AuditEvent.objects.filter(action="staff.unlink").count() == 1
    # None unlinks.
    services.staff_link_account(actor=admin, service=service, user=prac, staff=None)
    assert not StaffMember.objects.filter(user=prac).exists()
    assert AuditEvent.objects.filter(action="staff.unlink").count() == 2


def test_link_refuses_another_service_and_a_taken_record(setting):
    service, staff, admin, prac = setting
    other = make_service("LEEDS", "Leeds YJS")
    _, _, leeds_staff = make_people(other)
    with pytest.raises(ValidationError):
        services.staff_link_account(actor=admin, service=service, user=prac, staff=leeds_staff[0])
    someone = make_user("someone", service, Role.PRACTITIONER)
    services.staff_link_account(actor=admin, service=service, user=someone, staff=staff[0])
    with pytest.raises(ValidationError):
        services.staff_link_account(actor=admin, service=service, user=prac, staff=staff[0])
    staff[0].refresh_from_db()
    assert staff[0].user == someone


def test_missing_staff_links_names_the_administrators(setting):
    service, staff, admin, prac = setting
    [missing] = selectors.missing_staff_links(prac)
    assert missing.service == service
    assert missing.administrators == ["Priya Shah"]
    services.staff_link_account(actor=admin, service=service, user=prac, staff=staff[0])
    assert selectors.missing_staff_links(prac) == []
    assert selectors.missing_staff_links(admin) == []


def test_roles_page_links_the_staff_record_and_staff_page_shows_the_name(setting):
    service, staff, admin, prac = setting
    client = sign_in(Client(), admin)
    url = reverse("accounts:user_roles", args=[prac.pk])
    page = client.get(url).content.decode()
    assert "Staff record in Derby YJS" in page
    assert "Alex Morgan (Case manager)" in page
    response = client.post(
        url, {"form": "staff", "service": str(service.pk), f"l{service.pk}-staff": staff[1].pk}
    )
    assert response.status_code == 302
    staff[1].refresh_from_db()
    assert staff[1].user == prac
    detail = client.get(reverse("organisations:service_detail", args=[service.code]))
    text = detail.content.decode()
    assert "Jordan Lee" in text  # the linked account's name
    assert "prac@example.org" not in text


def test_roles_page_shows_a_refused_link_as_an_error(setting):
    service, staff, admin, prac = setting
    someone = make_user("someone", service, Role.PRACTITIONER)
    services.staff_link_account(actor=admin, service=service, user=someone, staff=staff[0])
    client = sign_in(Client(), admin)
    url = reverse("accounts:user_roles", args=[prac.pk])
    response = client.post(
        url, {"form": "staff", "service": str(service.pk), f"l{service.pk}-staff": staff[0].pk}
    )
    assert response.status_code == 200
    assert "already linked to another account" in response.content.decode()
    staff[0].refresh_from_db()
    assert staff[0].user == someone


def test_invitation_names_a_staff_record_linked_on_acceptance(setting):
    from django.core import mail

    from yjaudit.accounts.models import Invitation
    from yjaudit.accounts.services import invitation_accept

    service, staff, admin, _prac = setting
    client = sign_in(Client(), admin)
    page = client.get(reverse("accounts:invite")).content.decode()
    assert "Sam Patel (Case manager, Derby YJS)" in page
    response = client.post(
        reverse("accounts:invite"),
        {
            "email": "new@example.org",
            "service": service.pk,
            "role": "practitioner",
            "staff": staff[1].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert mail.outbox
    invitation = Invitation.objects.get(email="new@example.org")
    assert invitation.staff == staff[1]
    user = invitation_accept(invitation=invitation, password="a long and unusual pass 42")
    staff[1].refresh_from_db()
    assert staff[1].user == user
    assert AuditEvent.objects.filter(action="staff.link", object_id=str(staff[1].pk)).exists()


def test_invitation_refuses_a_staff_record_of_another_service(setting):
    service, _staff, admin, _prac = setting
    other = make_service("LEEDS", "Leeds YJS")
    make_user("leeds-admin", other, Role.ADMINISTRATOR)
    services.role_grant(actor=None, user=admin, service=other, role=Role.ADMINISTRATOR)
    _, _, leeds_staff = make_people(other)
    client = sign_in(Client(), admin)
    response = client.post(
        reverse("accounts:invite"),
        {
            "email": "new@example.org",
            "service": service.pk,
            "role": "practitioner",
            "staff": leeds_staff[0].pk,
        },
    )
    assert response.status_code == 200
    assert "Choose a staff record of the same service." in response.content.decode()
