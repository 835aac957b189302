"""The workflow services called directly: return with comments, reopen, missing answers."""

import pytest

from audits.audit_world import build_world
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput, AuditError
from yjaudit.audits.models import AuditStatus
from yjaudit.audittrail.models import AuditEvent
from yjaudit.config.limits import limit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _submitted(world):
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "yes", "") for s in layout for q in s.visible],
    )
    return audit_services.submit(actor=world.users["auditor"], audit=audit)


def _rows(audit, action):
    return list(AuditEvent.objects.filter(action=action, object_id=str(audit.pk)))


def test_return_with_comments_sends_a_submitted_audit_back_with_the_trail(world):
    audit = _submitted(world)
    version = audit.version
    returned = audit_services.return_with_comments(
        actor=world.users["qa"], audit=audit, comments="  Check the risk plan.  ", version=version
    )
    assert returned.status == AuditStatus.RETURNED
    assert returned.return_comments == "Check the risk plan."
    assert returned.version == version + 1
    [row] = _rows(audit, "audit.return")
    assert row.actor == world.users["qa"]
    assert row.before["status"] == AuditStatus.SUBMITTED
    assert row.after["status"] == AuditStatus.RETURNED
    # Returned work is the auditor's again: it can be changed and submitted anew.
    assert returned.editable
    again = audit_services.submit(actor=world.users["auditor"], audit=returned)
    assert again.status == AuditStatus.SUBMITTED


@pytest.mark.parametrize("comments", ["", "   "])
def test_return_needs_comments_and_changes_nothing_without(world, comments):
    audit = _submitted(world)
    with pytest.raises(AuditError, match="look at again"):
        audit_services.return_with_comments(actor=world.users["qa"], audit=audit, comments=comments)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED and not _rows(audit, "audit.return")


def test_return_refuses_too_long_comments_a_draft_and_a_stale_version(world):
    audit = _submitted(world)
    too_long = "x" * (limit("text_chars") + 1)
    with pytest.raises(AuditError, match="longer than"):
        audit_services.return_with_comments(actor=world.users["qa"], audit=audit, comments=too_long)
    with pytest.raises(AuditError, match="changed since you opened it"):
        audit_services.return_with_comments(
            actor=world.users["qa"], audit=audit, comments="Look", version=audit.version - 1
        )
    draft = next(a for a in world.audits if a.pk != audit.pk)
    with pytest.raises(AuditError, match="not possible now"):
        audit_services.return_with_comments(actor=world.users["qa"], audit=draft, comments="Look")
    audit.refresh_from_db()
    draft.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED and draft.status == AuditStatus.DRAFT
    assert not _rows(audit, "audit.return") and not _rows(draft, "audit.return")


def test_reopen_a_signed_off_audit_needs_a_reason_and_clears_the_sign_off(world):
    audit = _submitted(world)
    audit = audit_services.complete_moderation(actor=world.users["qa"], audit=audit)
    audit = audit_services.sign_off(actor=world.users["qa"], audit=audit)
    assert audit.status == AuditStatus.SIGNED_OFF and audit.signed_off_by is not None
    with pytest.raises(AuditError, match="reason"):
        audit_services.reopen(actor=world.users["qa"], audit=audit, reason=" ")
    reopened = audit_services.reopen(actor=world.users["qa"], audit=audit, reason="New evidence")
    assert reopened.status == AuditStatus.DRAFT
    assert reopened.reopen_reason == "New evidence"
    assert reopened.signed_off_at is None and reopened.signed_off_by is None
    assert len(_rows(audit, "audit.reopen")) == 1


def test_missing_answers_lists_every_visible_unanswered_question_until_answered(world):
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    visible = [(s.id, q.id) for s in layout for q in s.visible]
    unanswered = [(s.id, q.id) for s in layout for q in s.missing]
    assert [(s, q) for s, q, _text in audit_services.missing_answers(audit)] == unanswered
    assert unanswered and set(unanswered) <= set(visible)
    _submitted(world)
    assert audit_services.missing_answers(world.audit()) == []
