"""API for cases, imports, rounds and samples: same rules as the pages."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yjaudit.audits.rounds.services import create_round
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.models import Case
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Role, Team

from .factories import make_caseload, make_people, make_service, make_user, sign_in

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def derby():
    s = make_service()
    make_people(s)
    return s


@pytest.fixture
def leeds():
    s = make_service("LEEDS", "Leeds YJS")
    make_people(s)
    return s


@pytest.fixture
def qa(client, derby):
    return sign_in(client, make_user("qa", derby, Role.QA_LEAD))


def test_list_filter_retrieve_scoped(qa, derby, leeds):
    make_caseload(derby, 12, seed=3)
    other = make_caseload(leeds, 5)
    data = qa.get(f"{API}/cases/").json()
    assert data["count"] == 12
    assert all(r["service"] == "DERBY" for r in data["results"])
    court = Case.objects.filter(service=derby, disposal_category="court").count()
    assert qa.get(f"{API}/cases/?disposal_category=court").json()["count"] == court
    assert qa.get(f"{API}/cases/{other[0].pk}/").status_code == 404


def test_create_and_update_validated_and_audited(qa, derby, leeds):
    north = Team.objects.get(service=derby, name="North")
    body = {
        "service": "DERBY",
        "reference": "API-1",
        "disposal_type": "dto",
        "start_date": "2024-03-01",
        "team": north.pk,
        "rosh": "high",
    }
    resp = qa.post(f"{API}/cases/", body, content_type="application/json")
    assert resp.status_code == 201, resp.json()
    case = Case.objects.get(reference="API-1")
    assert (case.disposal_category, case.setting, case.resettlement) == ("court", "custody", True)
    assert qa.post(f"{API}/cases/", body, content_type="application/json").status_code == 400
    leeds_team = Team.objects.get(service=leeds, name="North")
    bad = {**body, "reference": "API-2", "team": leeds_team.pk, "rosh": "extreme"}
    errors = qa.post(f"{API}/cases/", bad, content_type="application/json").json()
    assert "team" in errors and "rosh" in errors
    assert (
        qa.post(
            f"{API}/cases/",
            {**body, "service": "LEEDS", "reference": "X"},
            content_type="application/json",
        ).status_code
        == 400
    )
    resp = qa.patch(
        f"{API}/cases/{case.pk}/",
        {"rosh": "low", "end_date": "2024-01-01"},
        content_type="application/json",
    )
    assert resp.status_code == 400  # end before start
    resp = qa.patch(f"{API}/cases/{case.pk}/", {"rosh": "low"}, content_type="application/json")
    assert resp.status_code == 200 and resp.json()["rosh"] == "low"
    event = AuditEvent.objects.filter(action="case.update").latest("pk")
    assert event.before["rosh"] == "high" and event.after["rosh"] == "low"


def test_auditor_may_read_but_not_write(client, derby):
    sign_in(client, make_user("aud", derby, Role.AUDITOR))
    [case] = make_caseload(derby, 1)
    assert client.get(f"{API}/cases/{case.pk}/").status_code == 200
    assert (
        client.patch(
            f"{API}/cases/{case.pk}/", {"rosh": "low"}, content_type="application/json"
        ).status_code
        == 403
    )


def test_import_dry_run_commit_and_rejection(qa, derby, leeds):
    csv = b"Ref,Disposal,Start date\nI1,YRO,01/02/2024\nI2,Youth caution,2024-03-04\n"
    resp = qa.post(
        f"{API}/case-imports/",
        {"service": "DERBY", "dry_run": "true", "file": SimpleUploadedFile("e.csv", csv)},
    )
    assert resp.status_code == 200 and resp.json()["created"] == ["I1", "I2"]
    assert Case.objects.count() == 0
    resp = qa.post(
        f"{API}/case-imports/", {"service": "DERBY", "file": SimpleUploadedFile("e.csv", csv)}
    )
    assert resp.status_code == 201 and Case.objects.count() == 2
    bad = csv + b"I3,YRO,32/01/2024\n"
    resp = qa.post(
        f"{API}/case-imports/", {"service": "DERBY", "file": SimpleUploadedFile("e.csv", bad)}
    )
    assert resp.status_code == 400
    assert resp.json()["problems"][0]["row"] == 4 and resp.json()["written"] is False
    mapping = json.dumps(
        {"reference": "Ref", "disposal_type": "Disposal", "start_date": "Start date"}
    )
    resp = qa.post(
        f"{API}/case-imports/",
        {"service": "LEEDS", "mapping": mapping, "file": SimpleUploadedFile("e.csv", csv)},
    )
    assert resp.status_code == 400 and "service" in resp.json()
    assert Case.objects.count() == 2


def test_rounds_and_samples(qa, derby, leeds):
    make_caseload(derby, 60)
    make_caseload(leeds, 60)
    # A real edition: drawing a sample creates its case audits (the framework's rules).
    sync_bundled_frameworks()
    edition = get_current_edition("sqs-2012")
    leeds_round = create_round(
        actor=None,
        service=leeds,
        framework_edition=edition,
        name="L",
        kind="inspection",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="sqs",
    )
    resp = qa.post(
        f"{API}/rounds/",
        {
            "service": "DERBY",
            "framework_edition": edition.pk,
            "name": "API round",
            "kind": "self-audit",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "sample_rule": "sqs",
        },
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.json()
    rid = resp.json()["id"]
    drawn = qa.post(f"{API}/rounds/{rid}/draw/", {"seed": 11}, content_type="application/json")
    assert drawn.status_code == 200 and drawn.json()["sample_size"] == 20
    samples = qa.get(f"{API}/samples/?round={rid}").json()
    assert samples["count"] == 20
    sid = samples["results"][0]["id"]
    swapped = qa.post(
        f"{API}/samples/{sid}/swap/", {"reason": "Moved away"}, content_type="application/json"
    )
    assert swapped.status_code == 201
    assert qa.get(f"{API}/rounds/{leeds_round.pk}/").status_code == 404
    assert (
        qa.post(
            f"{API}/rounds/{leeds_round.pk}/draw/", {}, content_type="application/json"
        ).status_code
        == 404
    )
    assert [r["id"] for r in qa.get(f"{API}/rounds/").json()["results"]] == [rid]
