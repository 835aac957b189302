"""Plans, numbering, derived overdue and RAG, governance and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from yjaudit.audittrail.models import AuditEvent
from yjaudit.improvement import clock, selectors, services
from yjaudit.improvement.models import Action, Status

pytestmark = pytest.mark.django_db


def test_submission_deadline_defaults_to_four_weeks_after_publication(
    inspection_plan: Any, service: Any, manager: Any
) -> None:
    assert inspection_plan.submission_due == dt.date(2016, 9, 7)
    custom = services.create_plan(
        actor=manager,
        service=service,
        title="P",
        source_kind="inspection",
        inspection_name="I",
        published_on=dt.date(2016, 8, 10),
        submission_due=dt.date(2016, 10, 3),
    )
    assert custom.submission_due == dt.date(2016, 10, 3)
    event = AuditEvent.objects.get(action="plan.create", object_id=str(custom.pk))
    assert event.after["submission_due"] == "2016-10-03"
    assert event.actor == manager


def test_an_inspection_plan_needs_its_name_and_date(service: Any, manager: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_plan(actor=manager, service=service, title="P", source_kind="inspection")
    assert set(caught.value.message_dict) == {"inspection_name", "published_on"}


def test_a_self_audit_plan_takes_the_round_as_source_framework_and_baseline(
    service: Any, manager: Any, audit_round: Any, other_service: Any, edition: Any
) -> None:
    plan = services.create_plan(
        actor=manager,
        service=service,
        title="Q1",
        source_kind="self-audit",
        audit_round=audit_round,
    )
    assert plan.framework_edition == edition
    assert plan.baseline_round == audit_round
    # Made long after the round ended: due four weeks from the plan's own date, not late.
    assert plan.submission_due == max(audit_round.period_end, clock.today()) + dt.timedelta(days=28)
    from .conftest import make_round

    foreign = make_round(other_service, edition, "Theirs", dt.date(2026, 3, 31))
    with pytest.raises(ValidationError) as caught:
        services.create_plan(
            actor=manager, service=service, title="X", source_kind="self-audit", audit_round=foreign
        )
    assert "audit_round" in caught.value.message_dict


def _rec(plan: Any, manager: Any, text: str = "Oversight") -> Any:
    return services.add_recommendation(actor=manager, plan=plan, text=text)


def test_actions_are_numbered_through_the_plan_with_sub_actions(
    inspection_plan: Any, manager: Any
) -> None:
    r1, r2 = _rec(inspection_plan, manager), _rec(inspection_plan, manager, "Diversity")
    a1 = services.add_action(
        actor=manager, plan=inspection_plan, recommendation=r1, description="A"
    )
    s1 = services.add_action(actor=manager, plan=inspection_plan, recommendation=r1, parent=a1)
    s2 = services.add_action(
        actor=manager, plan=inspection_plan, recommendation=r1, parent=a1, description="B"
    )
    a2 = services.add_action(
        actor=manager, plan=inspection_plan, recommendation=r2, description="C"
    )
    assert [a.label for a in (a1, s1, s2, a2)] == ["1", "1.1", "1.2", "2"]
    with pytest.raises(ValidationError, match="Sub-actions cannot have sub-actions"):
        services.add_action(actor=manager, plan=inspection_plan, recommendation=r1, parent=s1)
    with pytest.raises(ValidationError, match="recommendation"):
        services.add_action(actor=manager, plan=inspection_plan, recommendation=r2, parent=a1)
    with pytest.raises(ValidationError, match="Describe the action"):
        services.add_action(actor=manager, plan=inspection_plan, recommendation=r1)
    with pytest.raises(ValidationError, match="already exists"):
        services.add_action(
            actor=manager, plan=inspection_plan, recommendation=r1, number=2, description="D"
        )


def test_overdue_is_derived_from_the_date_and_status(inspection_plan: Any, manager: Any) -> None:
    rec = _rec(inspection_plan, manager)
    act = services.add_action(
        actor=manager,
        plan=inspection_plan,
        recommendation=rec,
        description="A",
        due_date=dt.date(2026, 9, 30),
    )
    assert not act.is_overdue(dt.date(2026, 9, 30))
    assert act.is_overdue(dt.date(2026, 10, 1))
    assert selectors.rag(act, dt.date(2026, 10, 1)) == "red"
    assert selectors.rag(act, dt.date(2026, 9, 20)) == "amber"  # within 14 days
    assert selectors.rag(act, dt.date(2026, 9, 1)) == "amber"  # not started, within 30
    assert selectors.rag(act, dt.date(2026, 6, 1)) == "green"
    # There is no "overdue" status to set by hand.
    assert "overdue" not in Status.values
    with pytest.raises(ValidationError):
        services.record_progress(actor=manager, action=act, status="overdue")
    services.record_progress(actor=manager, action=act, status="completed", note="Done")
    act.refresh_from_db()
    assert not act.is_overdue(dt.date(2027, 1, 1))
    assert selectors.rag(act, dt.date(2027, 1, 1)) == "green"
    review = services.add_action(
        actor=manager,
        plan=inspection_plan,
        recommendation=rec,
        description="B",
        timescale="To be reviewed November",
        review_date=dt.date(2026, 11, 30),
    )
    assert review.is_overdue(dt.date(2026, 12, 1))


def test_overdue_follows_the_plan_clock_setting(
    inspection_plan: Any, manager: Any, settings: Any
) -> None:
    rec = _rec(inspection_plan, manager)
    act = services.add_action(
        actor=manager,
        plan=inspection_plan,
        recommendation=rec,
        description="A",
        due_date=dt.date(2030, 1, 31),
    )
    assert not act.overdue
    settings.YJAUDIT_PLAN_TODAY = "2030-02-01"
    assert act.overdue
    assert selectors.rag_summary(inspection_plan)["overdue"] == 1


def test_progress_updates_set_status_and_are_audited(inspection_plan: Any, manager: Any) -> None:
    rec = _rec(inspection_plan, manager)
    act = services.add_action(
        actor=manager, plan=inspection_plan, recommendation=rec, description="A"
    )
    services.record_progress(
        actor=manager, action=act, status="in_progress", note="Dates set", on=dt.date(2026, 1, 5)
    )
    act.refresh_from_db()
    assert act.status == Status.IN_PROGRESS
    change = AuditEvent.objects.get(action="plan.action_status")
    assert (change.before["status"], change.after["status"]) == ("not_started", "in_progress")
    with pytest.raises(ValidationError, match="future"):
        services.record_progress(
            actor=manager, action=act, status="completed", on=dt.date.today() + dt.timedelta(days=2)
        )


def test_board_approval_keeps_the_plan_as_it_stood(inspection_plan: Any, manager: Any) -> None:
    rec = _rec(inspection_plan, manager)
    act = services.add_action(
        actor=manager, plan=inspection_plan, recommendation=rec, description="Workshop"
    )
    v1 = services.record_approval(
        actor=manager,
        plan=inspection_plan,
        approved_by="YJ Management Board",
        approved_on=dt.date(2016, 9, 1),
        minute_reference="YJMB 16/42",
    )
    services.update_action(actor=manager, action=act, description="Two workshops")
    v2 = services.record_approval(
        actor=manager,
        plan=inspection_plan,
        approved_by="YJ Management Board",
        approved_on=dt.date(2016, 12, 1),
    )
    assert (v1.version, v2.version) == (1, 2)
    v1.refresh_from_db()
    assert v1.snapshot["recommendations"][0]["actions"][0]["description"] == "Workshop"
    assert v2.snapshot["recommendations"][0]["actions"][0]["description"] == "Two workshops"
    assert AuditEvent.objects.filter(action="plan.approve").count() == 2


def test_concerns_and_measures_must_be_in_the_plans_framework(
    service: Any, manager: Any, audit_round: Any, inspection_plan: Any
) -> None:
    plan = services.create_plan(
        actor=manager,
        service=service,
        title="Q1",
        source_kind="self-audit",
        audit_round=audit_round,
    )
    rec = services.add_recommendation(actor=manager, plan=plan, text="R", concerns=["2.1", "2.1.1"])
    assert rec.concerns == ["2.1", "2.1.1"]
    with pytest.raises(ValidationError, match=r"9\.9"):
        services.add_action(
            actor=manager, plan=plan, recommendation=rec, description="A", measures=["9.9"]
        )
    # An inspection plan without a framework cannot name questions.
    with pytest.raises(ValidationError, match="framework"):
        services.add_recommendation(actor=manager, plan=inspection_plan, text="R", concerns=["2.1"])


def test_my_actions_and_overdue_lists_are_scoped(
    inspection_plan: Any, manager: Any, manager_staff: Any, other_service: Any, settings: Any
) -> None:
    from yjaudit.accounts.testing import make_user

    rec = _rec(inspection_plan, manager)
    mine = services.add_action(
        actor=manager,
        plan=inspection_plan,
        recommendation=rec,
        description="Mine",
        due_date=dt.date(2026, 1, 31),
        lead_staff=manager_staff,
    )
    services.add_action(
        actor=manager,
        plan=inspection_plan,
        recommendation=rec,
        description="Theirs",
        due_date=dt.date(2026, 12, 31),
        lead_name="Someone",
    )
    settings.YJAUDIT_PLAN_TODAY = "2026-02-01"
    assert selectors.my_actions(manager) == [mine]
    assert [a.description for a in selectors.overdue_actions(manager)] == ["Mine"]
    stranger = make_user("mgr@merton.example", service=other_service, roles=["manager"])
    assert selectors.overdue_actions(stranger) == []
    assert selectors.my_actions(stranger) == []
    assert Action.objects.count() == 2


def test_a_sub_action_without_a_date_follows_its_action(inspection_plan: Any, manager: Any) -> None:
    rec = _rec(inspection_plan, manager)
    main = services.add_action(
        actor=manager,
        plan=inspection_plan,
        recommendation=rec,
        description="A",
        timescale="August",
        due_date=dt.date(2016, 8, 31),
    )
    sub = services.add_action(actor=manager, plan=inspection_plan, recommendation=rec, parent=main)
    own = services.add_action(
        actor=manager,
        plan=inspection_plan,
        recommendation=rec,
        parent=main,
        description="Later",
        due_date=dt.date(2016, 12, 31),
    )
    assert sub.deadline == dt.date(2016, 8, 31) and own.deadline == dt.date(2016, 12, 31)
    assert sub.is_overdue(dt.date(2016, 9, 1)) and not own.is_overdue(dt.date(2016, 9, 1))
    assert sub in selectors.open_with_deadline(Action.objects.all())


def test_a_self_audit_plan_made_after_its_round_is_not_born_late(
    service: Any, manager: Any, audit_round: Any
) -> None:
    later = audit_round.period_end + dt.timedelta(days=200)
    with time_machine.travel(dt.datetime(later.year, later.month, later.day, 9, tzinfo=dt.UTC)):
        plan = services.create_plan(
            actor=manager,
            service=service,
            title="Late entry",
            source_kind="self-audit",
            audit_round=audit_round,
        )
        assert plan.submission_due == later + dt.timedelta(days=28)
        assert plan.submission_due > clock.today()


def test_an_inspection_deadline_stays_four_weeks_after_publication(
    service: Any, manager: Any
) -> None:
    # The inspectorate's deadline is a fact of the report: entering the plan later does
    # not move it (the page then rightly says the plan is late).
    plan = services.create_plan(
        actor=manager,
        service=service,
        title="Old inspection",
        source_kind="inspection",
        inspection_name="Inspection",
        published_on=dt.date(2020, 1, 6),
    )
    assert plan.submission_due == dt.date(2020, 2, 3)
