"""Writes for case audits: answers (optimistic locking), workflow, moderation, judgements.

Every function checks the state it needs, writes inside one transaction, bumps the
round's answers version when figures may move (`round_scores.bump`), and records the
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

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.case_audits.people import person_name
from yjaudit.audits.case_audits.selectors import case_layout
from yjaudit.audits.models import (
    CaseAnswer,
    CaseAudit,
)
from yjaudit.audittrail.actors import user_of
from yjaudit.audittrail.models import AuditEvent
from yjaudit.audittrail.services import record

from .common import (
    Actor,
    AnswerInput,
    AuditError,
    Conflict,
    SaveOutcome,
    StaleEdit,
    _check_bounds,
    _framework,
    _locked,
    _na_code,
    _put_answer_row,
    _resolve,
    _round_started,
    _trail_audit,
)


def apply_rules(audit: CaseAudit, *, actor: Actor = None) -> int:
    """Store "not applicable" for questions the framework's rules exclude for this case
    (and drop such rule answers that no longer apply). Returns the rows changed.

    Each change is an "audit.rule_answer" row in the audit trail (before and after, with
    any note), so an answer the rules replace can always be found again.
    """
    framework = _framework(audit)
    layout = case_layout(framework, round_scores.audit_attributes(audit))
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
            actor=user_of(actor),
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
    codes = _answer_codes(audit, answers)
    with transaction.atomic():
        locked = _editable(_locked(audit))
        # Only the rows of the questions being saved (autosave sends one, not the ~50
        # stored): the lock on the audit keeps them from changing meanwhile.
        asked = {item.question_id for item in answers}
        current = {
            a.question_id: a
            for a in locked.answers.filter(question_id__in=asked).select_related("updated_by")
        }
        stale = locked.version != version
        user = user_of(actor)
        wanted, conflicts = _changes(locked, answers, codes, current, stale=stale, user=user)
        if conflicts:
            raise StaleEdit(conflicts, locked.version)
        # The last change to the audit tells whether anyone else saved since `version`:
        # every save sets `updated_by`, so a stale version last saved by this editor was
        # stale through their own saves (anyone else's in between was reported then).
        others = stale and (user is None or locked.updated_by_id != user.pk)
        outcome = SaveOutcome(version=locked.version, merged=others)
        for item, code in wanted:
            if _put_answer_row(
                action="audit.answer",
                model=CaseAnswer,
                audit=locked,
                row=current.get(item.question_id),
                item=item,
                code=code,
                user=user,
                on_create={"updated_by": user},
                on_change={"by_rule": False, "updated_by": user},
            ):
                outcome.saved.append(item.question_id)
        _finish_save(
            locked,
            user,
            answers_saved=bool(outcome.saved),
            case_manager_present=case_manager_present,
            set_case_manager_present=set_case_manager_present,
            summary=summary,
        )
        outcome.version = locked.version
    audit.version = outcome.version
    return outcome


def _editable(locked: CaseAudit) -> CaseAudit:
    if not locked.editable:
        raise AuditError(
            _("This case audit is %(status)s, so its answers cannot be changed.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _finish_save(
    locked: CaseAudit,
    user: Any,
    *,
    answers_saved: bool,
    case_manager_present: bool | None,
    set_case_manager_present: bool,
    summary: str | None,
) -> None:
    """The audit's own details saved with the answers; a new version when anything
    changed (the details' change on the trail, the round's figures marked stale)."""
    extra_before = _trail_audit(locked)
    details = False
    if set_case_manager_present and locked.case_manager_present != case_manager_present:
        locked.case_manager_present = case_manager_present
        details = True
    if summary is not None and summary != locked.summary:
        locked.summary = summary
        details = True
    if not (answers_saved or details):
        return
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
    if answers_saved:
        round_scores.bump(locked.round_id)
        _round_started(locked.round_id)


def _answer_codes(audit: CaseAudit, answers: Sequence[AnswerInput]) -> dict[str, str]:
    """Each answer's stored code; refuses a save larger than the framework, or an answer
    to a question that does not apply to this case."""
    framework = _framework(audit)
    if len(answers) > len(framework.questions):
        raise AuditError(
            _("One save can hold at most %(n)d answers (the framework's questions).")
            % {"n": len(framework.questions)}
        )
    layout = case_layout(framework, round_scores.audit_attributes(audit))
    answerable = {q.id for s in layout for q in s.visible}
    codes: dict[str, str] = {}
    for item in answers:
        codes[item.question_id] = _resolve(framework, audit, item)
        if item.question_id not in answerable:
            raise AuditError(
                _("Question %(q)s does not apply to this case.") % {"q": item.question_id}
            )
    return codes


def _changes(
    locked: CaseAudit,
    answers: Sequence[AnswerInput],
    codes: dict[str, str],
    current: dict[str, Any],
    *,
    stale: bool,
    user: Any,
) -> tuple[list[tuple[AnswerInput, str]], list[Conflict]]:
    """The answers to write, and those someone else changed since the editor loaded them."""
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
                by = person_name(row.updated_by) if row else ""  # a name, never an e-mail
                conflicts.append(Conflict(item.question_id, code, item.note, now[0], now[1], by))
                continue
        wanted.append((item, code))
    return wanted, conflicts


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
