"""Decisions about one object live in `permissions.py` and the pages and API follow them.

Blind second marking (QA leads included), recording progress on a plan action, and an
administrator resetting someone's two-factor device.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.improvement import services as plan_services
from yjaudit.organisations import permissions
from yjaudit.organisations.models import Role, RoleGrant, Service, StaffMember

pytestmark = pytest.mark.django_db


# -- blind second marking --------------------------------------------------------------


@pytest.fixture
def chosen() -> Any:
    """A submitted case audit, first-marked by the auditor and chosen for second marking."""
    world = build_world()
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes", "FIRSTNOTE") for s in layout for q in s.visible],
    )
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    audit_services.select_for_moderation(
        actor=world.users["qa"], audit_round=world.round, audit_ids=[audit.pk]
    )
    audit.refresh_from_db()
    world.extra["audit"] = audit
    world.extra["layout"] = layout
    return world


def test_a_qa_lead_who_may_second_mark_is_blind_on_pages_and_api(chosen: Any) -> None:
    audit, qa = chosen.extra["audit"], chosen.users["qa"]
    assert permissions.may_second_mark(qa, audit)
    assert permissions.is_blind(qa, audit)
    client = sign_in(APIClient(), qa)
    assert client.get(reverse("audits:detail", args=[audit.pk])).status_code == 403
    assert client.get(reverse("audits:history", args=[audit.pk])).status_code == 403
    body = client.get(f"/api/v1/case-audits/{audit.pk}/").json()
    assert body["answers"] is None
    assert "FIRSTNOTE" not in str(body)
    # The differences list shows first marks too.
    assert client.get(reverse("audits:differences", args=[audit.pk])).status_code == 403
    assert client.get(f"/api/v1/case-audits/{audit.pk}/differences/").status_code == 403


def test_the_first_auditor_and_other_roles_are_not_blind(chosen: Any) -> None:
    audit = chosen.extra["audit"]
    for name in ("auditor", "manager", "board"):
        assert not permissions.is_blind(chosen.users[name], audit), name
    assert not permissions.may_second_mark(chosen.users["auditor"], audit)


def test_once_someone_else_second_marks_a_qa_lead_may_look(chosen: Any) -> None:
    audit, layout = chosen.extra["audit"], chosen.extra["layout"]
    second, qa = chosen.users["second"], chosen.users["qa"]
    audit_services.save_second_marks(
        actor=second, audit=audit, marks=[AnswerInput(layout[0].visible[0].id, "no", "")]
    )
    audit.refresh_from_db()
    assert permissions.is_blind(second, audit)
    assert not permissions.is_blind(qa, audit)
    assert not permissions.may_second_mark(qa, audit)
    client = sign_in(APIClient(), qa)
    assert client.get(reverse("audits:detail", args=[audit.pk])).status_code == 200


def test_a_qa_lead_second_marker_sees_the_first_marks_only_when_done(chosen: Any) -> None:
    audit, layout, qa = chosen.extra["audit"], chosen.extra["layout"], chosen.users["qa"]
    marks = [AnswerInput(q.id, "yes", "") for s in layout for q in s.visible]
    audit_services.save_second_marks(actor=qa, audit=audit, marks=marks)
    audit.refresh_from_db()
    assert permissions.is_blind(qa, audit)
    audit_services.finish_second_marking(actor=qa, audit=audit)
    audit.refresh_from_db()
    assert not permissions.is_blind(qa, audit)
    body = sign_in(APIClient(), qa).get(f"/api/v1/case-audits/{audit.pk}/").json()
    assert "FIRSTNOTE" in str(body["answers"])


# -- recording progress ----------------------------------------------------------------


@pytest.fixture
def plan_world() -> dict[str, Any]:
    a = Service.objects.create(name="A", code="AA", nation="england")
    b = Service.objects.create(name="B", code="BB", nation="wales")
    prac = make_user("prac@a.example", service=a, roles=[Role.PRACTITIONER])
    mine = StaffMember.objects.create(service=a, name="Pat", user=prac)
    other = StaffMember.objects.create(service=a, name="Sam")
    plan = plan_services.create_plan(
        actor=None,
        service=a,
        title="Plan",
        source_kind="inspection",
        inspection_name="Inspection",
        published_on=dt.date(2024, 1, 10),
    )
    rec = plan_services.add_recommendation(actor=None, plan=plan, text="Improve planning")
    led, not_led = (
        plan_services.add_action(
            actor=None, plan=plan, recommendation=rec, description=text, lead_staff=lead
        )
        for text, lead in (("Mine", mine), ("Theirs", other))
    )
    users = {
        "prac": prac,
        "manager": make_user("mgr@a.example", service=a, roles=[Role.MANAGER]),
        "auditor": make_user("aud@a.example", service=a, roles=[Role.AUDITOR]),
        "other_admin": make_user("adm@b.example", service=b, roles=[Role.ADMINISTRATOR]),
    }
    return {"led": led, "not_led": not_led, "users": users}


def test_progress_is_recorded_by_the_right_people_on_the_right_actions(plan_world: Any) -> None:
    users, led, not_led = plan_world["users"], plan_world["led"], plan_world["not_led"]
    assert permissions.may_record_progress(users["prac"], led)
    assert not permissions.may_record_progress(users["prac"], not_led)
    assert permissions.may_record_progress(users["manager"], not_led)
    assert not permissions.may_record_progress(users["auditor"], led)
    assert not permissions.may_record_progress(users["other_admin"], led)


# -- resetting two-factor --------------------------------------------------------------


def test_two_factor_reset_only_for_people_wholly_within_managed_services() -> None:
    a = Service.objects.create(name="A", code="AA", nation="england")
    b = Service.objects.create(name="B", code="BB", nation="wales")
    admin = make_user("admin@a.example", service=a, roles=[Role.ADMINISTRATOR])
    auditor = make_user("aud@a.example", service=a, roles=[Role.AUDITOR])
    both = make_user("both@a.example", service=a, roles=[Role.AUDITOR])
    RoleGrant.objects.create(user=both, service=b, role=Role.AUDITOR)
    staff = make_user("staff@a.example", service=a, roles=[Role.AUDITOR], is_staff=True)
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 16)
    RoleGrant.objects.create(user=root, service=a, role=Role.AUDITOR)
    assert permissions.may_reset_two_factor(admin, auditor)
    assert not permissions.may_reset_two_factor(admin, admin)
    assert not permissions.may_reset_two_factor(admin, both)
    assert not permissions.may_reset_two_factor(admin, staff)
    assert not permissions.may_reset_two_factor(admin, root)
    assert not permissions.may_reset_two_factor(auditor, admin)


def test_the_reset_page_follows_the_decision(client: Any) -> None:
    a = Service.objects.create(name="A", code="AA", nation="england")
    b = Service.objects.create(name="B", code="BB", nation="wales")
    admin = make_user("admin@a.example", service=a, roles=[Role.ADMINISTRATOR])
    both = make_user("both@a.example", service=a, roles=[Role.AUDITOR])
    RoleGrant.objects.create(user=both, service=b, role=Role.AUDITOR)
    alone = make_user("alone@a.example", service=a, roles=[Role.AUDITOR])
    verified_login(client, admin)
    # The roles page offers the reset only where it would be allowed.
    button = "Reset two-factor authentication"
    assert button not in client.get(reverse("accounts:user_roles", args=[both.pk])).content.decode()
    assert button in client.get(reverse("accounts:user_roles", args=[alone.pk])).content.decode()
    assert client.post(reverse("accounts:reset_2fa", args=[both.pk])).status_code == 403
    assert client.post(reverse("accounts:reset_2fa", args=[alone.pk])).status_code == 302
