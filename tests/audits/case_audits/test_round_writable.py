"""One check of a round before a change: closed or archived, each with its own message,
in one query (none when the round was just read with its case audit)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.audit_world import build_world
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AuditError
from yjaudit.audits.case_audits.services.common import _round_writable
from yjaudit.audits.models import AuditRound, JudgementRating, RatingOverride, RoundStatus
from yjaudit.audits.rounds import services as round_services
from yjaudit.audittrail.models import AuditEvent

pytestmark = pytest.mark.django_db

CLOSED_RATINGS = "The round is closed: reopen the round to change its ratings."
CLOSED_AUDITS = "The round is closed: reopen the round to change its case audits."
ARCHIVED = "This round is archived, so it is read-only. Restore the round to change it."


@pytest.fixture
def world() -> Any:
    return build_world("hmip-youth-2021", n=2)


def _judge(world: Any) -> Any:
    return audit_services.set_judgement(
        actor=world.users["qa"],
        audit_round=world.round,
        standard_id="1.1",
        rating="Good",
        evidence="",
        reasons="Board minutes",
    )


def _override(world: Any) -> Any:
    return audit_services.set_override(
        actor=world.users["qa"],
        audit_round=world.round,
        standard_id="1.1",
        rating="Good",
        reason="Moderated",
    )


def test_one_query_decides_and_a_loaded_round_needs_none(world: Any) -> None:
    audit_round = world.round
    with CaptureQueriesContext(connection) as queries:
        _round_writable(audit_round)
    assert len(queries) == 1
    # A stale object does not fool it: the query reads the round as it is now.
    AuditRound.objects.filter(pk=audit_round.pk).update(status=RoundStatus.CLOSED)
    with pytest.raises(AuditError) as refused:
        _round_writable(audit_round, changing="ratings")
    assert str(refused.value) == CLOSED_RATINGS
    with CaptureQueriesContext(connection) as queries:
        _round_writable(audit_round, loaded=True)  # the object still says in progress
        audit_round.status = RoundStatus.CLOSED
        with pytest.raises(AuditError, match="change its case audits"):
            _round_writable(audit_round, loaded=True)
    assert len(queries) == 0


@pytest.mark.parametrize("write", [_judge, _override])
def test_a_closed_round_refuses_ratings_with_its_message(world: Any, write: Any) -> None:
    AuditRound.objects.filter(pk=world.round.pk).update(status=RoundStatus.CLOSED)
    before = AuditEvent.objects.count()
    with pytest.raises(AuditError) as refused:
        write(world)
    assert str(refused.value) == CLOSED_RATINGS
    assert not JudgementRating.objects.exists() and not RatingOverride.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("write", [_judge, _override])
def test_an_archived_round_refuses_ratings_until_restored(world: Any, write: Any) -> None:
    qa = world.users["qa"]
    round_services.archive_round(actor=qa, audit_round=world.round, reason="Set up twice")
    before = AuditEvent.objects.count()
    with pytest.raises(AuditError) as refused:
        write(world)
    assert str(refused.value) == ARCHIVED
    assert AuditEvent.objects.count() == before
    # Closed as well: restoring comes first, so the archive is what it says.
    AuditRound.objects.filter(pk=world.round.pk).update(status=RoundStatus.CLOSED)
    with pytest.raises(AuditError, match="archived"):
        write(world)
    AuditRound.objects.filter(pk=world.round.pk).update(status=RoundStatus.IN_PROGRESS)
    round_services.restore_round(actor=qa, audit_round=world.round)
    world.round.refresh_from_db()
    assert write(world).rating == "Good"


def test_a_step_on_a_case_audit_of_a_closed_round_keeps_its_message(world: Any) -> None:
    audit = world.audits[0]
    AuditRound.objects.filter(pk=world.round.pk).update(status=RoundStatus.CLOSED)
    with pytest.raises(AuditError) as refused:
        audit_services.reopen(actor=world.users["qa"], audit=audit, reason="A correction")
    assert str(refused.value) == CLOSED_AUDITS
