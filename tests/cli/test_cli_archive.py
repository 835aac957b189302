"""`yjaudit rounds|plans|cases archive|restore` (and plans findings|actions), each with
--reason: the change is made through the services (trail rows, actor the system);
refusals are bad input, one line, exit 2."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.factories import make_caseload, make_service
from yjaudit.audits.models import AuditRound
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.models import Case
from yjaudit.improvement import services as plans

from .conftest import Run, assert_bad_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def things(db):
    from yjaudit.frameworks.selectors import get_current_edition
    from yjaudit.frameworks.services import sync_bundled_frameworks

    sync_bundled_frameworks()
    service = make_service("DERBY", "Derby YJS")
    make_caseload(service, 3)
    audit_round = AuditRound.objects.create(
        service=service,
        framework_edition=get_current_edition("hmip-youth-2021"),
        name="Spring",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 6, 30),
        sample_rule="fixed-n",
        requested_size=3,
    )
    plan = plans.create_plan(
        actor=None,
        service=service,
        title="Plan",
        source_kind="inspection",
        inspection_name="Inspection",
        published_on=dt.date(2024, 1, 10),
    )
    rec = plans.add_recommendation(actor=None, plan=plan, text="Oversight")
    action = plans.add_action(actor=None, plan=plan, recommendation=rec, description="Do it")
    finding = plans.add_finding(actor=None, plan=plan, kind="strength", text="Good")
    return {"round": audit_round, "plan": plan, "action": action, "finding": finding}


def test_archive_and_restore_each_thing(run: Run, things) -> None:
    rid = str(things["round"].pk)
    result = run("rounds", "archive", rid, "--reason", "Set up twice")
    assert result.exit_code == 0 and result.output == f"Round {rid} archived.\n"
    things["round"].refresh_from_db()
    assert things["round"].archive_reason == "Set up twice"
    assert run("rounds", "restore", rid).exit_code == 0
    for group, key in (
        (("plans",), "plan"),
        (("plans", "findings"), "finding"),
        (
            ("plans", "actions"),
            "action",
        ),
    ):
        ident = str(things[key].pk)
        assert run(*group, "archive", ident, "--reason", "Old").exit_code == 0
        things[key].refresh_from_db()
        assert things[key].archived_at is not None
        assert run(*group, "restore", ident, "--reason", "Back").exit_code == 0
    reference = Case.objects.first().reference
    assert (
        run("cases", "archive", reference, "--service", "DERBY", "--reason", "Dup").exit_code == 0
    )
    assert Case.objects.get(reference=reference).archived_at is not None
    assert run("cases", "restore", reference, "--service", "DERBY").exit_code == 0
    done = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "round.archive",
        "round.restore",
        "plan.archive",
        "plan.restore",
        "plan.finding_archive",
        "plan.finding_restore",
        "plan.action_archive",
        "plan.action_restore",
        "case.archive",
        "case.restore",
    } <= done
    listed = run("rounds", "list", "--json")
    assert '"archived": false' in listed.output


def test_refusals_are_bad_input(run: Run, things) -> None:
    rid = str(things["round"].pk)
    missing = run("rounds", "archive", rid)
    assert missing.exit_code == 2 and "--reason" in missing.output
    assert_bad_input(
        run("rounds", "archive", rid, "--reason", " "), "Give the reason for archiving."
    )
    assert_bad_input(run("rounds", "restore", rid), "This is not archived.")
    assert_bad_input(
        run("rounds", "archive", "x1", "--reason", "r"),
        ("'x1' is not a round id (a number: see `yjaudit rounds list`)"),
    )
    assert_bad_input(
        run("plans", "archive", "not-a-uuid", "--reason", "r"),
        "'not-a-uuid' is not a plan id (a UUID, shown in its address)",
    )
    assert_bad_input(
        run("cases", "archive", "NOPE", "--service", "DERBY", "--reason", "r"),
        "no case NOPE in DERBY",
    )
