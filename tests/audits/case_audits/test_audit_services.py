"""Answering, optimistic locking, workflow and moderation services."""

import pytest

from audits.audit_world import build_world
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput, AuditError, Incomplete, StaleEdit
from yjaudit.audits.models import AuditStatus, CaseAnswer
from yjaudit.audittrail.models import AuditEvent

pytestmark = pytest.mark.django_db


def answer_all(world, audit, value="yes", user=None):
    layout = audit_selectors.audit_layout(audit)
    items = [AnswerInput(q.id, value, f"evidence {q.id}") for s in layout for q in s.visible]
    return audit_services.save_answers(
        actor=user or world.users["auditor"], audit=audit, version=audit.version, answers=items
    )


@pytest.fixture
def world():
    return build_world()


def test_court_case_gets_court_standards_and_rule_na(world):
    audit = world.audit("court")
    layout = audit_selectors.audit_layout(audit)
    assert [s.id for s in layout] == ["2.1", "2.2", "2.3", "2.4"]
    hidden = [q for s in layout for q in s.questions if not q.applies]
    stored = {a.question_id: a for a in audit.answers.all()}
    for q in hidden:  # e.g. risk-forum prompts for low RoSH: stored as NA by rule
        assert stored[q.id].value == "na" and stored[q.id].by_rule
    ooc = audit_selectors.audit_layout(world.audit("out-of-court"))
    assert [s.id for s in ooc] == ["3.1", "3.2", "3.3", "3.4"]


def test_submit_lists_missing_then_succeeds(world):
    audit = world.audit()
    with pytest.raises(Incomplete) as exc:
        audit_services.submit(actor=world.users["auditor"], audit=audit)
    assert len(exc.value.missing) > 10
    answer_all(world, audit)
    audit = audit_services.submit(actor=world.users["auditor"], audit=audit)
    assert audit.status == AuditStatus.SUBMITTED
    with pytest.raises(AuditError):
        answer_all(world, audit, "no")


def test_stale_save_of_the_same_question_conflicts_and_other_questions_merge(world):
    audit = world.audit()
    qs = [q.id for s in audit_selectors.audit_layout(audit) for q in s.visible][:3]
    v0 = audit.version
    a = audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=v0,
        answers=[AnswerInput(qs[0], "yes", "A's evidence", "", "")],
    )
    # B loaded version v0 too: a different question merges, the same one conflicts.
    b = audit_services.save_answers(
        actor=world.users["qa"],
        audit=audit,
        version=v0,
        answers=[AnswerInput(qs[1], "no", "B", "", "")],
    )
    assert b.merged and b.version == a.version + 1
    with pytest.raises(StaleEdit) as exc:
        audit_services.save_answers(
            actor=world.users["qa"],
            audit=audit,
            version=v0,
            answers=[AnswerInput(qs[0], "partly", "B thinks partly", "", "")],
        )
    (conflict,) = exc.value.conflicts
    assert (conflict.theirs_value, conflict.theirs_note, conflict.yours_value) == (
        "yes",
        "A's evidence",
        "partly",
    )
    assert conflict.by == world.users["auditor"].username
    assert CaseAnswer.objects.get(audit=audit, question_id=qs[0]).value == "yes"


def test_every_answer_change_is_in_the_trail(world):
    audit = world.audit()
    q = audit_selectors.audit_layout(audit)[0].visible[0].id
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q, "yes", "first")],
    )
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q, "Partly", "second")],
    )
    events = [e for e in audit_selectors.answer_history(audit) if e.action == "audit.answer"]
    assert [(e.before and e.before["value"], e.after["value"]) for e in events] == [
        ("yes", "partly"),
        (None, "yes"),
    ]


def test_full_workflow_with_blind_second_marking(world):
    audit = world.audit()
    answer_all(world, audit, "yes")
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    chosen = audit_services.select_for_moderation(
        actor=world.users["qa"], audit_round=world.round, audit_ids=[audit.pk]
    )
    assert chosen == [audit]
    audit.refresh_from_db()
    # The auditor cannot second-mark their own case.
    assert not audit_services.can_second_mark(world.users["auditor"], audit)
    layout = audit_selectors.audit_layout(audit)
    visible = [q.id for s in layout for q in s.visible]
    marks = [AnswerInput(q, "no" if i == 0 else "yes", "2nd") for i, q in enumerate(visible)]
    audit_services.save_second_marks(actor=world.users["second"], audit=audit, marks=marks)
    audit_services.finish_second_marking(actor=world.users["second"], audit=audit)
    audit.refresh_from_db()
    diffs = audit_selectors.differences(audit)
    assert [(d.question_id, d.first_value, d.second_value) for d in diffs] == [
        (visible[0], "yes", "no")
    ]
    with pytest.raises(AuditError):
        audit_services.complete_moderation(actor=world.users["qa"], audit=audit)
    before = results.round_score(world.round).result
    audit_services.resolve_difference(
        actor=world.users["qa"], audit=audit, question_id=visible[0], value="no", note="agree"
    )
    assert audit.answers.get(question_id=visible[0]).value == "no"
    assert results.round_score(world.round).result != before
    summary = audit_selectors.agreement(world.round)
    assert summary is not None and summary.overall.n == len(visible)
    assert summary.overall.agreed == len(visible) - 1
    audit = audit_services.complete_moderation(actor=world.users["qa"], audit=audit)
    audit = audit_services.sign_off(actor=world.users["qa"], audit=audit)
    assert audit.status == AuditStatus.SIGNED_OFF
    with pytest.raises(AuditError):
        audit_services.reopen(actor=world.users["qa"], audit=audit, reason=" ")
    audit = audit_services.reopen(actor=world.users["qa"], audit=audit, reason="new evidence")
    assert audit.status == AuditStatus.DRAFT and audit.reopen_reason == "new evidence"
    actions = set(
        AuditEvent.objects.filter(object_id=str(audit.pk)).values_list("action", flat=True)
    )
    assert {
        "audit.submit",
        "audit.moderate",
        "audit.signoff",
        "audit.reopen",
        "audit.resolve",
    } <= actions


def test_random_selection_is_reproducible(world):
    pick = lambda seed: sorted(  # noqa: E731
        a.pk
        for a in audit_services.select_for_moderation(
            actor=None, audit_round=world.round, share=0.25, seed=seed
        )
    )
    first = pick(7)
    assert len(first) == 2
    for a in world.audits:
        a.refresh_from_db()
        a.moderation_selected = False
        a.save()
    assert pick(7) == first


def test_override_needs_reason_and_shows(world):
    with pytest.raises(AuditError):
        audit_services.set_override(
            actor=world.users["qa"],
            audit_round=world.round,
            standard_id="2.1",
            rating="Good",
            reason="",
        )
    audit_services.set_override(
        actor=world.users["qa"],
        audit_round=world.round,
        standard_id="2.1",
        rating="good",
        reason="panel view",
    )
    s = results.round_score(world.round).result.standard("2.1")
    assert (s.rating, s.override_reason) == ("Good", "panel view")


def test_comparison_with_an_inspection_the_derby_check(world):
    """A self-audit checked against the inspection of the same service, as in
    "Derby YOS, progress against HMIP areas for improvement, 9 September 2019"."""
    from yjaudit.audits.case_audits import presenters as audit_presenters

    for audit in world.audits:
        answer_all(world, audit, "yes")
        audit.refresh_from_db()
        audit_services.submit(actor=world.users["auditor"], audit=audit)  # only submitted counts
    audit_services.set_override(
        actor=world.users["qa"],
        audit_round=world.round,
        standard_id="3.4",
        rating="Good",
        reason="panel",
    )
    text = "2.1, Good, 71\n3.1, Inadequate, 46%\n3.4, Outstanding\n"
    findings = audit_presenters.parse_findings(text)
    audit_services.import_inspection(
        actor=world.users["qa"],
        audit_round=world.round,
        findings=findings,
        source="HMIP full inspection, June 2018",
    )
    rows = {r["finding"].standard_id: r for r in audit_presenters.inspection_rows(world.round)}
    assert rows["2.1"]["ours"].figure.percent == 100
    assert rows["2.1"]["difference"] == 29 and not rows["2.1"]["same_rating"]
    assert rows["3.4"]["ours"].rating == "Good"  # the override is what stands
    with pytest.raises(AuditError, match="Line 2"):
        audit_services.import_inspection(
            actor=None,
            audit_round=world.round,
            findings=audit_presenters.parse_findings("2.1, Good\n9.9, Good\n"),
            source="x",
        )
    assert world.round.inspection.count() == 3  # nothing written on error
