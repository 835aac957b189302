"""One way to save answer rows: answers and second marks are created, changed and
cleared by the same function, each change with one audit-trail row (before, after)."""

import pytest

from audits.audit_world import build_world
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audittrail.models import AuditEvent

pytestmark = pytest.mark.django_db


def _trail(audit, action):
    return [
        (e.before, e.after)
        for e in AuditEvent.objects.filter(
            action=action, object_id=str(audit.pk), object_type="audits.caseaudit"
        ).order_by("pk")
    ]


def test_an_answer_is_created_changed_and_cleared_with_its_trail():
    world = build_world(n=2)
    audit, user = world.audit(), world.users["auditor"]
    q = audit_selectors.audit_layout(audit)[0].visible[0].id

    def save(value, note):
        return audit_services.save_answers(
            actor=user, audit=audit, version=audit.version, answers=[AnswerInput(q, value, note)]
        )

    assert save("yes", "seen").saved == [q]
    assert save("no", "seen").saved == [q]
    row = audit.answers.get(question_id=q)
    assert (row.value, row.note, row.updated_by, row.by_rule) == ("no", "seen", user, False)
    assert save("", "").saved == [q]
    assert not audit.answers.filter(question_id=q).exists()
    assert _trail(audit, "audit.answer") == [
        (None, {"question": q, "value": "yes", "note": "seen"}),
        (
            {"question": q, "value": "yes", "note": "seen"},
            {"question": q, "value": "no", "note": "seen"},
        ),
        ({"question": q, "value": "no", "note": "seen"}, None),
    ]


def test_a_second_mark_is_saved_the_same_way_and_a_cleared_one_is_on_the_trail():
    world = build_world(n=2)
    audit = world.audit()
    layout = audit_selectors.audit_layout(audit)
    visible = [q.id for s in layout for q in s.visible]
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q, "yes", "") for q in visible],
    )
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    audit_services.select_for_moderation(
        actor=world.users["qa"], audit_round=world.round, audit_ids=[audit.pk]
    )
    audit.refresh_from_db()
    second, q = world.users["second"], visible[0]

    def mark(value, note):
        return audit_services.save_second_marks(
            actor=second, audit=audit, marks=[AnswerInput(q, value, note)]
        )

    assert mark("no", "2nd") == [q]
    assert mark("no", "2nd") == []  # unchanged: no write, no trail row
    assert mark("partly", "2nd") == [q]
    assert audit.second_marks.get(question_id=q).marker == second
    assert mark("", "") == [q]
    assert not audit.second_marks.filter(question_id=q).exists()
    assert _trail(audit, "audit.second_mark") == [
        (None, {"question": q, "value": "no", "note": "2nd"}),
        (
            {"question": q, "value": "no", "note": "2nd"},
            {"question": q, "value": "partly", "note": "2nd"},
        ),
        ({"question": q, "value": "partly", "note": "2nd"}, None),
    ]
