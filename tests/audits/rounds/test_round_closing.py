"""A round's life after the draw: in progress from its first answer, closed by a QA lead
once every case audit is signed off (then final), reopened only with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.audit_world import build_world
from yjaudit.accounts.testing import verified_login
from yjaudit.audits import worklist
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput, AuditError
from yjaudit.audits.models import AuditRound, RoundStatus
from yjaudit.audits.rounds import closing
from yjaudit.audittrail.models import AuditEvent

pytestmark = pytest.mark.django_db


def _answer(world: Any, audit: Any) -> None:
    layout = audit_selectors.audit_layout(audit)
    items = [AnswerInput(q.id, "yes", "evidence") for s in layout for q in s.visible]
    audit_services.save_answers(
        actor=world.users["auditor"], audit=audit, version=audit.version, answers=items
    )


def _sign_off_all(world: Any) -> None:
    qa = world.users["qa"]
    for audit in world.audits:
        audit.refresh_from_db()
        _answer(world, audit)
        audit_services.submit(actor=world.users["auditor"], audit=audit)
        audit_services.complete_moderation(actor=qa, audit=audit)
        audit_services.sign_off(actor=qa, audit=audit)


@pytest.fixture
def world() -> Any:
    w = build_world(n=4)
    AuditRound.objects.filter(pk=w.round.pk).update(status=RoundStatus.SAMPLED)
    w.round.refresh_from_db()
    return w


def test_first_answer_puts_a_sampled_round_in_progress(world: Any) -> None:
    assert world.round.status == RoundStatus.SAMPLED
    _answer(world, world.audits[0])
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.IN_PROGRESS


def test_close_refuses_while_work_is_open_and_names_how_much(world: Any) -> None:
    _answer(world, world.audits[0])
    with pytest.raises(closing.RoundClosingError, match="4 case audits are not signed off"):
        closing.close_round(actor=world.users["qa"], audit_round=world.round)
    world.round.refresh_from_db()
    assert world.round.status != RoundStatus.CLOSED
    assert not closing.may_close(world.round)


def test_closed_round_is_final_and_heads_recent_reports(world: Any) -> None:
    qa = world.users["qa"]
    _sign_off_all(world)
    assert closing.may_close(world.round)
    assert world.round in worklist.rounds_in_progress(qa)
    closing.close_round(actor=qa, audit_round=world.round)
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.CLOSED
    assert world.round not in worklist.rounds_in_progress(qa)
    assert world.round in worklist.recent_reports(qa)
    event = AuditEvent.objects.get(action="round.close")
    assert event.after == {"status": "closed"}
    # Final: a signed-off case audit cannot be reopened, nor a rating set.
    audit = world.audits[0]
    audit.refresh_from_db()
    with pytest.raises(AuditError, match="round is closed"):
        audit_services.reopen(actor=qa, audit=audit, reason="A correction")
    with pytest.raises(closing.RoundClosingError):
        closing.close_round(actor=qa, audit_round=world.round)


def test_reopen_needs_a_reason_and_records_it(world: Any) -> None:
    qa = world.users["qa"]
    _sign_off_all(world)
    closing.close_round(actor=qa, audit_round=world.round)
    with pytest.raises(ValidationError):
        closing.reopen_round(actor=qa, audit_round=world.round, reason="   ")
    closing.reopen_round(actor=qa, audit_round=world.round, reason="Case 2 needs a correction")
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.IN_PROGRESS
    event = AuditEvent.objects.get(action="round.reopen")
    assert event.after["reason"] == "Case 2 needs a correction"
    audit = world.audits[1]
    audit.refresh_from_db()
    audit_services.reopen(actor=qa, audit=audit, reason="A correction")  # allowed again


def test_pages_confirm_then_close_and_reopen(client: Any, world: Any) -> None:
    qa = world.users["qa"]
    verified_login(client, qa)
    detail = reverse("rounds:detail", args=[world.round.pk])
    close = reverse("rounds:close", args=[world.round.pk])
    assert "round-ready" not in client.get(detail).content.decode()
    page = client.get(close).content.decode()
    assert 'id="close-blocked"' in page and "4 case audits are not signed off yet" in page
    assert client.post(close).status_code == 400  # shown as a failure, nothing written
    _sign_off_all(world)
    assert 'id="round-ready"' in client.get(detail).content.decode()
    page = client.get(close).content.decode()  # the confirmation page writes nothing
    assert 'id="close-round"' in page
    world.round.refresh_from_db()
    assert world.round.status != RoundStatus.CLOSED
    response = client.post(close, follow=True)
    assert "Its results are final" in response.content.decode()
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.CLOSED
    reopen = reverse("rounds:reopen", args=[world.round.pk])
    response = client.post(reopen, {"reason": ""})
    assert response.status_code == 400
    assert "Say why the round is being reopened." in response.content.decode()
    client.post(reopen, {"reason": "A correction"})
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.IN_PROGRESS


def test_auditor_may_not_close(client: Any, world: Any) -> None:
    _sign_off_all(world)
    verified_login(client, world.users["auditor"])
    assert client.post(reverse("rounds:close", args=[world.round.pk])).status_code in (403, 404)
    world.round.refresh_from_db()
    assert world.round.status != RoundStatus.CLOSED
