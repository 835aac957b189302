"""A round's life after its draw: in progress from the first answer, closed by a QA lead
once every case audit in the sample is signed off, and reopened with a reason.

A closed round's results are final: they head "Recent reports" on the home page and no
longer count as work in progress. Reopening is rare (a correction after sign-off) and
always says why, in the audit trail.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yjaudit.audits.models import AuditRound, AuditStatus, CaseAudit, RoundStatus, SampleStatus
from yjaudit.audittrail.actors import Actor
from yjaudit.audittrail.services import record
from yjaudit.errors import DomainError

REASON_MAX_CHARS = 2_000


class RoundClosingError(DomainError):
    """The round cannot be closed or reopened as asked; the message says why."""


def open_work(audit_round: AuditRound) -> int:
    """Case audits in the round's sample that are not signed off yet."""
    return (
        CaseAudit.objects.filter(round=audit_round, sampled_case__status=SampleStatus.ACTIVE)
        .exclude(status=AuditStatus.SIGNED_OFF)
        .count()
    )


def may_close(audit_round: AuditRound) -> bool:
    return audit_round.status in {RoundStatus.SAMPLED, RoundStatus.IN_PROGRESS} and (
        CaseAudit.objects.filter(
            round=audit_round, sampled_case__status=SampleStatus.ACTIVE
        ).exists()
        and open_work(audit_round) == 0
    )


def _locked(audit_round: AuditRound) -> AuditRound:
    return AuditRound.objects.select_for_update().get(pk=audit_round.pk)


def close_round(*, actor: Actor, audit_round: AuditRound) -> AuditRound:
    with transaction.atomic():
        audit_round = _locked(audit_round)
        if audit_round.archived_at is not None:
            raise RoundClosingError(_("The round is archived: restore it first."))
        if audit_round.status == RoundStatus.CLOSED:
            raise RoundClosingError(_("The round is already closed."))
        if audit_round.status == RoundStatus.DRAFT:
            raise RoundClosingError(_("The round has no sample yet."))
        left = open_work(audit_round)
        if left:
            raise RoundClosingError(
                ngettext(
                    "%(n)s case audit is not signed off yet.",
                    "%(n)s case audits are not signed off yet.",
                    left,
                )
                % {"n": left}
            )
        before = audit_round.status
        audit_round.status = RoundStatus.CLOSED
        audit_round.save(update_fields=["status"])
        record(
            actor=actor,
            action="round.close",
            target=audit_round,
            service=audit_round.service_id,
            before={"status": before},
            after={"status": audit_round.status},
        )
    return audit_round


def reopen_round(*, actor: Actor, audit_round: AuditRound, reason: str) -> AuditRound:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the round is being reopened.")})
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(
            {"reason": _("The reason must be %(n)s characters or fewer.") % {"n": REASON_MAX_CHARS}}
        )
    with transaction.atomic():
        audit_round = _locked(audit_round)
        if audit_round.archived_at is not None:
            raise RoundClosingError(_("The round is archived: restore it first."))
        if audit_round.status != RoundStatus.CLOSED:
            raise RoundClosingError(_("Only a closed round can be reopened."))
        audit_round.status = RoundStatus.IN_PROGRESS
        audit_round.save(update_fields=["status"])
        record(
            actor=actor,
            action="round.reopen",
            target=audit_round,
            service=audit_round.service_id,
            before={"status": RoundStatus.CLOSED},
            after={"status": audit_round.status, "reason": reason},
        )
    return audit_round
