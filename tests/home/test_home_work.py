"""The home page lists each person's own work, and nothing their role may not see."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from audits.audit_world import AuditWorld, build_world
from cases.factories import make_user, sign_in
from yjaudit.audits import worklist
from yjaudit.audits.models import AuditStatus, CaseAudit
from yjaudit.organisations import services as org_services
from yjaudit.organisations.models import Role, RoleGrant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> AuditWorld:
    w = build_world(n=6)
    a = w.audits
    auditor, second = w.users["auditor"], w.users["second"]
    CaseAudit.objects.filter(pk=a[0].pk).update(auditor=auditor)
    CaseAudit.objects.filter(pk=a[1].pk).update(auditor=auditor, status=AuditStatus.RETURNED)
    CaseAudit.objects.filter(pk=a[2].pk).update(auditor=auditor, status=AuditStatus.SUBMITTED)
    CaseAudit.objects.filter(pk=a[3].pk).update(
        auditor=auditor,
        second_marker=second,
        moderation_selected=True,
        status=AuditStatus.SUBMITTED,
    )
    CaseAudit.objects.filter(pk=a[4].pk).update(
        auditor=auditor,
        second_marker=second,
        moderation_selected=True,
        second_marking_done=True,
        status=AuditStatus.SUBMITTED,
    )
    CaseAudit.objects.filter(pk=a[5].pk).update(auditor=auditor, status=AuditStatus.MODERATED)
    return w


def _home(user) -> str:
    client = sign_in(Client(), user)
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, key: str) -> str:
    found = re.search(rf'data-work="{key}">(.*?)</section>', html, re.S)
    assert found, f"no {key} section"
    return found.group(1)


def test_selectors_list_each_persons_work(world: AuditWorld) -> None:
    a, u = world.audits, world.users
    assert [x.pk for x in worklist.audits_to_do(u["auditor"])] == [a[0].pk, a[1].pk]
    assert list(worklist.audits_to_do(u["second"])) == []
    assert [x.pk for x in worklist.second_marking_to_do(u["second"])] == [a[3].pk]
    assert list(worklist.second_marking_to_do(u["auditor"])) == []
    assert [x.pk for x in worklist.differences_to_resolve(u["qa"])] == [a[4].pk]
    assert list(worklist.differences_to_resolve(u["auditor"])) == []
    assert [x.pk for x in worklist.audits_to_sign_off(u["qa"])] == [a[5].pk]
    assert [r.pk for r in worklist.rounds_in_progress(u["qa"])] == [world.round.pk]
    assert list(worklist.rounds_in_progress(u["board"])) == []


def test_selectors_are_scoped_to_the_service(world: AuditWorld) -> None:
    other = build_world(n=2, code="LEEDS")
    # The auditor of another service sees none of Derby's audits, even if named on one.
    CaseAudit.objects.filter(pk=world.audits[0].pk).update(auditor=other.users["auditor"])
    assert list(worklist.audits_to_do(other.users["auditor"])) == []


def test_auditor_home_lists_assigned_audits_to_do_and_returned(world: AuditWorld) -> None:
    html = _home(world.users["auditor"])
    mine = _section(html, "to_do")
    refs = [a.case.reference for a in world.audits]
    assert refs[0] in mine and refs[1] in mine
    assert "Returned with comments" in mine
    assert refs[2] not in mine  # submitted: no longer the auditor's to do
    assert ">2<" in mine
    assert "No second marking is waiting for you." in _section(html, "second_marking")
    assert 'data-work="differences"' not in html  # not a QA lead


def test_second_marker_home(world: AuditWorld) -> None:
    html = _home(world.users["second"])
    assert world.audits[3].case.reference in _section(html, "second_marking")
    assert "No case audits are waiting for you" in _section(html, "to_do")


def test_qa_lead_home_lists_differences_sign_off_and_rounds(world: AuditWorld) -> None:
    html = _home(world.users["qa"])
    diffs = _section(html, "differences")
    assert world.audits[4].case.reference in diffs
    assert reverse("audits:differences", args=[world.audits[4].pk]) in diffs
    sign = _section(html, "sign_off")
    assert world.audits[5].case.reference in sign
    assert reverse("audits:signoff", args=[world.audits[5].pk]) in sign
    rounds = _section(html, "rounds")
    assert reverse("rounds:detail", args=[world.round.pk]) in rounds
    assert "No round has been signed off yet." in _section(html, "reports")


def test_board_member_home_has_no_case_reference(world: AuditWorld) -> None:
    world.round.status = "closed"
    world.round.save()
    html = _home(world.users["board"])
    for audit in world.audits:
        assert audit.case.reference not in html
    reports = _section(html, "reports")
    assert reverse("reports:round", args=[world.round.pk]) in reports
    for key in ("to_do", "second_marking", "differences", "sign_off", "rounds", "own_audits"):
        assert f'data-work="{key}"' not in html


def test_practitioner_home_lists_own_cases_audits_and_nav_count(world: AuditWorld) -> None:
    prac = world.users["practitioner"]
    own = [a for a in world.audits if a.case.case_manager_id == world.staff[0].pk]
    submitted = [a for a in own if a.pk in {world.audits[2].pk, world.audits[4].pk}]
    html = _home(prac)
    section = _section(html, "own_audits")
    for audit in submitted:
        assert audit.case.reference in section
    for audit in world.audits:
        if audit not in own:
            assert audit.case.reference not in html
    assert f"My case audits ({len(worklist.own_case_audits(prac))})" in html
    assert "not linked to a staff record" not in html


def test_practitioner_without_staff_link_is_told_why_and_whom_to_ask(
    world: AuditWorld,
) -> None:
    admin = make_user("derby-admin", world.service, Role.ADMINISTRATOR)
    admin.first_name, admin.last_name = "Priya", "Shah"
    admin.save()
    newcomer = make_user("newcomer", world.service, Role.PRACTITIONER)
    html = _home(newcomer)
    assert "not linked to a staff record in Derby YJS" in html
    assert "Priya Shah" in html
    assert "derby-admin" not in html
    assert "My case audits (0)" in html
    client = sign_in(Client(), newcomer)
    for url in (reverse("audits:mine"), reverse("cases:list")):
        page = client.get(url).content.decode()
        assert "Priya Shah" in page, url

    org_services.staff_link_account(
        actor=admin, service=world.service, user=newcomer, staff=world.staff[1]
    )
    CaseAudit.objects.filter(case__case_manager=world.staff[1]).update(status=AuditStatus.SUBMITTED)
    html = _home(newcomer)
    assert "not linked to a staff record" not in html
    section = _section(html, "own_audits")
    for audit in world.audits:
        if audit.case.case_manager_id == world.staff[1].pk:
            assert audit.case.reference in section


def test_a_qa_lead_is_not_asked_for_a_staff_link(world: AuditWorld) -> None:
    assert RoleGrant.objects.filter(user=world.users["qa"]).exists()
    assert "not linked to a staff record" not in _home(world.users["qa"])


def test_nav_counts_once_per_request(world: AuditWorld) -> None:
    client = sign_in(Client(), world.users["practitioner"])
    client.get(reverse("plans:list"))  # warm sessions and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("plans:list"))
    assert response.status_code == 200
    counts = [q for q in ctx.captured_queries if "COUNT(" in q["sql"] and "caseaudit" in q["sql"]]
    assert len(counts) == 1


def test_nav_count_is_cached_on_the_request(world: AuditWorld, django_assert_num_queries) -> None:
    from django.test import RequestFactory

    from yjaudit.site import navigation
    from yjaudit.site import worklist as site_work

    request = RequestFactory().get("/")
    request.user = world.users["practitioner"]
    first = site_work.count(request, "my_case_audits")
    assert first == worklist.own_case_audits(world.users["practitioner"]).count()
    with django_assert_num_queries(0):
        assert site_work.count(request, "my_case_audits") == first
        labels = [str(i["label"]) for i in navigation.items_for(request)]
    assert f"My case audits ({first})" in labels
