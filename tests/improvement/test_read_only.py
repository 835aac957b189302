"""An archived plan (and an archived action, or a sub-action of one) is read-only: every
write is refused with a clear message, nothing changes and no trail row is written; the
pages offer no change, the API answers 400, the CLI exits 2; restoring makes it writable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cli.main import main
from yjaudit.improvement import importing, services
from yjaudit.improvement.models import (
    Action,
    Approval,
    EvidenceFile,
    Finding,
    ImprovementPlan,
    ProgressUpdate,
    Recommendation,
    ScrutinyReport,
)
from yjaudit.improvement.services import PlanArchived
from yjaudit.organisations.models import Service

from .coventry import build_xlsx

pytestmark = pytest.mark.django_db

PLAN_ARCHIVED = "This plan is archived. Restore it to change it."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel(dt.datetime(2026, 12, 15, 9, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(inspection_plan: Any, manager: Any, manager_staff: Any) -> dict[str, Any]:
    plan = inspection_plan
    rec = services.add_recommendation(actor=manager, plan=plan, text="Oversight")
    action = services.add_action(
        actor=manager,
        plan=plan,
        recommendation=rec,
        description="Workshop",
        due_date=dt.date(2027, 1, 31),
        lead_staff=manager_staff,
    )
    sub = services.add_action(
        actor=manager, plan=plan, recommendation=rec, parent=action, description="Sub-step"
    )
    finding = services.add_finding(actor=manager, plan=plan, kind="strength", text="Good")
    return {"plan": plan, "rec": rec, "action": action, "sub": sub, "finding": finding}


def state(plan: ImprovementPlan) -> list[Any]:
    """Every row the plan holds, and the trail's length: equal before and after a refusal."""
    return [
        list(ImprovementPlan.objects.filter(pk=plan.pk).values()),
        list(Finding.objects.filter(plan=plan).order_by("pk").values()),
        list(Recommendation.objects.filter(plan=plan).order_by("pk").values()),
        list(Action.objects.filter(plan=plan).order_by("pk").values()),
        list(ProgressUpdate.objects.filter(action__plan=plan).order_by("pk").values()),
        list(EvidenceFile.objects.order_by("pk").values()),
        list(Approval.objects.filter(plan=plan).order_by("pk").values()),
        list(ScrutinyReport.objects.filter(plan=plan).order_by("pk").values()),
        AuditEvent.objects.count(),
    ]


def plan_writes(w: dict[str, Any], actor: Any) -> dict[str, Callable[[], Any]]:
    """Every write to a plan and what it holds, as a person would ask for it."""
    plan, rec, action, finding = w["plan"], w["rec"], w["action"], w["finding"]
    return {
        "edit the plan": lambda: services.update_plan(actor=actor, plan=plan, title="New"),
        "submit": lambda: services.update_plan(
            actor=actor, plan=plan, submitted_on=dt.date(2026, 12, 14)
        ),
        "add a finding": lambda: services.add_finding(
            actor=actor, plan=plan, kind="improvement", text="Supervision"
        ),
        "pull findings": lambda: services.pull_findings(actor=actor, plan=plan),
        "add a recommendation": lambda: services.add_recommendation(
            actor=actor, plan=plan, text="Another"
        ),
        "edit a recommendation": lambda: services.update_recommendation(
            actor=actor, recommendation=rec, text="Changed", owner_role="", concerns=[]
        ),
        "add an action": lambda: services.add_action(
            actor=actor, plan=plan, recommendation=rec, description="More"
        ),
        "add a sub-action": lambda: services.add_action(
            actor=actor, plan=plan, recommendation=rec, parent=action, description="More"
        ),
        "edit an action": lambda: services.update_action(
            actor=actor, action=action, description="Changed"
        ),
        "record progress": lambda: services.record_progress(
            actor=actor, action=action, status="in_progress", note="Booked"
        ),
        "record progress with evidence": lambda: services.record_progress(
            actor=actor,
            action=action,
            status="completed",
            note="Done",
            files=[("minutes.pdf", PDF)],
        ),
        "approve": lambda: services.record_approval(
            actor=actor, plan=plan, approved_by="Board", approved_on=dt.date(2026, 12, 1)
        ),
        "report to scrutiny": lambda: services.add_scrutiny_report(
            actor=actor, plan=plan, reported_on=dt.date(2026, 12, 1), committee="Scrutiny"
        ),
        "archive a finding": lambda: services.archive_finding(
            actor=actor, finding=finding, reason="Duplicate"
        ),
        "archive an action": lambda: services.archive_action(
            actor=actor, action=action, reason="Merged"
        ),
        "import a sheet": lambda: importing.import_plan_sheet(
            actor=actor, plan=plan, data=build_xlsx()
        ),
    }


# --- services ------------------------------------------------------------------------------


def test_an_archived_plan_refuses_every_write_and_changes_nothing(
    world: dict[str, Any], manager: Any, private_media: Any
) -> None:
    plan = world["plan"]
    services.archive_plan(actor=manager, plan=plan, reason="Superseded")
    before = state(plan)
    writes = plan_writes(world, manager)
    for name, write in writes.items():
        error: type[Exception] = (
            importing.PlanImportError if name == "import a sheet" else PlanArchived
        )
        with pytest.raises(error) as refused:
            write()
        assert str(refused.value) == PLAN_ARCHIVED, name
        assert state(plan) == before, name
    assert not any(p.is_file() for p in private_media.rglob("*"))  # no evidence stored


def test_an_archived_plans_archived_items_stay_so_until_the_plan_is_restored(
    world: dict[str, Any], manager: Any
) -> None:
    plan, finding, action = world["plan"], world["finding"], world["action"]
    services.archive_finding(actor=manager, finding=finding, reason="Duplicate")
    services.archive_action(actor=manager, action=action, reason="Merged")
    services.archive_plan(actor=manager, plan=plan, reason="Superseded")
    before = state(plan)
    for restore in (
        lambda: services.restore_finding(actor=manager, finding=finding),
        lambda: services.restore_action(actor=manager, action=action),
    ):
        with pytest.raises(PlanArchived, match="This plan is archived"):
            restore()
    assert state(plan) == before
    services.restore_plan(actor=manager, plan=plan)
    services.restore_finding(actor=manager, finding=finding)
    services.restore_action(actor=manager, action=action)
    assert Finding.objects.get(pk=finding.pk).archived_at is None


def test_restoring_the_plan_makes_it_writable_again(world: dict[str, Any], manager: Any) -> None:
    plan = world["plan"]
    services.archive_plan(actor=manager, plan=plan, reason="Superseded")
    services.restore_plan(actor=manager, plan=plan, reason="Still in use")
    for name, write in plan_writes(world, manager).items():
        if name != "import a sheet":  # its actions' numbers are taken by now
            write()  # none refused
    plan.refresh_from_db()
    assert plan.title == "New" and plan.submitted_on == dt.date(2026, 12, 14)
    assert AuditEvent.objects.filter(action="plan.progress_add").count() == 2


def test_an_archived_action_and_its_sub_actions_take_no_progress_or_edits(
    world: dict[str, Any], manager: Any
) -> None:
    plan, action, sub = world["plan"], world["action"], world["sub"]
    services.archive_action(actor=manager, action=action, reason="Merged into 2")
    before = state(plan)
    refusals = {
        "Action 1 is archived. Restore it to change it.": [
            lambda: services.record_progress(actor=manager, action=action, status="completed"),
            lambda: services.update_action(actor=manager, action=action, description="x"),
            lambda: services.add_action(
                actor=manager, plan=plan, recommendation=world["rec"], parent=action
            ),
        ],
        "Action 1, which this sub-action belongs to, is archived. "
        "Restore action 1 to change this one.": [
            lambda: services.record_progress(actor=manager, action=sub, status="completed"),
            lambda: services.update_action(actor=manager, action=sub, description="x"),
        ],
    }
    for message, writes in refusals.items():
        for write in writes:
            with pytest.raises(PlanArchived) as refused:
                write()
            assert str(refused.value) == message
    assert state(plan) == before
    # The rest of the plan is in use: another action takes progress.
    rec = world["rec"]
    other = services.add_action(actor=manager, plan=plan, recommendation=rec, description="B")
    services.record_progress(actor=manager, action=other, status="in_progress")
    services.restore_action(actor=manager, action=action)
    assert services.record_progress(actor=manager, action=sub, status="completed").pk


# --- pages ---------------------------------------------------------------------------------


def test_the_pages_offer_no_change_and_a_refused_post_is_a_govuk_error(
    world: dict[str, Any], manager: Any, service: Service
) -> None:
    plan, action = world["plan"], world["action"]
    client = verified_login(Client(), manager)
    detail = reverse("plans:detail", kwargs={"pk": plan.pk})
    live = client.get(detail).content.decode()
    assert reverse("plans:edit", kwargs={"pk": plan.pk}) in live and 'id="read-only"' not in live
    services.archive_plan(actor=manager, plan=plan, reason="Superseded")

    page = client.get(detail).content.decode()
    assert 'id="read-only"' in page and PLAN_ARCHIVED in page
    restore = reverse("plans:restore", kwargs={"pk": plan.pk})
    assert f'href="{restore}" id="restore-link"' in page  # in the archive banner above
    for name in ("edit", "import", "finding_add", "recommendation_add", "approval_add"):
        assert reverse(f"plans:{name}", kwargs={"pk": plan.pk}) not in page, name
    for gone in ("plans:finding_archive", "plans:finding_restore"):
        assert reverse(gone, kwargs={"pk": world["finding"].pk}) not in page
    action_page = client.get(reverse("plans:action", kwargs={"pk": action.pk})).content.decode()
    assert PLAN_ARCHIVED in action_page
    assert f'href="{restore}" id="read-only-restore">Restore the plan<' in action_page
    for name in ("progress_add", "action_edit", "action_archive"):
        assert reverse(f"plans:{name}", kwargs={"pk": action.pk}) not in action_page, name

    # A form page asked for anyway says why, with no form to fill in.
    url = reverse("plans:progress_add", kwargs={"pk": action.pk})
    form = client.get(url).content.decode()
    assert "govuk-error-summary" in form and PLAN_ARCHIVED in form
    assert 'id="read-only"' in form and "novalidate" not in form  # no form to fill in
    assert "<title>Error:" in form
    before = state(plan)
    posted = client.post(url, {"status": "completed", "note": "Done"})
    assert posted.status_code == 200
    assert "govuk-error-summary" in posted.content.decode()
    assert PLAN_ARCHIVED in posted.content.decode()
    pulled = client.post(reverse("plans:findings_pull", kwargs={"pk": plan.pk}), follow=True)
    assert PLAN_ARCHIVED in pulled.content.decode()
    assert state(plan) == before

    # Those who may not restore are told it is archived, with no link to restore it.
    board = verified_login(
        Client(), make_user("board@cov.example", service=service, roles=["board_member"])
    )
    shown = board.get(detail).content.decode()
    assert PLAN_ARCHIVED in shown and restore not in shown
    shown = board.get(reverse("plans:action", kwargs={"pk": action.pk})).content.decode()
    assert PLAN_ARCHIVED in shown and restore not in shown


def test_a_refusal_between_the_page_and_the_save_lands_on_the_form(
    world: dict[str, Any], manager: Any
) -> None:
    """The page was shown while the plan was in use; the save comes after the archive."""
    plan = world["plan"]
    client = verified_login(Client(), manager)
    url = reverse("plans:recommendation_add", kwargs={"pk": plan.pk})
    assert "novalidate" in client.get(url).content.decode()
    ImprovementPlan.objects.filter(pk=plan.pk).update(archived_at=timezone.now())
    answer = client.post(url, {"text": "Another"}).content.decode()
    assert "govuk-error-summary" in answer and PLAN_ARCHIVED in answer
    assert plan.recommendations.count() == 1


# --- API and CLI ---------------------------------------------------------------------------


def test_the_api_answers_400_with_the_reason(world: dict[str, Any], manager: Any) -> None:
    plan, action = world["plan"], world["action"]
    client = verified_login(Client(), manager)
    services.archive_plan(actor=manager, plan=plan, reason="Superseded")
    before = state(plan)
    progress = client.post(
        "/api/v1/plan-progress/",
        {"action": str(action.pk), "status": "completed", "note": "Done"},
        content_type="application/json",
    )
    assert progress.status_code == 400 and progress.json() == {"detail": PLAN_ARCHIVED}
    patched = client.patch(
        f"/api/v1/plans/{plan.pk}/",
        {"submitted_on": "2026-12-14"},
        content_type="application/json",
    )
    assert patched.status_code == 400 and patched.json() == {"detail": PLAN_ARCHIVED}
    finding = client.post(
        f"/api/v1/plan-findings/{world['finding'].pk}/archive/",
        {"reason": "Duplicate"},
        content_type="application/json",
    )
    assert finding.status_code == 400 and PLAN_ARCHIVED in str(finding.json())
    assert state(plan) == before
    restored = client.post(f"/api/v1/plans/{plan.pk}/restore/", {}, "application/json")
    assert restored.status_code == 200
    again = client.post(
        "/api/v1/plan-progress/",
        {"action": str(action.pk), "status": "completed", "note": "Done"},
        content_type="application/json",
    )
    assert again.status_code == 201


def test_the_cli_refuses_an_archived_plan_as_bad_input(
    world: dict[str, Any], manager: Any, tmp_path: Any
) -> None:
    plan = world["plan"]
    services.archive_plan(actor=manager, plan=plan, reason="Superseded")
    sheet = tmp_path / "coventry.xlsx"
    sheet.write_bytes(build_xlsx())
    before = state(plan)
    runner = CliRunner()
    imported = runner.invoke(main, ["plans", "import", str(sheet), str(plan.pk)])
    assert imported.exit_code == 2
    assert f"{sheet}: {PLAN_ARCHIVED}" in imported.output and "Traceback" not in imported.output
    archived = runner.invoke(
        main, ["plans", "actions", "archive", str(world["action"].pk), "--reason", "Merged"]
    )
    assert archived.exit_code == 2 and PLAN_ARCHIVED in archived.output
    assert state(plan) == before


def test_the_refusal_speaks_welsh(world: dict[str, Any], manager: Any) -> None:
    from django.utils import translation

    services.archive_plan(actor=manager, plan=world["plan"], reason="Superseded")
    with translation.override("cy"), pytest.raises(PlanArchived) as refused:
        services.add_finding(actor=manager, plan=world["plan"], kind="strength", text="x")
    assert str(refused.value) == "Mae'r cynllun hwn wedi'i archifo. Adferwch ef i'w newid."


def test_a_sub_actions_page_names_the_archived_action_to_restore(
    world: dict[str, Any], manager: Any
) -> None:
    action, sub = world["action"], world["sub"]
    services.archive_action(actor=manager, action=action, reason="Merged")
    client = verified_login(Client(), manager)
    page = client.get(reverse("plans:action", kwargs={"pk": sub.pk})).content.decode()
    assert "Action 1, which this sub-action belongs to, is archived." in page
    restore = reverse("plans:action_restore", kwargs={"pk": action.pk})
    assert f'href="{restore}" id="read-only-restore">Restore action 1<' in page
    assert reverse("plans:progress_add", kwargs={"pk": sub.pk}) not in page
    # The archived action's own page: its banner restores it; no second link.
    own = client.get(reverse("plans:action", kwargs={"pk": action.pk})).content.decode()
    assert "Action 1 is archived. Restore it to change it." in own
    assert 'id="restore-link"' in own and 'id="read-only-restore"' not in own


def test_archiving_an_item_of_an_archived_plan_is_refused_on_its_first_page(
    world: dict[str, Any], manager: Any
) -> None:
    """The archive and restore pages of a finding or action in an archived plan say why at
    once (no reason asked for only to be refused), and a POST changes nothing."""
    plan, finding, action = world["plan"], world["finding"], world["action"]
    services.archive_action(actor=manager, action=world["sub"], reason="Merged")
    services.archive_plan(actor=manager, plan=plan, reason="Superseded")
    client = verified_login(Client(), manager)
    before = state(plan)
    for name, pk in (
        ("plans:finding_archive", finding.pk),
        ("plans:action_archive", action.pk),
        ("plans:action_restore", world["sub"].pk),
    ):
        url = reverse(name, kwargs={"pk": pk})
        page = client.get(url).content.decode()
        assert PLAN_ARCHIVED in page and "govuk-error-summary" in page, name
        assert "<textarea" not in page, name
        posted = client.post(url, {"reason": "Tidy", "confirm": "yes"})
        assert posted.status_code == 400, name
        assert PLAN_ARCHIVED in posted.content.decode(), name
    assert state(plan) == before
