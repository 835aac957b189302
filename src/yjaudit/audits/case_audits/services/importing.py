"""Importing a round's answers, judgements and inspection findings from files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.case_audits.selectors import case_layout
from yjaudit.audits.models import (
    AuditRound,
    CaseAudit,
    InspectionFinding,
    JudgementRating,
    RatingOverride,
    SampleStatus,
)
from yjaudit.audittrail.actors import user_of
from yjaudit.audittrail.services import record
from yjaudit.spec.model import Framework

from .answers import save_answers
from .common import (
    Actor,
    AnswerInput,
    AuditError,
    _check_rating,
    _na_code,
    _refuse_if_archived,
)
from .judgements import set_judgement, set_override
from .workflow import ensure_audits


@dataclass(frozen=True)
class FindingInput:
    standard_id: str
    rating: str
    percent: int | None


def import_inspection(
    *, actor: Actor, audit_round: AuditRound, findings: Sequence[FindingInput], source: str
) -> int:
    """Replace the inspection findings the round is compared with (all or nothing)."""
    _refuse_if_archived(audit_round)
    framework = round_scores.round_framework(audit_round)
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
            actor=user_of(actor),
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
    _refuse_if_archived(audit_round)
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
    framework = round_scores.round_framework(audit_round)
    audits = {
        a.case.reference: a
        for a in CaseAudit.objects.filter(
            round=audit_round, sampled_case__status=SampleStatus.ACTIVE
        ).select_related("case", "case__team", "case__case_manager")
    }
    per_audit = _answers_by_case(framework, audit_round, audits, answer_file)
    saved = 0
    for ref, items in per_audit.items():
        audit = audits[ref]
        if answer_file.notes is None:
            # Keep any evidence note already written for the question.
            current = {a.question_id: a.note for a in audit.answers.all()}
            items = [
                AnswerInput(x.question_id, x.value, current.get(x.question_id, "")) for x in items
            ]
        outcome = save_answers(actor=actor, audit=audit, version=audit.version, answers=items)
        saved += len(outcome.saved)
    return {"cases": len(per_audit), "answers": sum(map(len, per_audit.values())), "changed": saved}


def _answers_by_case(
    framework: Framework,
    audit_round: AuditRound,
    audits: dict[str, CaseAudit],
    answer_file: Any,
) -> dict[str, list[AnswerInput]]:
    """The file's answers per case reference, each checked against the case's audit:
    sampled, open, and audited on the question (an excluded one only "not applicable",
    which the rules already store, so it is skipped)."""
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
            layout = case_layout(framework, round_scores.audit_attributes(audit))
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
    return per_audit
