"""Judgements and overrides: a rating for a standard the framework says a person rates."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.models import AuditRound, JudgementRating, RatingOverride
from yjaudit.audittrail.actors import user_of
from yjaudit.audittrail.services import record, snapshot
from yjaudit.spec.model import RatedBy

from .common import (
    Actor,
    AuditError,
    _check_rating,
    _round_writable,
)


def set_judgement(
    *,
    actor: Actor,
    audit_round: AuditRound,
    standard_id: str,
    rating: str,
    evidence: str,
    reasons: str,
) -> JudgementRating:
    _round_writable(audit_round, changing="ratings")
    framework = round_scores.round_framework(audit_round)
    label = _check_rating(framework, standard_id, rating)
    if framework.standard(standard_id).rated_by is not RatedBy.JUDGEMENT:
        raise AuditError(_("Standard %(s)s is rated from cases.") % {"s": standard_id})
    if not reasons.strip():
        raise AuditError(_("Give the reasons for the rating."))
    with transaction.atomic():
        row = (
            JudgementRating.objects.select_for_update()
            .filter(round=audit_round, standard_id=standard_id)
            .first()
        )
        before = snapshot(row, ["rating", "evidence", "reasons"]) if row else None
        if row is None:
            row = JudgementRating(round=audit_round, standard_id=standard_id)
        else:
            row.version += 1
        row.rating, row.evidence, row.reasons = label, evidence.strip(), reasons.strip()
        row.updated_by = user_of(actor)
        row.save()
        record(
            actor=user_of(actor),
            action="audit.judgement",
            target=row,
            before=before,
            after=snapshot(row, ["rating", "evidence", "reasons"]),
            service=audit_round.service_id,
        )
        round_scores.bump(audit_round.pk)
    return row


def set_override(
    *, actor: Actor, audit_round: AuditRound, standard_id: str, rating: str, reason: str
) -> RatingOverride | None:
    """Set (or with an empty rating, remove) the override of a standard's rating."""
    _round_writable(audit_round, changing="ratings")
    framework = round_scores.round_framework(audit_round)
    with transaction.atomic():
        row = (
            RatingOverride.objects.select_for_update()
            .filter(round=audit_round, standard_id=standard_id)
            .first()
        )
        before = snapshot(row, ["rating", "reason"]) if row else None
        if not rating:
            if row is None:
                return None
            row.delete()
            record(
                actor=user_of(actor),
                action="audit.override_remove",
                target=audit_round,
                before={"standard": standard_id, **(before or {})},
                service=audit_round.service_id,
            )
            round_scores.bump(audit_round.pk)
            return None
        label = _check_rating(framework, standard_id, rating)
        if not reason.strip():
            raise AuditError(_("An override needs a reason."))
        if row is None:
            row = RatingOverride(round=audit_round, standard_id=standard_id)
        row.rating, row.reason, row.set_by = label, reason.strip(), user_of(actor)
        row.save()
        record(
            actor=user_of(actor),
            action="audit.override",
            target=row,
            before=before,
            after=snapshot(row, ["rating", "reason"]),
            service=audit_round.service_id,
        )
        round_scores.bump(audit_round.pk)
    return row
