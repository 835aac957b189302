"""Archive and restore plans, findings and actions: the rules, the trail, the pages
(confirmation, no JavaScript), the API and the lists' filters and sorting."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.archiving import ArchiveError
from yjaudit.audittrail.labels import action_label
from yjaudit.audittrail.models import AuditEvent
from yjaudit.improvement import reminders, selectors, services
from yjaudit.organisations.models import Service

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 15)


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel(dt.datetime(2026, 12, 15, 9, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan_world(inspection_plan: Any, manager: Any, manager_staff: Any) -> dict[str, Any]:
    rec = services.add_recommendation(actor=manager, plan=inspection_plan, text="Oversight")

    def add(description: str, **kw: Any) -> Any:
        return services.add_action(
            actor=manager, plan=inspection_plan, recommendation=rec, description=description, **kw
        )

    late = add("Workshop", due_date=dt.date(2026, 12, 1), lead_staff=manager_staff)
    return {
        "plan": inspection_plan,
        "late": late,
        "sub": add("Sub-step", parent=late, lead_staff=manager_staff),
        "soon": add("Audit two per worker", due_date=dt.date(2026, 12, 20), lead_name="Data team"),
        "done": add("Done already", due_date=dt.date(2026, 11, 5), status="completed"),
        "finding": services.add_finding(
            actor=manager, plan=inspection_plan, kind="strength", text="Good oversight"
        ),
    }


@pytest.fixture
def client(manager: Any) -> Client:
    return verified_login(Client(), manager)


# --- services: reasons, refusals, trail rows ---------------------------------------------


def test_archiving_needs_a_reason_and_records_who_when_why(plan_world: Any, manager: Any) -> None:
    action = plan_world["late"]
    with pytest.raises(ValidationError):
        services.archive_action(actor=manager, action=action, reason="   ")
    action.refresh_from_db()
    assert action.archived_at is None
    done = services.archive_action(actor=manager, action=action, reason="Merged into 2")
    assert done.archived_by == manager and done.archive_reason == "Merged into 2"
    assert done.archived_at is not None
    event = AuditEvent.objects.get(action="plan.action_archive")
    assert event.actor == manager and event.service_id == action.plan.service_id
    assert event.before["archived_at"] is None
    assert event.after["archive_reason"] == "Merged into 2"
    assert action_label("plan.action_archive") == "Plan action archived"
    # Twice is refused, clearly; nothing changes.
    with pytest.raises(ArchiveError):
        services.archive_action(actor=manager, action=action, reason="again")
    assert AuditEvent.objects.filter(action="plan.action_archive").count() == 1


def test_restore_clears_the_stamp_and_records_a_row(plan_world: Any, manager: Any) -> None:
    plan = plan_world["plan"]
    with pytest.raises(ArchiveError):
        services.restore_plan(actor=manager, plan=plan)
    services.archive_plan(actor=manager, plan=plan, reason="Superseded by the 2027 plan")
    back = services.restore_plan(actor=manager, plan=plan, reason="Still in use")
    assert back.archived_at is None and back.archived_by is None and back.archive_reason == ""
    event = AuditEvent.objects.get(action="plan.restore")
    assert event.before["archive_reason"] == "Superseded by the 2027 plan"
    assert event.after["restore_reason"] == "Still in use"
    finding = plan_world["finding"]
    services.archive_finding(actor=manager, finding=finding, reason="Duplicate")
    services.restore_finding(actor=manager, finding=finding)
    events = AuditEvent.objects.filter(action__startswith="plan.finding_").order_by("pk")
    assert [e.action for e in events] == [
        "plan.finding_add",
        "plan.finding_archive",
        "plan.finding_restore",
    ]


# --- what an archived action or plan leaves --------------------------------------------


def test_an_archived_action_leaves_reminders_counts_and_figures(
    plan_world: Any, manager: Any
) -> None:
    plan, late = plan_world["plan"], plan_world["late"]
    before = selectors.rag_summary(plan, TODAY)
    assert before["total"] == 4 and before["overdue"] == 2  # the action and its sub-action
    assert {r.action.pk for r in reminders.due_reminders(TODAY)} >= {late.pk}
    assert late in selectors.overdue_actions(manager, TODAY)
    assert late in selectors.my_actions(manager)

    services.archive_action(actor=manager, action=late, reason="Merged into action 2")

    after = selectors.rag_summary(plan, TODAY)
    # The action and its sub-action are out of every figure.
    assert after["total"] == 2 and after["overdue"] == 0 and after["red"] == 0
    reminded = {r.action.pk for r in reminders.due_reminders(TODAY)}
    assert late.pk not in reminded and plan_world["sub"].pk not in reminded
    assert selectors.overdue_actions(manager, TODAY) == []
    assert late not in selectors.my_actions(manager)
    labels = [row.label for block in selectors.plan_table(plan, TODAY) for row in block.rows]
    assert labels == ["2", "3"]
    assert list(selectors.archived_actions(plan)) == [late]


def test_an_archived_plan_takes_its_actions_out_too(plan_world: Any, manager: Any) -> None:
    plan = plan_world["plan"]
    services.archive_plan(actor=manager, plan=plan, reason="Superseded")
    assert reminders.due_reminders(TODAY) == []
    assert selectors.overdue_actions(manager, TODAY) == []
    assert selectors.my_actions(manager) == []
    # Kept whole: nothing is deleted.
    assert plan.actions.count() == 4 and plan.findings.count() == 1


# --- pages -------------------------------------------------------------------------------


def test_archive_an_action_through_the_confirmation_pages(client: Client, plan_world: Any) -> None:
    action = plan_world["late"]
    url = reverse("plans:action_archive", kwargs={"pk": action.pk})
    detail = client.get(reverse("plans:action", kwargs={"pk": action.pk})).content.decode()
    assert url in detail
    ask = client.get(url)
    assert ask.status_code == 200 and "Why are you archiving it?" in ask.content.decode()
    # No reason: an error, nothing written.
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400 and "Give the reason for archiving." in empty.content.decode()
    # Check your answers: says what archiving does; still nothing written.
    check = client.post(url, {"reason": "Merged into action 2"})
    page = check.content.decode()
    assert check.status_code == 200 and 'id="archive-confirm"' in page
    assert "Merged into action 2" in page and "gets no reminders" in page
    action.refresh_from_db()
    assert action.archived_at is None
    # "Change" goes back to the question with the answer kept.
    change = client.post(url, {"reason": "Merged into action 2", "step": "change"})
    assert "Merged into action 2</textarea>" in change.content.decode()
    done = client.post(url, {"reason": "Merged into action 2", "confirm": "yes"})
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.archive_reason == "Merged into action 2"
    plan_page = client.get(done["Location"]).content.decode()
    assert 'id="archived-actions"' in plan_page
    assert reverse("plans:action_restore", kwargs={"pk": action.pk}) in plan_page
    assert "are not counted in these figures" in plan_page
    # Restore: one confirmation page, then back.
    restore = reverse("plans:action_restore", kwargs={"pk": action.pk})
    shown = client.get(restore).content.decode()
    assert "Merged into action 2" in shown and 'id="restore-confirm"' in shown
    assert client.post(restore, {"reason": ""}).status_code == 302
    action.refresh_from_db()
    assert action.archived_at is None


def test_archive_a_plan_and_a_finding(client: Client, plan_world: Any) -> None:
    plan, finding = plan_world["plan"], plan_world["finding"]
    url = reverse("plans:archive", kwargs={"pk": plan.pk})
    client.post(url, {"reason": "Superseded", "confirm": "yes"})
    plan.refresh_from_db()
    assert plan.archived_at is not None
    page = client.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()
    assert 'id="archived-banner"' in page and "Superseded" in page
    assert reverse("plans:restore", kwargs={"pk": plan.pk}) in page
    # Twice: the page says so, it does not fail.
    again = client.get(url).content.decode()
    assert 'id="already-archived"' in again
    furl = reverse("plans:finding_archive", kwargs={"pk": finding.pk})
    # An archived plan is read-only, its findings too: restored first.
    refused = client.post(furl, {"reason": "Duplicate", "confirm": "yes"})
    assert refused.status_code == 400 and "This plan is archived" in refused.content.decode()
    client.post(reverse("plans:restore", kwargs={"pk": plan.pk}), {"reason": ""})
    client.post(furl, {"reason": "Duplicate", "confirm": "yes"})
    page = client.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()
    assert 'id="archived-findings"' in page and 'id="strengths"' not in page


def test_practitioners_and_board_members_may_not_archive(service: Service, plan_world: Any) -> None:
    action = plan_world["late"]
    for role in ("practitioner", "board_member", "auditor"):
        user = make_user(f"{role}@cov.example", service=service, roles=[role])
        c = verified_login(Client(), user)
        url = reverse("plans:action_archive", kwargs={"pk": action.pk})
        assert c.post(url, {"reason": "x", "confirm": "yes"}).status_code in (403, 404)
        detail = c.get(reverse("plans:action", kwargs={"pk": action.pk}))
        assert url not in detail.content.decode()
    action.refresh_from_db()
    assert action.archived_at is None


# --- lists: filters, sorting ---------------------------------------------------------------


def test_plans_list_filters_keep_sort_and_search(
    client: Client, plan_world: Any, service: Service, manager: Any
) -> None:
    def plan(title: str) -> Any:
        return services.create_plan(
            actor=manager,
            service=service,
            title=title,
            source_kind="inspection",
            inspection_name="Inspection",
            published_on=dt.date(2026, 1, 10),
        )

    quiet, old = plan("Quiet plan"), plan("Old plan")
    services.archive_plan(actor=manager, plan=old, reason="Superseded")

    def titles(query: str) -> list[str]:
        page = client.get(reverse("plans:list") + query).content.decode()
        return [t for t in ("CYOS SQS Action Plan 2016", "Quiet plan", "Old plan") if t in page]

    assert titles("") == ["CYOS SQS Action Plan 2016", "Quiet plan"]
    assert titles("?archived=archived") == ["Old plan"]
    assert titles("?archived=all") == ["CYOS SQS Action Plan 2016", "Quiet plan", "Old plan"]
    assert titles("?overdue=on") == ["CYOS SQS Action Plan 2016"]
    assert titles("?status=open") == ["CYOS SQS Action Plan 2016"]
    assert titles("?status=completed") == []
    assert titles("?q=quiet") == ["Quiet plan"]
    # A bad value is shown as a problem with that filter, never a 500.
    assert client.get(reverse("plans:list") + "?status=nonsense&archived=zzz").status_code == 200
    # Sorting links keep the filters.
    page = client.get(reverse("plans:list") + "?archived=all&sort=-title").content.decode()
    assert "archived=all" in page.split('id="plan-table"')[1].split("</thead>")[0]
    assert page.index("Quiet plan") < page.index("Old plan") < page.index("CYOS SQS")
    assert quiet.archived_at is None


def test_the_plans_actions_list_sorts_and_filters(
    client: Client, plan_world: Any, manager: Any
) -> None:
    plan = plan_world["plan"]
    services.archive_action(actor=manager, action=plan_world["soon"], reason="Dropped")
    url = reverse("plans:actions", kwargs={"pk": plan.pk})

    def rows(query: str) -> list[str]:
        page = client.get(url + query).content.decode()
        body = page.split('id="action-table"')[1] if 'id="action-table"' in page else ""
        found = [d for d in ("Workshop", "Sub-step", "Audit two per worker", "Done already")]
        return sorted((d for d in found if d in body), key=body.index)

    assert rows("") == ["Workshop", "Sub-step", "Done already"]
    assert rows("?archived=archived") == ["Audit two per worker"]
    assert rows("?status=completed") == ["Done already"]
    assert rows("?overdue=on") == ["Workshop", "Sub-step"]
    # Ties keep the plan's numbering (reversed with the sort).
    assert rows("?sort=due") == ["Done already", "Workshop", "Sub-step"]
    assert rows("?sort=-status") == ["Sub-step", "Workshop", "Done already"]
    assert rows("?sort=owner&archived=all")[0] == "Done already"
    assert client.get(url + "?sort=zzz&status=zzz").status_code == 200


# --- API -------------------------------------------------------------------------------


def test_api_archive_and_restore(client: Client, plan_world: Any) -> None:
    action = plan_world["late"]
    url = f"/api/v1/plan-actions/{action.pk}/archive/"
    assert client.post(url, {}, content_type="application/json").status_code == 400
    done = client.post(url, {"reason": "Merged"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["archive_reason"] == "Merged"
    again = client.post(url, {"reason": "Merged"}, content_type="application/json")
    assert again.status_code == 409
    detail = client.get(f"/api/v1/plan-actions/{action.pk}/").json()
    assert detail["archived_at"] is not None
    back = client.post(f"/api/v1/plan-actions/{action.pk}/restore/", {}, "application/json")
    assert back.status_code == 200 and back.json()["archived_at"] is None
    finding = plan_world["finding"]
    furl = f"/api/v1/plan-findings/{finding.pk}/archive/"
    assert client.post(furl, {"reason": "Dup"}, "application/json").status_code == 200
    assert client.get(f"/api/v1/plan-findings/?plan={plan_world['plan'].pk}").json()
    plan = plan_world["plan"]
    assert (
        client.post(
            f"/api/v1/plans/{plan.pk}/archive/", {"reason": "Old"}, "application/json"
        ).status_code
        == 200
    )
    schema = client.get("/api/schema/?format=json")
    text = schema.content.decode()
    assert "/api/v1/plans/{id}/archive/" in text and "/api/v1/plan-findings/{id}/restore/" in text
