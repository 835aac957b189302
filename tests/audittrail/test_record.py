import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from yjaudit.audittrail.context import RequestContext, _current
from yjaudit.audittrail.models import AppendOnlyError, AuditEvent
from yjaudit.audittrail.services import record, snapshot
from yjaudit.organisations.models import Service, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def service() -> Service:
    return Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")


def test_record_describes_actor_target_and_service(service):
    user = get_user_model().objects.create_user("ann", "ann@example.org")
    team = Team.objects.create(service=service, name="North")
    event = record(actor=user, action="team.create", target=team, after=snapshot(team))
    event.refresh_from_db()
    assert event.actor == user
    assert event.actor_label == "ann"
    assert event.object_type == "organisations.team"
    assert event.object_id == str(team.pk)
    assert event.object_repr == "North"
    assert event.service_id == service.pk
    assert event.after == {"id": team.pk, "service_id": service.pk, "name": "North"}


def test_system_and_anonymous_actors_are_labelled_system(service):
    assert record(actor=None, action="service.update", target=service).actor_label == "system"
    event = record(actor=AnonymousUser(), action="service.update", target=service)
    assert event.actor is None and event.actor_label == "system"
    assert event.service_id == service.pk


def test_request_context_is_recorded(service):
    token = _current.set(RequestContext(request_id="abc123", ip_address="10.0.0.1"))
    try:
        event = record(actor=None, action="service.update", target=service)
    finally:
        _current.reset(token)
    assert (event.request_id, event.ip_address) == ("abc123", "10.0.0.1")


def test_events_cannot_be_changed_or_deleted(service):
    event = record(actor=None, action="service.update", target=service)
    event.action = "service.delete"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x.y")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "service.update"


def test_action_must_be_namespaced(service):
    with pytest.raises(ValueError):
        record(actor=None, action="update", target=service)


def test_snapshot_makes_plain_json_and_can_limit_fields():
    user = get_user_model()(username="bob", date_joined=dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
    data = snapshot(user, fields=["username", "date_joined"])
    assert data == {"username": "bob", "date_joined": "2024-01-02T00:00:00Z"}
    assert "password" not in data


def test_changes_lists_only_differences(service):
    event = record(
        actor=None,
        action="service.update",
        target=service,
        before={"name": "A", "code": "X"},
        after={"name": "B", "code": "X"},
    )
    assert event.changes == [("name", "A", "B")]


def test_snapshot_handles_files_bytes_and_odd_values():
    from django.db.models import FileField
    from django.db.models.fields.files import FieldFile

    team = Team(name="X")
    team.name = FieldFile(team, FileField(), "evidence/a.pdf")
    assert snapshot(team, fields=["name"]) == {"name": "evidence/a.pdf"}
    team.name = b"abc"
    assert snapshot(team, fields=["name"]) == {"name": "<3 bytes>"}
    team.name = {1, 2}
    assert snapshot(team, fields=["name"])["name"] in ("{1, 2}", "{2, 1}")
