import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.models import Service, StaffMember
from yjaudit.organisations.views_support import (
    get_scoped_object_or_404,
    require_action,
    service_for_action,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    a = Service.objects.create(name="A", code="AA", nation="england")
    b = Service.objects.create(name="B", code="BB", nation="england")
    return a, b


def test_service_for_action_hides_foreign_services_and_refuses_missing_rights(services):
    a, _b = services
    auditor = make_user("aud", service=a, roles=["auditor"])
    assert service_for_action(auditor, "AA", "service.view") == a
    with pytest.raises(PermissionDenied):
        service_for_action(auditor, "AA", "team.manage")
    with pytest.raises(Http404):
        service_for_action(auditor, "BB", "service.view")
    with pytest.raises(Http404):
        service_for_action(auditor, "ZZ", "service.view")


def test_require_action_redirects_anonymous_and_refuses_others(services):
    a, _ = services

    @require_action("user.view")
    def view(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    request.user = make_user("aud", service=a, roles=["auditor"])
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = make_user("adm", service=a, roles=["administrator"])
    assert view(request).status_code == 200


def test_get_scoped_object_or_404(services):
    a, b = services
    manager = make_user("mgr", service=a, roles=["manager"])
    mine = StaffMember.objects.create(service=a, name="Mine")
    theirs = StaffMember.objects.create(service=b, name="Theirs")
    qs = StaffMember.objects.all()
    assert get_scoped_object_or_404(qs, manager, "staff.view", pk=mine.pk) == mine
    with pytest.raises(Http404):
        get_scoped_object_or_404(qs, manager, "staff.view", pk=theirs.pk)


def test_request_id_and_address_reach_the_audit_trail(services):
    a, _ = services
    admin = make_user("adm@a.example", service=a, roles=["administrator"])
    client = verified_login(Client(), admin)
    response = client.post(
        reverse("organisations:team_create", args=["AA"]),
        {"name": "East"},
        HTTP_X_REQUEST_ID="req-123",
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302 and response["X-Request-ID"] == "req-123"
    event = AuditEvent.objects.get(action="team.create")
    assert (event.request_id, event.ip_address, event.actor) == ("req-123", "192.0.2.7", admin)
    # Without a header, an id is made up; an absurd header is replaced.
    response = client.get(reverse("organisations:service_list"), HTTP_X_REQUEST_ID="x" * 500)
    assert len(response["X-Request-ID"]) == 32


def test_unverified_users_reach_only_the_sign_in_pages(services):
    a, _ = services
    user = make_user("aud@a.example", service=a, roles=["auditor"])
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for name in ("organisations:service_list", "accounts:account", "accounts:api_token"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/two-factor/" in response["Location"]
    assert client.get(reverse("accounts:enrol")).status_code == 200
    assert client.get("/api/v1/services/").json() == {
        "detail": "Two-factor authentication required."
    }
