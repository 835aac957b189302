"""Case-audit workflow: create a round's audits, save details, submit, return, sign off, reopen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.case_audits.selectors import case_layout, differences
from yjaudit.audits.models import (
    AuditRound,
    AuditStatus,
    CaseAudit,
    SampleStatus,
)
from yjaudit.audittrail.actors import user_of
from yjaudit.audittrail.services import record
from yjaudit.config.limits import limit
from yjaudit.notifications import events as notify

from .answers import apply_rules, save_answers
from .common import (
    Actor,
    AuditError,
    Incomplete,
    SaveOutcome,
    _framework,
    _locked,
    _round_writable,
    _trail_audit,
)


def ensure_audits(*, actor: Actor, audit_round: AuditRound) -> int:
    """A case audit for every case in the round's active sample (idempotent).

    Called by the draw, swap and restore of a sample (`yjaudit.audits.rounds.services`),
    inside their transaction, so a drawn sample always has its case audits. Never call
    it from a read (a GET writes nothing)."""
    missing = list(
        audit_round.samples.filter(status=SampleStatus.ACTIVE, case_audit__isnull=True)
        .select_related("case", "case__team", "case__case_manager")
        .order_by("position")
    )
    if not missing:
        return 0
    with transaction.atomic():
        for sampled in missing:
            audit = CaseAudit.objects.create(
                round=audit_round, sampled_case=sampled, case=sampled.case
            )
            apply_rules(audit, actor=actor)
            record(
                actor=user_of(actor),
                action="audit.create",
                target=audit,
                after=_trail_audit(audit),
                service=audit_round.service_id,
            )
        round_scores.bump(audit_round.pk)
        # The service's auditors are told how many case audits wait (a count and a link).
        notify.audits_assigned(
            actor=actor,
            service=audit_round.service,
            round_id=audit_round.pk,
            audit_ids=list(
                CaseAudit.objects.filter(sampled_case__in=missing).values_list("pk", flat=True)
            ),
        )
    return len(missing)


def _transition(
    *,
    actor: Actor,
    audit: CaseAudit,
    allowed_from: Iterable[str],
    to: str,
    action: str,
    version: int | None = None,
    **changes: Any,
) -> CaseAudit:
    with transaction.atomic():
        locked = _locked(audit)
        _round_writable(locked.round, loaded=True)  # just read with the audit: no query
        if version is not None and locked.version != version:
            raise AuditError(
                _("This case audit changed since you opened it. Check it and try again.")
            )
        if locked.status not in set(allowed_from):
            raise AuditError(
                _("This case audit is %(status)s: that step is not possible now.")
                % {"status": locked.get_status_display().lower()}
            )
        before = _trail_audit(locked)
        locked.status = to
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.version += 1
        locked.updated_by = user_of(actor)
        locked.save()
        record(
            actor=user_of(actor),
            action=action,
            target=locked,
            before=before,
            after=_trail_audit(locked),
            service=locked.case.service_id,
        )
        round_scores.bump(locked.round_id)
    return locked


def missing_answers(audit: CaseAudit) -> list[tuple[str, str, str]]:
    layout = case_layout(
        _framework(audit),
        round_scores.audit_attributes(audit),
        {a.question_id: a for a in audit.answers.all()},
    )
    return [(s.id, q.id, q.text) for s in layout for q in s.missing]


@dataclass(frozen=True)
class AuditDetails:
    """The case audit's own fields the auditor fills in beside the answers."""

    case_manager_present: bool | None
    summary: str


def save_details(
    *, actor: Actor, audit: CaseAudit, version: int, details: AuditDetails
) -> SaveOutcome:
    """Save the feedback for the case manager and whether they were present."""
    return save_answers(
        actor=actor,
        audit=audit,
        version=version,
        answers=[],
        case_manager_present=details.case_manager_present,
        set_case_manager_present=True,
        summary=details.summary,
    )


def submit(
    *,
    actor: Actor,
    audit: CaseAudit,
    version: int | None = None,
    details: AuditDetails | None = None,
) -> CaseAudit:
    """Submit for moderation. `details` (the feedback and "case manager present" typed on
    the same page) are saved first, in their own transaction, so they are kept even when
    the submission is refused (e.g. questions still unanswered)."""
    if details is not None:
        outcome = save_details(
            actor=actor,
            audit=audit,
            version=audit.version if version is None else version,
            details=details,
        )
        version = outcome.version
    with transaction.atomic():
        locked = _locked(audit)
        apply_rules(locked, actor=actor)
        missing = missing_answers(locked)
        if missing:
            raise Incomplete(missing)
        user = user_of(actor)
        return _transition(
            actor=actor,
            audit=locked,
            allowed_from=(AuditStatus.DRAFT, AuditStatus.RETURNED),
            to=AuditStatus.SUBMITTED,
            action="audit.submit",
            version=version,
            submitted_at=timezone.now(),
            auditor=locked.auditor or user,
        )


def _check_text(text: str) -> None:
    if len(text) > limit("text_chars"):
        raise AuditError(
            _("The text is longer than %(n)d characters.") % {"n": limit("text_chars")}
        )


def return_with_comments(
    *, actor: Actor, audit: CaseAudit, comments: str, version: int | None = None
) -> CaseAudit:
    if not comments.strip():
        raise AuditError(_("Say what the auditor should look at again."))
    _check_text(comments)
    returned = _transition(
        actor=actor,
        audit=audit,
        allowed_from=(AuditStatus.SUBMITTED, AuditStatus.MODERATED),
        to=AuditStatus.RETURNED,
        action="audit.return",
        version=version,
        return_comments=comments.strip(),
    )
    _tell_auditor(notify.audit_returned, actor, returned)
    return returned


def _tell_auditor(event: Any, actor: Actor, audit: CaseAudit) -> None:
    event(
        actor=actor,
        audit_id=audit.pk,
        version=audit.version,
        auditor=audit.auditor,
        service=audit.case.service,
    )


def complete_moderation(*, actor: Actor, audit: CaseAudit) -> CaseAudit:
    if audit.moderation_selected:
        if not audit.second_marking_done:
            raise AuditError(_("The second marker has not finished this case yet."))
        open_ = [d.question_id for d in differences(audit) if d.resolved_value is None]
        if open_:
            raise AuditError(_("Resolve the differences first: %(q)s.") % {"q": ", ".join(open_)})
    return _transition(
        actor=actor,
        audit=audit,
        allowed_from=(AuditStatus.SUBMITTED,),
        to=AuditStatus.MODERATED,
        action="audit.moderate",
        moderated_at=timezone.now(),
    )


def sign_off(*, actor: Actor, audit: CaseAudit, version: int | None = None) -> CaseAudit:
    """Sign off; with `version` (the confirmation page's), only the case audit as shown."""
    signed = _transition(
        actor=actor,
        audit=audit,
        allowed_from=(AuditStatus.MODERATED,),
        to=AuditStatus.SIGNED_OFF,
        action="audit.signoff",
        version=version,
        signed_off_at=timezone.now(),
        signed_off_by=user_of(actor),
    )
    _tell_auditor(notify.audit_signed_off, actor, signed)
    return signed


def reopen(*, actor: Actor, audit: CaseAudit, reason: str, version: int | None = None) -> CaseAudit:
    if not reason.strip():
        raise AuditError(_("Give the reason for reopening this case audit."))
    _check_text(reason)
    return _transition(
        actor=actor,
        audit=audit,
        allowed_from=(AuditStatus.SIGNED_OFF,),
        to=AuditStatus.DRAFT,
        action="audit.reopen",
        version=version,
        reopen_reason=reason.strip(),
        signed_off_at=None,
        signed_off_by=None,
    )
