"""What every case-audit write shares: the errors, the inputs and the trail helpers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _

from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.models import AuditRound, CaseAudit, RoundStatus
from yjaudit.audittrail.actors import Actor, user_of
from yjaudit.audittrail.services import record, snapshot
from yjaudit.config.limits import limit
from yjaudit.engine import EngineInputError, resolve_value
from yjaudit.errors import DomainError
from yjaudit.spec.model import Framework
from yjaudit.web.ratings import label_from_words


class AuditError(DomainError):
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


def _label(actor: Actor) -> str:
    user = user_of(actor)
    return user.get_username() if user is not None else _("the system")


def _framework(audit: CaseAudit) -> Framework:
    return round_scores.round_framework(audit.round)


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


def _round_started(round_id: int) -> None:
    """A sampled round is "in progress" from its first saved answer (one UPDATE, a no-op
    afterwards; the answer's own trail row records the work)."""
    AuditRound.objects.filter(pk=round_id, status=RoundStatus.SAMPLED).update(
        status=RoundStatus.IN_PROGRESS
    )


def _round_archived_message() -> str:
    return _("This round is archived, so it is read-only. Restore the round to change it.")


# What a closed round refuses to change, each with its own message.
Changing = Literal["case audits", "ratings"]


def _round_closed_message(changing: Changing) -> str:
    if changing == "ratings":
        return _("The round is closed: reopen the round to change its ratings.")
    return _("The round is closed: reopen the round to change its case audits.")


def _round_writable(
    audit_round: AuditRound, *, changing: Changing = "case audits", loaded: bool = False
) -> None:
    """Refuse a change to an archived or a closed round, in one query: an archived round is
    read-only until restored, a closed round's work final until a QA lead reopens it.

    ``loaded``: the caller has just read the round (with its locked case audit), so its
    own status and archive stamp are used and no query is made. Archived is checked first:
    restoring is the first step back to a writable round."""
    if loaded:
        status, archived_at = audit_round.status, audit_round.archived_at
    else:
        row = (
            AuditRound.objects.filter(pk=audit_round.pk)
            .values_list("status", "archived_at")
            .first()
        )
        status, archived_at = row if row is not None else (audit_round.status, None)
    if archived_at is not None:
        raise AuditError(_round_archived_message())
    if status == RoundStatus.CLOSED:
        raise AuditError(_round_closed_message(changing))


def _refuse_if_archived(audit_round: AuditRound) -> None:
    """An archived round takes no answers, markings, sign-offs or judgements (a closed one
    may still take some: `_round_writable` refuses both)."""
    if AuditRound.objects.filter(pk=audit_round.pk, archived_at__isnull=False).exists():
        raise AuditError(_round_archived_message())


def _locked(audit: CaseAudit) -> CaseAudit:
    locked = (
        CaseAudit.objects.select_for_update(of=("self",))
        .select_related("round", "case", "case__team", "case__case_manager")
        .get(pk=audit.pk)
    )
    if locked.round.archived_at is not None:
        raise AuditError(_round_archived_message())
    return locked


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
        # Typed in Welsh ("Da"): stored as the framework's own label ("Good").
        band = scheme.band_by_label(label_from_words(rating, [b.label for b in scheme.bands]))
    if band is None:
        raise AuditError(
            _("%(r)s is not a rating of standard %(s)s.") % {"r": rating, "s": standard_id}
        )
    return band.label


def _answer_trail(question_id: str, value: str, note: str) -> dict[str, Any]:
    return {"question": question_id, "value": value, "note": note}


def _put_answer_row(
    *,
    action: str,
    model: Any,
    audit: CaseAudit,
    row: Any,
    item: AnswerInput,
    code: str,
    user: Any,
    on_create: Mapping[str, Any],
    on_change: Mapping[str, Any],
) -> bool:
    """The one way an answer row is saved: a case answer or a second mark (question,
    value, note). Created, changed (with `on_change`'s fields), or deleted when the code
    is empty; each change leaves one audit-trail row (`action`, before and after).
    False when nothing changes."""
    qid = item.question_id
    before = _answer_trail(qid, row.value, row.note) if row is not None else None
    after: dict[str, Any] | None = None
    if not code:
        if row is None:
            return False
        row.delete()
    elif row is None:
        model.objects.create(audit=audit, question_id=qid, value=code, note=item.note, **on_create)
        after = _answer_trail(qid, code, item.note)
    else:
        wanted = {"value": code, "note": item.note, **on_change}
        if all(getattr(row, name) == value for name, value in wanted.items()):
            return False
        for name, value in wanted.items():
            setattr(row, name, value)
        row.save()
        after = _answer_trail(qid, code, item.note)
    record(
        actor=user,
        action=action,
        target=audit,
        before=before,
        after=after,
        service=audit.case.service_id,
    )
    return True
