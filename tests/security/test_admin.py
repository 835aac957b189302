"""The Django admin writes nothing without an audit-trail row: it is read-only, except the
attribute definitions page, which saves through a service that records."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.admin_support import ReadOnlyAdminMixin
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.models import AttributeDefinition
from yjaudit.organisations.models import Role, Service

pytestmark = pytest.mark.django_db

# model label -> why its admin may write (it must then save through a recording service).
WRITES_THROUGH_SERVICES = {
    "cases.AttributeDefinition": "the only way to define further case attributes; "
    "saves through cases.attribute_services, which records",
}


@pytest.fixture
def operator(client: Any) -> Any:
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 16)
    verified_login(client, root)
    return root


def test_every_admin_page_is_read_only() -> None:
    writable = sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, ReadOnlyAdminMixin)
    )
    assert writable == sorted(WRITES_THROUGH_SERVICES)


def test_read_only_admins_refuse_even_a_superuser(operator: Any) -> None:
    request = RequestFactory().get("/admin/")
    request.user = operator
    for model, model_admin in admin.site._registry.items():
        if model._meta.label in WRITES_THROUGH_SERVICES:
            continue
        label = model._meta.label
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label


def test_a_superuser_cannot_make_someone_superuser_in_the_admin(client: Any, operator: Any) -> None:
    person = make_user("person@example.org")
    url = f"/admin/auth/user/{person.pk}/change/"
    assert client.get(url).status_code == 200  # may look
    response = client.post(
        url, {"username": person.username, "is_superuser": "on", "is_staff": "on"}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert not person.is_superuser and not person.is_staff
    assert client.post(f"/admin/auth/user/{person.pk}/delete/", {"post": "yes"}).status_code == 403
    assert get_user_model().objects.filter(pk=person.pk).exists()
    assert client.post(f"/admin/auth/user/{person.pk}/password/", {}).status_code == 403


def test_two_factor_secrets_and_api_tokens_are_not_shown(client: Any, operator: Any) -> None:
    device = TOTPDevice.objects.create(user=operator, name="phone", confirmed=True)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200 and device.key.encode() not in page.content
    listing = client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200 and device.key.encode() not in listing.content
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404


def test_attribute_definitions_saved_in_the_admin_are_recorded(client: Any, operator: Any) -> None:
    service = Service.objects.create(name="A", code="AA", nation="england")
    make_user("admin@a.example", service=service, roles=[Role.ADMINISTRATOR])
    response = client.post(
        "/admin/cases/attributedefinition/add/",
        {
            "service": service.pk,
            "key": "mappa_level",
            "label": "MAPPA level",
            "type": "text",
            "choices": "[]",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    definition = AttributeDefinition.objects.get(service=service, key="mappa_level")
    event = AuditEvent.objects.get(action="case_attribute.create")
    assert event.actor == operator and event.object_id == str(definition.pk)
    assert event.service_id == service.pk and event.after["label"] == "MAPPA level"
    response = client.post(
        f"/admin/cases/attributedefinition/{definition.pk}/change/",
        {
            "service": service.pk,
            "key": "mappa_level",
            "label": "MAPPA",
            "type": "text",
            "choices": "[]",
        },
    )
    assert response.status_code == 302
    change = AuditEvent.objects.get(action="case_attribute.update")
    assert (change.before["label"], change.after["label"]) == ("MAPPA level", "MAPPA")
    delete = client.post(
        f"/admin/cases/attributedefinition/{definition.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 403
