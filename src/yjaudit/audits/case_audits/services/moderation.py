"""Moderation: select audits, second marks, and resolving the differences."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.case_audits.selectors import case_layout, differences
from yjaudit.audits.models import (
    AuditRound,
    AuditStatus,
    CaseAnswer,
    CaseAudit,
    Resolution,
    SampleStatus,
    SecondMark,
)
from yjaudit.audittrail.actors import user_of
from yjaudit.audittrail.services import record
from yjaudit.organisations import permissions

from .common import (
    Actor,
    AnswerInput,
    AuditError,
    Incomplete,
    _check_bounds,
    _framework,
    _locked,
    _put_answer_row,
    _refuse_if_archived,
    _resolve,
    _trail_audit,
)


def select_for_moderation(
    *,
    actor: Actor,
    audit_round: AuditRound,
    audit_ids: Iterable[int] = (),
    share: float | None = None,
    seed: int | None = None,
) -> list[CaseAudit]:
    """Choose cases for blind second marking: the ones named, or a random share."""
    _refuse_if_archived(audit_round)
    pool = list(
        CaseAudit.objects.filter(
            round=audit_round, sampled_case__status=SampleStatus.ACTIVE
        ).order_by("sampled_case__position")
    )
    chosen_ids = set(audit_ids)
    if share is not None:
        if not 0 < share <= 1:
            raise AuditError(_("The share must be more than 0% and at most 100%."))
        candidates = [a for a in pool if not a.moderation_selected]
        k = min(len(candidates), max(1, math.ceil(share * len(pool))))
        rng = random.Random(seed)
        chosen_ids |= {a.pk for a in rng.sample(candidates, k)}
    chosen = [a for a in pool if a.pk in chosen_ids and not a.moderation_selected]
    unknown = chosen_ids - {a.pk for a in pool}
    if unknown:
        raise AuditError(_("Those cases are not in this round."))
    with transaction.atomic():
        for audit in chosen:
            before = _trail_audit(audit)
            audit.moderation_selected = True
            audit.version += 1
            audit.save(update_fields=["moderation_selected", "version", "updated_at"])
            record(
                actor=user_of(actor),
                action="audit.select_moderation",
                target=audit,
                before=before,
                after=_trail_audit(audit),
                service=audit_round.service_id,
            )
    return chosen


def can_second_mark(actor: Actor, audit: CaseAudit) -> bool:
    return permissions.second_marking_open_to(user_of(actor), audit)


def save_second_marks(*, actor: Actor, audit: CaseAudit, marks: Sequence[AnswerInput]) -> list[str]:
    _check_bounds(marks, None)
    with transaction.atomic():
        locked = _locked(audit)
        if not can_second_mark(actor, locked):
            raise AuditError(
                _(
                    "You cannot second-mark this case audit (it must be submitted, chosen for "
                    "moderation, not yours, and not already second-marked by someone else)."
                )
            )
        framework = _framework(locked)
        layout = case_layout(framework, round_scores.audit_attributes(locked))
        answerable = {q.id for s in layout for q in s.visible}
        existing = {m.question_id: m for m in locked.second_marks.all()}
        saved: list[str] = []
        user = user_of(actor)
        for item in marks:
            if item.question_id not in answerable:
                raise AuditError(
                    _("Question %(q)s does not apply to this case.") % {"q": item.question_id}
                )
            if _put_answer_row(
                action="audit.second_mark",
                model=SecondMark,
                audit=locked,
                row=existing.get(item.question_id),
                item=item,
                code=_resolve(framework, locked, item),
                user=user,
                on_create={"marker": user},
                on_change={},
            ):
                saved.append(item.question_id)
        if locked.second_marker_id is None:
            locked.second_marker = user
            locked.save(update_fields=["second_marker", "updated_at"])
    return saved


def finish_second_marking(*, actor: Actor, audit: CaseAudit) -> CaseAudit:
    with transaction.atomic():
        locked = _locked(audit)
        if not can_second_mark(actor, locked):
            raise AuditError(_("You cannot finish second marking this case audit."))
        layout = case_layout(_framework(locked), round_scores.audit_attributes(locked))
        marked = {m.question_id for m in locked.second_marks.all()}
        missing = [q.id for s in layout for q in s.visible if q.id not in marked]
        if missing:
            raise Incomplete(
                [(s.id, q.id, q.text) for s in layout for q in s.visible if q.id not in marked]
            )
        before = _trail_audit(locked)
        locked.second_marking_done = True
        locked.second_marker = user_of(actor)
        locked.version += 1
        locked.save()
        record(
            actor=user_of(actor),
            action="audit.second_marking_done",
            target=locked,
            before=before,
            after=_trail_audit(locked),
            service=locked.case.service_id,
        )
    return locked


def resolve_difference(
    *, actor: Actor, audit: CaseAudit, question_id: str, value: str, note: str
) -> Resolution:
    """The QA lead's decision; the case's answer becomes the resolved one (kept)."""
    with transaction.atomic():
        locked = _locked(audit)
        if locked.status != AuditStatus.SUBMITTED or not locked.second_marking_done:
            raise AuditError(_("Differences are resolved after second marking, before moderation."))
        diff = {d.question_id: d for d in differences(locked)}.get(question_id)
        if diff is None:
            raise AuditError(_("There is no difference on question %(q)s.") % {"q": question_id})
        framework = _framework(locked)
        code = _resolve(framework, locked, AnswerInput(question_id, value, note))
        if not code:
            raise AuditError(_("Choose the answer that stands."))
        user = user_of(actor)
        resolution, _created = Resolution.objects.update_or_create(
            audit=locked,
            question_id=question_id,
            defaults={
                "first_value": diff.first_value,
                "second_value": diff.second_value,
                "value": code,
                "note": note,
                "resolved_by": user,
            },
        )
        answer = locked.answers.filter(question_id=question_id).first()
        before = (
            {"question": question_id, "value": answer.value, "note": answer.note}
            if answer
            else None
        )
        if answer is None:
            answer = CaseAnswer(audit=locked, question_id=question_id, note="")
        answer.value, answer.updated_by, answer.by_rule = code, user, False
        answer.save()
        record(
            actor=user,
            action="audit.resolve",
            target=locked,
            before=before,
            after={
                "question": question_id,
                "value": code,
                "note": answer.note,
                "resolution": note,
                "first": diff.first_value,
                "second": diff.second_value,
            },
            service=locked.case.service_id,
        )
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        round_scores.bump(locked.round_id)
    return resolution


def resolve_differences(
    *, actor: Actor, audit: CaseAudit, choices: Sequence[AnswerInput]
) -> list[Resolution]:
    """Several decisions at once (one standard's page): all stand or none."""
    if not choices:
        raise AuditError(_("Choose the answer that stands for at least one question."))
    with transaction.atomic():
        return [
            resolve_difference(
                actor=actor,
                audit=audit,
                question_id=c.question_id,
                value=c.value,
                note=c.note,
            )
            for c in choices
        ]


def accept_marker(
    *, actor: Actor, audit: CaseAudit, standard_id: str, marker: str, note: str = ""
) -> list[Resolution]:
    """Accept one marker's answers ("first" or "second") for every difference of a
    standard that is not resolved yet."""
    if marker not in ("first", "second"):
        raise AuditError(_("Choose whose answers stand."))
    open_ = [
        d for d in differences(audit) if d.standard_id == standard_id and d.resolved_value is None
    ]
    if not open_:
        raise AuditError(_("There is no difference left to resolve in this standard."))
    return resolve_differences(
        actor=actor,
        audit=audit,
        choices=[
            AnswerInput(d.question_id, d.first_value if marker == "first" else d.second_value, note)
            for d in open_
        ],
    )
