"""The plans API: same permissions as the pages, writes through services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.improvement import services
from yjaudit.improvement.models import Action

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def client(manager: Any) -> Client:
    return verified_login(Client(), manager)


@time_machine.travel(dt.datetime(2026, 10, 5, 10, 0, tzinfo=dt.UTC), tick=True)
def test_create_a_plan_recommendation_action_and_progress(
    client: Client, service: Any, manager_staff: Any
) -> None:
    # "Today" is set: the action due 30 November 2026 is not yet overdue on 5 October.
    r = client.post(
        f"{API}/plans/",
        {
            "service": service.code,
            "title": "API plan",
            "source_kind": "inspection",
            "inspection_name": "Inspection",
            "published_on": "2026-10-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    plan = r.json()
    assert plan["submission_due"] == "2026-10-29"
    r = client.post(
        f"{API}/plan-recommendations/",
        {"plan": plan["id"], "text": "Oversight"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    rec = r.json()
    r = client.post(
        f"{API}/plan-actions/",
        {
            "plan": plan["id"],
            "recommendation": rec["id"],
            "description": "Workshop",
            "due_date": "2026-11-30",
            "lead_staff": manager_staff.pk,
            "status": "completed",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    action = r.json()
    assert (action["label"], action["status"], action["overdue"]) == ("1", "not_started", False)
    r = client.post(
        f"{API}/plan-progress/",
        {
            "action": action["id"],
            "status": "in_progress",
            "note": "Dates set",
            "evidence": SimpleUploadedFile("register.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert r.status_code == 201, r.content
    files = r.json()["evidence_files"]
    assert files[0]["url"].startswith("/plans/evidence/")
    assert client.get(files[0]["url"]).status_code == 200
    r = client.get(f"{API}/plan-actions/{action['id']}/")
    assert r.json()["status"] == "in_progress"
    bad = client.post(
        f"{API}/plan-progress/",
        {
            "action": action["id"],
            "status": "completed",
            "evidence": SimpleUploadedFile("x.pdf", b"not a pdf"),
        },
    )
    assert bad.status_code == 400 and "evidence" in bad.json()
    assert AuditEvent.objects.filter(action__startswith="plan.").count() >= 5


def test_other_services_see_nothing(inspection_plan: Any, manager: Any, other_service: Any) -> None:
    rec = services.add_recommendation(actor=manager, plan=inspection_plan, text="R")
    act = services.add_action(
        actor=manager,
        plan=inspection_plan,
        recommendation=rec,
        description="A",
        due_date=dt.date(2026, 12, 1),
    )
    stranger = make_user("admin@merton.example", service=other_service, roles=["administrator"])
    client = verified_login(Client(), stranger)
    assert client.get(f"{API}/plans/").json()["results"] == []
    assert client.get(f"{API}/plan-actions/{act.pk}/").status_code == 404
    r = client.post(
        f"{API}/plan-actions/",
        {"plan": str(inspection_plan.pk), "recommendation": str(rec.pk), "description": "X"},
        content_type="application/json",
    )
    assert r.status_code == 400  # the plan "does not exist" for them
    assert Action.objects.count() == 1


def test_board_members_read_but_do_not_write(inspection_plan: Any, service: Any) -> None:
    board = make_user("board@cov.example", service=service, roles=["board_member"])
    client = verified_login(Client(), board)
    assert client.get(f"{API}/plans/{inspection_plan.pk}/").status_code == 200
    r = client.patch(
        f"{API}/plans/{inspection_plan.pk}/", {"title": "Mine now"}, content_type="application/json"
    )
    assert r.status_code in (403, 404)  # refused (the API answers 404 to detail URLs)
    inspection_plan.refresh_from_db()
    assert inspection_plan.title == "CYOS SQS Action Plan 2016"
