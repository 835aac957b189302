"""Writes for case audits: answers (optimistic locking), workflow, moderation, judgements.

Every function checks the state it needs, writes inside one transaction, bumps the
round's answers version when figures may move (`results.bump`), and records the
change in the audit trail (each answer change is its own event, so the history of
every answer can be read back). Permissions are checked by the callers (views, API)
through `yjaudit.organisations.permissions`; these functions enforce the workflow.

Optimistic locking: every case audit has a `version`. A save names the version the
editor loaded and, per question, the answer it loaded (its *base*). When the version
is current the save is written. When someone else saved meanwhile, the save is still
written if none of its questions were changed by them (their change stays, nothing is
lost); if any was, nothing is written and `StaleEdit` lists each such question with
both people's answers, so the editor can choose. What the editor saved themselves
meanwhile (two quick autosaves with one version) is not someone else's change: it is
replaced, and `SaveOutcome.merged` is set only when someone else saved.

Saves are bounded (`settings.YJAUDIT_LIMITS`): answers per save, each question once,
note and text lengths; conflict responses cut notes (`Conflict.public`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yjaudit.audittrail.models import AuditEvent
from yjaudit.audittrail.services import record, snapshot
from yjaudit.config.limits import limit
from yjaudit.engine import EngineInputError, resolve_value
from yjaudit.organisations import permissions
from yjaudit.spec.model import Framework, RatedBy

from . import results
from .audit_models import (
    AuditStatus,
    CaseAnswer,
    CaseAudit,
    InspectionFinding,
    JudgementRating,
    RatingOverride,
    Resolution,
    SecondMark,
)
from .audit_selectors import case_layout, differences
from .models import AuditRound, SampleStatus

Actor = Any


class AuditError(Exception):
    """A change the workflow refuses; the message is for the user."""


class Incomplete(AuditError):
    def __init__(self, missing: list[tuple[str, str, str]]):
        # (standard id, question id, question text)
        self.missing = missing
        super().__init__(
            _("%(n)d applicable questions are not answered yet.") % {"n": len(missing)}
        )


@dataclass(frozen=True)
class Conflict:
    question_id: str
    yours_value: str
    yours_note: str
    theirs_value: str
    theirs_note: str
    by: str

    def public(self) -> dict[str, Any]:
        """For a JSON response: notes cut to `conflict_note_chars`, so a refused save never
        echoes unbounded text (the page shows the whole note)."""
        cut = limit("conflict_note_chars")

        def short(text: str) -> str:
            return text if len(text) <= cut else text[:cut] + "…"

        return {
            "question_id": self.question_id,
            "yours_value": self.yours_value,
            "yours_note": short(self.yours_note),
            "theirs_value": self.theirs_value,
            "theirs_note": short(self.theirs_note),
            "notes_truncated": max(len(self.yours_note), len(self.theirs_note)) > cut,
            "by": self.by,
        }


class StaleEdit(AuditError):
    def __init__(self, conflicts: list[Conflict], version: int):
        self.conflicts = conflicts
        self.version = version
        super().__init__(
            _(
                "Someone else changed this case audit while you were editing it. "
                "Nothing of yours was saved for the questions listed: check their answer, "
                "then save yours again if it should stand."
            )
        )


@dataclass(frozen=True)
class AnswerInput:
    question_id: str
    value: str  # a code or alias the question allows; "" clears the answer
    note: str = ""
    # What the editor loaded (None: unknown, so the save needs the current version).
    base_value: str | None = None
    base_note: str | None = None


@dataclass
class SaveOutcome:
    version: int
    saved: list[str] = field(default_factory=list)
    # Someone else changed the case audit since the editor's version (their changes
    # stand beside this save). Never set for the editor's own earlier saves.
    merged: bool = False


def _user(actor: Actor) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _label(actor: Actor) -> str:
    user = _user(actor)
    return user.get_username() if user is not None else _("the system")


def _framework(audit: CaseAudit) -> Framework:
    return results.round_framework(audit.round)


def _na_code(framework: Framework, question_id: str) -> str | None:
    ref = framework.questions[question_id]
    for v in ref.answer_type.values:
        if v.excluded:
            return v.value
    return None


def _trail_audit(audit: CaseAudit) -> dict[str, Any]:
    return snapshot(
        audit,
        [
            "status",
            "version",
            "auditor",
            "case_manager_present",
            "summary",
            "return_comments",
            "reopen_reason",
            "moderation_selected",
            "second_marker",
            "second_marking_done",
        ],
    )


# -- creating audits -------------------------------------------------------------------


def ensure_audits(*, actor: Actor, audit_round: AuditRound) -> int:
    """A case audit for every case in the round's active sample (idempotent).

    Called by the draw, swap and restore of a sample (`round_services`), inside their
    transaction, so a drawn sample always has its case audits. Never call it from a
    read (a GET writes nothing)."""
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
                actor=_user(actor),
                action="audit.create",
                target=audit,
                after=_trail_audit(audit),
                service=audit_round.service_id,
            )
        results.bump(audit_round.pk)
    return len(missing)


def apply_rules(audit: CaseAudit, *, actor: Actor = None) -> int:
    """Store "not applicable" for questions the framework's rules exclude for this case
    (and drop such rule answers that no longer apply). Returns the rows changed.

    Each change is an "audit.rule_answer" row in the audit trail (before and after, with
    any note), so an answer the rules replace can always be found again.
    """
    framework = _framework(audit)
    layout = case_layout(framework, results.case_attributes(audit.case))
    excluded = {q.id for s in layout for q in s.questions if not q.applies}
    existing = {a.question_id: a for a in audit.answers.all()}
    changes: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    for qid in sorted(excluded):
        code = _na_code(framework, qid)
        current = existing.get(qid)
        if code is None:
            continue
        if current is None:
            CaseAnswer.objects.create(audit=audit, question_id=qid, value=code, by_rule=True)
            changes.append((None, _rule_trail(qid, code, "", True)))
        elif current.value != code:
            was = _rule_trail(qid, current.value, current.note, current.by_rule)
            current.value, current.by_rule = code, True
            current.save(update_fields=["value", "by_rule", "updated_at"])
            changes.append((was, _rule_trail(qid, code, current.note, True)))
    stale = sorted((q, a) for q, a in existing.items() if a.by_rule and q not in excluded)
    if stale:
        CaseAnswer.objects.filter(pk__in=[a.pk for _q, a in stale]).delete()
        changes += [(_rule_trail(q, a.value, a.note, True), None) for q, a in stale]
    for trail_before, trail_after in changes:
        record(
            actor=_user(actor),
            action="audit.rule_answer",
            target=audit,
            before=trail_before,
            after=trail_after,
            service=audit.case.service_id,
        )
    return len(changes)


def _rule_trail(question_id: str, value: str, note: str, by_rule: bool) -> dict[str, Any]:
    return {"question": question_id, "value": value, "note": note, "by_rule": by_rule}


# -- answering -------------------------------------------------------------------------


def _locked(audit: CaseAudit) -> CaseAudit:
    return (
        CaseAudit.objects.select_for_update(of=("self",))
        .select_related("round", "case", "case__team", "case__case_manager")
        .get(pk=audit.pk)
    )


def _resolve(framework: Framework, audit: CaseAudit, item: AnswerInput) -> str:
    ref = framework.questions.get(item.question_id)
    if ref is None:
        raise AuditError(_("Unknown question %(q)s.") % {"q": item.question_id})
    if not item.value:
        return ""
    try:
        return resolve_value(ref, item.value).value
    except EngineInputError as exc:
        raise AuditError(f"{item.question_id}: {exc}") from None


def save_answers(
    *,
    actor: Actor,
    audit: CaseAudit,
    version: int,
    answers: Sequence[AnswerInput],
    case_manager_present: bool | None = None,
    set_case_manager_present: bool = False,
    summary: str | None = None,
) -> SaveOutcome:
    _check_bounds(answers, summary)
    # What needs no lock is worked out first: on SQLite a write transaction holds the
    # database's one write lock from its start (IMMEDIATE), so it is kept short.
    framework = _framework(audit)
    if len(answers) > len(framework.questions):
        raise AuditError(
            _("One save can hold at most %(n)d answers (the framework's questions).")
            % {"n": len(framework.questions)}
        )
    layout = case_layout(framework, results.case_attributes(audit.case))
    answerable = {q.id for s in layout for q in s.visible}
    codes: dict[str, str] = {}
    for item in answers:
        codes[item.question_id] = _resolve(framework, audit, item)
        if item.question_id not in answerable:
            raise AuditError(
                _("Question %(q)s does not apply to this case.") % {"q": item.question_id}
            )
    with transaction.atomic():
        locked = _locked(audit)
        if not locked.editable:
            raise AuditError(
                _("This case audit is %(status)s, so its answers cannot be changed.")
                % {"status": locked.get_status_display().lower()}
            )
        # Only the rows of the questions being saved (autosave sends one, not the ~50
        # stored): the lock on the audit keeps them from changing meanwhile.
        asked = {item.question_id for item in answers}
        current = {
            a.question_id: a
            for a in locked.answers.filter(question_id__in=asked).select_related("updated_by")
        }
        stale = locked.version != version
        user = _user(actor)
        wanted: list[tuple[AnswerInput, str]] = []
        conflicts: list[Conflict] = []
        for item in answers:
            code = codes[item.question_id]
            row = current.get(item.question_id)
            now = (row.value, row.note) if row else ("", "")
            if now == (code, item.note):
                continue
            if (item.base_value, item.base_note) == (code, item.note):
                continue  # not changed by this editor: leave whatever is stored
            if stale:
                changed = (
                    item.base_value is None
                    or item.base_value != now[0]
                    or (item.base_note is not None and item.base_note != now[1])
                )
                # What differs from the editor's base may be the editor's own earlier
                # save (two quick autosaves racing): only someone else's is a conflict.
                if changed and not _last_changed_by_self(locked, item.question_id, row, user):
                    by = row.updated_by.get_username() if row and row.updated_by else ""
                    conflicts.append(
                        Conflict(item.question_id, code, item.note, now[0], now[1], by)
                    )
                    continue
            wanted.append((item, code))
        if conflicts:
            raise StaleEdit(conflicts, locked.version)
        # The last change to the audit tells whether anyone else saved since `version`:
        # every save sets `updated_by`, so a stale version last saved by this editor was
        # stale through their own saves (anyone else's in between was reported then).
        others = stale and (user is None or locked.updated_by_id != user.pk)
        outcome = SaveOutcome(version=locked.version, merged=others)
        for item, code in wanted:
            row = current.get(item.question_id)
            before = (
                {"question": item.question_id, "value": row.value, "note": row.note}
                if row
                else None
            )
            if not code:
                if row is not None:
                    row.delete()
                after = None
            elif row is None:
                CaseAnswer.objects.create(
                    audit=locked,
                    question_id=item.question_id,
                    value=code,
                    note=item.note,
                    updated_by=user,
                )
                after = {"question": item.question_id, "value": code, "note": item.note}
            else:
                row.value, row.note, row.by_rule, row.updated_by = code, item.note, False, user
                row.save()
                after = {"question": item.question_id, "value": code, "note": item.note}
            record(
                actor=user,
                action="audit.answer",
                target=locked,
                before=before,
                after=after,
                service=locked.case.service_id,
            )
            outcome.saved.append(item.question_id)
        extra_before = _trail_audit(locked)
        details = False
        if set_case_manager_present and locked.case_manager_present != case_manager_present:
            locked.case_manager_present = case_manager_present
            details = True
        if summary is not None and summary != locked.summary:
            locked.summary = summary
            details = True
        if outcome.saved or details:
            locked.version += 1
            locked.updated_by = user
            if locked.auditor_id is None and user is not None:
                locked.auditor = user
            locked.save()
            if details:
                record(
                    actor=user,
                    action="audit.update",
                    target=locked,
                    before=extra_before,
                    after=_trail_audit(locked),
                    service=locked.case.service_id,
                )
            if outcome.saved:
                results.bump(locked.round_id)
        outcome.version = locked.version
    audit.version = outcome.version
    return outcome


def _check_bounds(answers: Sequence[AnswerInput], summary: str | None) -> None:
    """Refuse a save bigger than any real one before touching the database (issue 10:
    one request repeating an answer 20,000 times took the server down)."""
    most = limit("answers_per_save")
    if len(answers) > most:
        raise AuditError(_("One save can hold at most %(n)d answers.") % {"n": most})
    seen: set[str] = set()
    note_chars = limit("note_chars")
    for item in answers:
        if item.question_id in seen:
            raise AuditError(
                _("Question %(q)s is answered more than once in this save.")
                % {"q": item.question_id}
            )
        seen.add(item.question_id)
        if len(item.note) > note_chars or len(item.base_note or "") > note_chars:
            raise AuditError(
                _("The evidence for %(q)s is longer than %(n)d characters.")
                % {"q": item.question_id, "n": note_chars}
            )
    if summary is not None and len(summary) > limit("text_chars"):
        raise AuditError(
            _("The feedback is longer than %(n)d characters.") % {"n": limit("text_chars")}
        )


def _last_changed_by_self(locked: CaseAudit, question_id: str, row: Any, user: Any) -> bool:
    """Whether the stored answer to the question was last changed by `user`."""
    if user is None:
        return False
    if row is not None:
        return bool(row.updated_by_id == user.pk)
    # Cleared: the row is gone, the trail says who cleared it (rare, so one query).
    last = (
        AuditEvent.objects.filter(
            action="audit.answer",
            object_type=locked._meta.label_lower,
            object_id=str(locked.pk),
            before__question=question_id,
            after__isnull=True,
        )
        .order_by("-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    return bool(last == user.pk)


# -- workflow --------------------------------------------------------------------------


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
        locked.updated_by = _user(actor)
        locked.save()
        record(
            actor=_user(actor),
            action=action,
            target=locked,
            before=before,
            after=_trail_audit(locked),
            service=locked.case.service_id,
        )
        results.bump(locked.round_id)
    return locked


def missing_answers(audit: CaseAudit) -> list[tuple[str, str, str]]:
    layout = case_layout(
        _framework(audit),
        results.case_attributes(audit.case),
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
        user = _user(actor)
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
    return _transition(
        actor=actor,
        audit=audit,
        allowed_from=(AuditStatus.SUBMITTED, AuditStatus.MODERATED),
        to=AuditStatus.RETURNED,
        action="audit.return",
        version=version,
        return_comments=comments.strip(),
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
    return _transition(
        actor=actor,
        audit=audit,
        allowed_from=(AuditStatus.MODERATED,),
        to=AuditStatus.SIGNED_OFF,
        action="audit.signoff",
        version=version,
        signed_off_at=timezone.now(),
        signed_off_by=_user(actor),
    )


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


# -- moderation ------------------------------------------------------------------------


def select_for_moderation(
    *,
    actor: Actor,
    audit_round: AuditRound,
    audit_ids: Iterable[int] = (),
    share: float | None = None,
    seed: int | None = None,
) -> list[CaseAudit]:
    """Choose cases for blind second marking: the ones named, or a random share."""
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
                actor=_user(actor),
                action="audit.select_moderation",
                target=audit,
                before=before,
                after=_trail_audit(audit),
                service=audit_round.service_id,
            )
    return chosen


def can_second_mark(actor: Actor, audit: CaseAudit) -> bool:
    return permissions.second_marking_open_to(_user(actor), audit)


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
        layout = case_layout(framework, results.case_attributes(locked.case))
        answerable = {q.id for s in layout for q in s.visible}
        existing = {m.question_id: m for m in locked.second_marks.all()}
        saved: list[str] = []
        user = _user(actor)
        for item in marks:
            if item.question_id not in answerable:
                raise AuditError(
                    _("Question %(q)s does not apply to this case.") % {"q": item.question_id}
                )
            code = _resolve(framework, locked, item)
            row = existing.get(item.question_id)
            if not code:
                if row is not None:
                    row.delete()
                continue
            if row is None:
                SecondMark.objects.create(
                    audit=locked,
                    question_id=item.question_id,
                    value=code,
                    note=item.note,
                    marker=user,
                )
            elif (row.value, row.note) != (code, item.note):
                row.value, row.note = code, item.note
                row.save()
            else:
                continue
            saved.append(item.question_id)
            record(
                actor=user,
                action="audit.second_mark",
                target=locked,
                after={"question": item.question_id, "value": code, "note": item.note},
                service=locked.case.service_id,
            )
        if locked.second_marker_id is None:
            locked.second_marker = user
            locked.save(update_fields=["second_marker", "updated_at"])
    return saved


def finish_second_marking(*, actor: Actor, audit: CaseAudit) -> CaseAudit:
    with transaction.atomic():
        locked = _locked(audit)
        if not can_second_mark(actor, locked):
            raise AuditError(_("You cannot finish second marking this case audit."))
        layout = case_layout(_framework(locked), results.case_attributes(locked.case))
        marked = {m.question_id for m in locked.second_marks.all()}
        missing = [q.id for s in layout for q in s.visible if q.id not in marked]
        if missing:
            raise Incomplete(
                [(s.id, q.id, q.text) for s in layout for q in s.visible if q.id not in marked]
            )
        before = _trail_audit(locked)
        locked.second_marking_done = True
        locked.second_marker = _user(actor)
        locked.version += 1
        locked.save()
        record(
            actor=_user(actor),
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
        user = _user(actor)
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
        results.bump(locked.round_id)
    return resolution


# -- judgements, overrides, inspection -------------------------------------------------


def _check_rating(framework: Framework, standard_id: str, rating: str) -> str:
    try:
        standard = framework.standard(standard_id)
    except KeyError:
        raise AuditError(_("Unknown standard %(s)s.") % {"s": standard_id}) from None
    scheme = framework.rating_scheme(standard.rating_scheme)
    if scheme is None:
        raise AuditError(_("Standard %(s)s is not rated.") % {"s": standard_id})
    band = scheme.band_by_label(rating)
    if band is None:
        raise AuditError(
            _("%(r)s is not a rating of standard %(s)s.") % {"r": rating, "s": standard_id}
        )
    return band.label


def set_judgement(
    *,
    actor: Actor,
    audit_round: AuditRound,
    standard_id: str,
    rating: str,
    evidence: str,
    reasons: str,
) -> JudgementRating:
    framework = results.round_framework(audit_round)
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
        row.updated_by = _user(actor)
        row.save()
        record(
            actor=_user(actor),
            action="audit.judgement",
            target=row,
            before=before,
            after=snapshot(row, ["rating", "evidence", "reasons"]),
            service=audit_round.service_id,
        )
        results.bump(audit_round.pk)
    return row


def set_override(
    *, actor: Actor, audit_round: AuditRound, standard_id: str, rating: str, reason: str
) -> RatingOverride | None:
    """Set (or with an empty rating, remove) the override of a standard's rating."""
    framework = results.round_framework(audit_round)
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
                actor=_user(actor),
                action="audit.override_remove",
                target=audit_round,
                before={"standard": standard_id, **(before or {})},
                service=audit_round.service_id,
            )
            results.bump(audit_round.pk)
            return None
        label = _check_rating(framework, standard_id, rating)
        if not reason.strip():
            raise AuditError(_("An override needs a reason."))
        if row is None:
            row = RatingOverride(round=audit_round, standard_id=standard_id)
        row.rating, row.reason, row.set_by = label, reason.strip(), _user(actor)
        row.save()
        record(
            actor=_user(actor),
            action="audit.override",
            target=row,
            before=before,
            after=snapshot(row, ["rating", "reason"]),
            service=audit_round.service_id,
        )
        results.bump(audit_round.pk)
    return row


@dataclass(frozen=True)
class FindingInput:
    standard_id: str
    rating: str
    percent: int | None


def import_inspection(
    *, actor: Actor, audit_round: AuditRound, findings: Sequence[FindingInput], source: str
) -> int:
    """Replace the inspection findings the round is compared with (all or nothing)."""
    framework = results.round_framework(audit_round)
    checked: list[FindingInput] = []
    for i, f in enumerate(findings, start=1):
        try:
            label = _check_rating(framework, f.standard_id, f.rating) if f.rating else ""
        except AuditError as exc:
            raise AuditError(_("Line %(n)d: %(e)s") % {"n": i, "e": exc}) from None
        if f.percent is not None and not 0 <= f.percent <= 100:
            raise AuditError(_("Line %(n)d: a percentage is from 0 to 100.") % {"n": i})
        checked.append(FindingInput(f.standard_id, label, f.percent))
    with transaction.atomic():
        before = list(audit_round.inspection.values("standard_id", "rating", "percent", "source"))
        audit_round.inspection.all().delete()
        for f in checked:
            InspectionFinding.objects.create(
                round=audit_round,
                standard_id=f.standard_id,
                rating=f.rating,
                percent=f.percent,
                source=source,
            )
        record(
            actor=_user(actor),
            action="audit.inspection_import",
            target=audit_round,
            before={"findings": before},
            after={"findings": [f.__dict__ for f in checked], "source": source},
            service=audit_round.service_id,
        )
    return len(checked)


# -- answers files (yjaudit answers import) --------------------------------------------


class ImportProblem(AuditError):
    """A problem with an answers file, located as `file: row N, column C: message`."""


def import_answers(
    *,
    actor: Actor,
    audit_round: AuditRound,
    answer_file: Any,
    judgement_file: Any = None,
    override_file: Any = None,
) -> dict[str, int]:
    """Load an answers file (`interchange.AnswerFile`, already checked against the
    framework) into the round's case audits, with the round's judgements and overrides
    files if given (`interchange.JudgementFile`, `OverrideFile`): all or nothing.

    Each case is found by its reference among the round's sampled cases; each answer
    must be to a question the case is audited on (a question the framework's rules
    exclude for the case may only be "not applicable"); the case audit must be open
    for answering. An imported answer replaces the stored answer to the same question,
    and its note the stored note (a file without a note column keeps the stored notes).
    """
    with transaction.atomic():  # any problem below undoes everything, audits created too
        summary = _import_answers(actor, audit_round, answer_file)
        summary["judgements"] = _import_ratings(actor, audit_round, judgement_file, judged=True)
        summary["overrides"] = _import_ratings(actor, audit_round, override_file, judged=False)
    return summary


def _import_ratings(actor: Actor, audit_round: AuditRound, file: Any, *, judged: bool) -> int:
    """Judgements (or overrides) from a checked file; unchanged ones are not rewritten."""
    if file is None:
        return 0
    model: Any = JudgementRating if judged else RatingOverride
    stored: dict[str, Any] = {r.standard_id: r for r in model.objects.filter(round=audit_round)}
    items = file.judgements if judged else file.overrides
    changed = 0
    for i, item in enumerate(items):
        row = file.rows[i]
        if not item.reason.strip():
            raise ImportProblem(f"{file.file}: row {row}, column reason: " + _("Give the reasons."))
        old = stored.get(item.standard_id)
        try:
            if judged:
                evidence = file.evidence[i] if file.evidence else ""
                if old and (old.rating, old.evidence, old.reasons) == (
                    item.rating,
                    evidence,
                    item.reason,
                ):
                    continue
                set_judgement(
                    actor=actor,
                    audit_round=audit_round,
                    standard_id=item.standard_id,
                    rating=item.rating,
                    evidence=evidence,
                    reasons=item.reason,
                )
            else:
                if old and (old.rating, old.reason) == (item.rating, item.reason):
                    continue
                set_override(
                    actor=actor,
                    audit_round=audit_round,
                    standard_id=item.standard_id,
                    rating=item.rating,
                    reason=item.reason,
                )
        except AuditError as exc:
            raise ImportProblem(f"{file.file}: row {row}, column rating: {exc}") from None
        changed += 1
    return changed


def _import_answers(actor: Actor, audit_round: AuditRound, answer_file: Any) -> dict[str, int]:
    ensure_audits(actor=actor, audit_round=audit_round)
    framework = results.round_framework(audit_round)
    audits = {
        a.case.reference: a
        for a in CaseAudit.objects.filter(
            round=audit_round, sampled_case__status=SampleStatus.ACTIVE
        ).select_related("case", "case__team", "case__case_manager")
    }
    layouts: dict[str, tuple[set[str], set[str]]] = {}
    per_audit: dict[str, list[AnswerInput]] = {}
    notes = answer_file.notes  # None: keep the stored notes

    def problem(index: int, column: str, message: str) -> ImportProblem:
        row = answer_file.row_of(index)
        return ImportProblem(f"{answer_file.file}: row {row}, column {column}: {message}")

    for i, answer in enumerate(answer_file.answers):
        audit = audits.get(answer.case_id)
        if audit is None:
            raise problem(
                i,
                "case_id",
                f"case {answer.case_id!r} is not in the sample of round {audit_round.pk}",
            )
        if not audit.editable:
            raise problem(
                i,
                "case_id",
                f"the case audit of {answer.case_id} is {audit.get_status_display().lower()}: "
                "reopen or return it first",
            )
        if answer.case_id not in layouts:
            layout = case_layout(framework, results.case_attributes(audit.case))
            layouts[answer.case_id] = (
                {q.id for s in layout for q in s.visible},
                {q.id for s in layout for q in s.questions if not q.applies},
            )
        visible, excluded = layouts[answer.case_id]
        if answer.question_id in excluded:
            if answer.value != _na_code(framework, answer.question_id):
                raise problem(
                    i,
                    "answer",
                    f"question {answer.question_id} does not apply to case {answer.case_id} "
                    "under the framework's rules: only not applicable is allowed",
                )
            continue
        if answer.question_id not in visible:
            standard = framework.questions[answer.question_id].standard_id
            raise problem(
                i,
                "question_id",
                f"case {answer.case_id} is not audited on standard {standard} "
                f"(its disposal is {audit.case.disposal_category})",
            )
        note = notes[i] if notes is not None else None
        per_audit.setdefault(answer.case_id, []).append(
            AnswerInput(answer.question_id, answer.value, note if note is not None else "")
        )
    saved = 0
    for ref, items in per_audit.items():
        audit = audits[ref]
        if notes is None:
            # Keep any evidence note already written for the question.
            current = {a.question_id: a.note for a in audit.answers.all()}
            items = [
                AnswerInput(x.question_id, x.value, current.get(x.question_id, "")) for x in items
            ]
        outcome = save_answers(actor=actor, audit=audit, version=audit.version, answers=items)
        saved += len(outcome.saved)
    return {"cases": len(per_audit), "answers": sum(map(len, per_audit.values())), "changed": saved}
