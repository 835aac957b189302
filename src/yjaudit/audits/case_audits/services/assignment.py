"""Assignment: the QA lead names who audits a case and who second-marks it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yjaudit.audits.case_audits.people import person_name
from yjaudit.audits.models import AuditRound, AuditStatus, CaseAudit, SampleStatus
from yjaudit.audittrail.actors import user_of
from yjaudit.audittrail.services import record
from yjaudit.notifications import events as notify
from yjaudit.organisations import permissions

from .common import Actor, AuditError, _locked, _trail_audit

# Keep the current person (the form's "no change").
KEEP: Any = object()


def _check_person(user: Any, action: str, service_id: int, what: str) -> None:
    if user is None:
        return
    if not permissions.people_who_may(action, service_id).filter(pk=user.pk).exists():
        raise AuditError(
            _("%(name)s cannot be the %(what)s: they need that role in this service.")
            % {"name": person_name(user), "what": what}
        )


def _apply(actor: Actor, audit: CaseAudit, auditor: Any, second_marker: Any) -> bool:
    """Change one locked case audit; True if anything changed (trail row written)."""
    service_id = audit.case.service_id
    new_auditor = audit.auditor if auditor is KEEP else auditor
    new_second = audit.second_marker if second_marker is KEEP else second_marker
    if auditor is not KEEP and getattr(new_auditor, "pk", None) != audit.auditor_id:
        if audit.status not in (AuditStatus.DRAFT, AuditStatus.RETURNED):
            raise AuditError(
                _("%(ref)s is submitted: its auditor can no longer change.")
                % {"ref": audit.case.reference}
            )
        _check_person(new_auditor, "audit.answer", service_id, _("auditor"))
    if second_marker is not KEEP and getattr(new_second, "pk", None) != audit.second_marker_id:
        if audit.second_marking_done or audit.second_marks.exists():
            raise AuditError(
                _("%(ref)s has second marks already: its second marker can no longer change.")
                % {"ref": audit.case.reference}
            )
        _check_person(new_second, "audit.second_mark", service_id, _("second marker"))
    if new_auditor is not None and new_second is not None and new_auditor.pk == new_second.pk:
        raise AuditError(
            _("%(ref)s: the second marker must not be the auditor.") % {"ref": audit.case.reference}
        )
    if (
        getattr(new_auditor, "pk", None) == audit.auditor_id
        and getattr(new_second, "pk", None) == audit.second_marker_id
    ):
        return False
    before = _trail_audit(audit)
    audit.auditor = new_auditor
    audit.second_marker = new_second
    if new_second is not None:
        audit.moderation_selected = True  # a named second marker means it is second-marked
    audit.version += 1
    audit.save(
        update_fields=["auditor", "second_marker", "moderation_selected", "version", "updated_at"]
    )
    record(
        actor=user_of(actor),
        action="audit.assign",
        target=audit,
        before=before,
        after=_trail_audit(audit),
        service=service_id,
    )
    return True


def _tell(actor: Actor, audit_round: AuditRound, changed: list[CaseAudit], old: dict) -> None:
    """Each newly named person is told once per assignment, with a count."""
    per_person: dict[int, tuple[Any, list[int]]] = {}
    for audit in changed:
        for person, was in (
            (audit.auditor, old[audit.pk][0]),
            (audit.second_marker, old[audit.pk][1]),
        ):
            if person is not None and person.pk != was:
                per_person.setdefault(person.pk, (person, []))[1].append(audit.pk)
    for person, ids in per_person.values():
        notify.audits_assigned_to(
            actor=actor,
            service=audit_round.service,
            round_id=audit_round.pk,
            user=person,
            audit_ids=ids,
            version=max(a.version for a in changed if a.pk in ids),
        )


def assign(
    *, actor: Actor, audit: CaseAudit, auditor: Any = KEEP, second_marker: Any = KEEP
) -> CaseAudit:
    """Name the auditor and/or the second marker of one case audit (None: nobody)."""
    return assign_many(
        actor=actor,
        audit_round=audit.round,
        audit_ids=[audit.pk],
        auditor=auditor,
        second_marker=second_marker,
    )[0]


def assign_many(
    *,
    actor: Actor,
    audit_round: AuditRound,
    audit_ids: Iterable[int],
    auditor: Any = KEEP,
    second_marker: Any = KEEP,
) -> list[CaseAudit]:
    """The same auditor and/or second marker for the chosen case audits of a round: all
    or none are changed (the first refusal is raised)."""
    ids = set(audit_ids)
    if not ids:
        raise AuditError(_("Choose at least one case audit."))
    if auditor is KEEP and second_marker is KEEP:
        raise AuditError(_("Choose an auditor or a second marker."))
    found = set(
        CaseAudit.objects.filter(
            round=audit_round, pk__in=ids, sampled_case__status=SampleStatus.ACTIVE
        ).values_list("pk", flat=True)
    )
    if found != ids:
        raise AuditError(_("Those cases are not in this round."))
    out: list[CaseAudit] = []
    changed: list[CaseAudit] = []
    old: dict[int, tuple[int | None, int | None]] = {}
    with transaction.atomic():
        for pk in sorted(ids):
            locked = _locked(CaseAudit(pk=pk))
            old[pk] = (locked.auditor_id, locked.second_marker_id)
            if _apply(actor, locked, auditor, second_marker):
                changed.append(locked)
            out.append(locked)
        if changed:
            _tell(actor, audit_round, changed, old)
    return out
