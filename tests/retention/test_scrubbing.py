"""Erasure leaves the erased reference nowhere: trail, plans, kept import rows, jobs."""

from __future__ import annotations

import json
import re

import pytest

from audits.audit_world import build_world
from yjaudit.audittrail.models import AuditEvent
from yjaudit.audittrail.services import record, snapshot
from yjaudit.cases.models import Case, CaseImport
from yjaudit.improvement.models import Action, Finding, ImprovementPlan, Recommendation
from yjaudit.jobs.models import Job
from yjaudit.retention import services
from yjaudit.retention.scrubbing import Replacer

# The erased reference as a whole token, as a reader would find it.
MENTION = re.compile(r"(?<![\w-])yj-77(?![\w-])")


def test_a_reference_is_replaced_only_as_a_whole_token_in_any_case() -> None:
    r = Replacer("YJ-12", "erased-ab")
    assert r.text("Seen YJ-12, yj-12 and (YJ-12).") == "Seen erased-ab, erased-ab and (erased-ab)."
    # Longer references that begin or end with it are other children's cases.
    assert r.text("YJ-123 and XYJ-12 and YJ-12-2") == "YJ-123 and XYJ-12 and YJ-12-2"
    value = {"YJ-12": ["YJ-12", 3, None, {"note": "case YJ-12"}], "n": 1.5}
    assert r.value(value) == {
        "erased-ab": ["erased-ab", 3, None, {"note": "case erased-ab"}],
        "n": 1.5,
    }


def _everything() -> str:
    """Every row of every place a reference could be written, as one text."""
    rows = [
        *AuditEvent.objects.values("object_repr", "before", "after"),
        *ImprovementPlan.objects.values("title", "context"),
        *Finding.objects.values("text"),
        *Recommendation.objects.values("text"),
        *Action.objects.values("description", "success_measure"),
        *CaseImport.objects.values("headers", "kept_rows"),
        *Job.objects.values("title", "message", "error", "parameters", "result"),
    ]
    return json.dumps(rows, default=str).lower()


@pytest.mark.django_db
def test_erasure_rewrites_every_mention_and_leaves_a_neighbouring_reference() -> None:
    world = build_world(n=4)
    case = world.audits[0].case
    Case.objects.filter(pk=case.pk).update(reference="YJ-77")
    neighbour = world.audits[1].case
    Case.objects.filter(pk=neighbour.pk).update(reference="YJ-771")
    case.refresh_from_db()
    # What earlier work wrote: trail rows about the case and ones that mention it.
    before = snapshot(case)
    record(
        actor=world.users["qa"],
        action="case.update",
        target=case,
        before=before,
        after={**before, "team_id": None},
    )
    plan = ImprovementPlan.objects.create(
        service=world.service,
        title="After YJ-77's audit",
        source_kind="round",
        context="Case yj-77 showed gaps; see also YJ-771.",
    )
    Finding.objects.create(plan=plan, kind="improvement", text="In YJ-77 the plan was late")
    rec = Recommendation.objects.create(plan=plan, position=1, text="Learn from YJ-77")
    Action.objects.create(
        plan=plan,
        recommendation=rec,
        number=1,
        description="Review YJ-77 with the team",
        success_measure="YJ-77 reviewed",
    )
    record(
        actor=world.users["qa"],
        action="plan.finding_add",
        target=plan,
        after={"text": "In YJ-77 the plan was late"},
    )
    CaseImport.objects.create(
        service=world.service,
        filename="register.csv",
        file_format="csv",
        sha256="0" * 64,
        headers=["Reference", "Team"],
        kept_rows=[[2, ["YJ-77", "North"]], [3, ["YJ-771", "South"]]],
    )
    Job.objects.create(
        kind="cases.import_check",
        service=world.service,
        title="Check register.csv",
        result={"problems": [{"row": 2, "field": "reference", "message": "YJ-77 twice"}]},
    )
    assert len(MENTION.findall(_everything())) >= 11  # the 11 written above, and more

    erasure = services.erase_case(actor=world.users["qa"], case=case, reason="Request")

    text = _everything()
    assert MENTION.findall(text) == []
    assert "yj-771" in text  # the neighbouring child's reference is untouched
    assert erasure.token in text
    plan.refresh_from_db()
    assert plan.context == f"Case {erasure.token} showed gaps; see also YJ-771."
    assert plan.title == f"After {erasure.token}'s audit"
    row = AuditEvent.objects.get(action="retention.erase")
    # 2 trail rows above + the sample/audit rows build_world wrote about the case.
    assert row.after["trail_rewritten"] >= 2
    # Plan (title and context), finding, recommendation, action, kept rows and the job.
    assert row.after["texts_rewritten"] == 6
    assert "yj-77" not in json.dumps([row.object_repr, row.before, row.after]).lower()


@pytest.mark.django_db
def test_erasure_touches_no_other_service() -> None:
    derby = build_world(n=2)
    leeds = build_world(n=2, code="LEEDS")
    case = derby.audits[0].case
    Case.objects.filter(pk=case.pk).update(reference="YJ-5")
    case.refresh_from_db()
    ImprovementPlan.objects.create(
        service=leeds.service, title="Leeds plan", source_kind="round", context="Leeds YJ-5"
    )
    services.erase_case(actor=None, case=case, reason="Request")
    assert ImprovementPlan.objects.get(service=leeds.service).context == "Leeds YJ-5"
