"""Reads for case audits: which questions a case gets, progress, differences, agreement.

Which standards a case is audited on follows the standard's `scope` (court standards
for court disposals, out-of-court standards for out-of-court disposals, resettlement
standards for resettlement cases, `all` for every case); within them, a question
whose `applies_when` is false for the case is hidden and stored as not applicable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits.people import person_name
from yjaudit.audits.models import (
    AuditRound,
    AuditStatus,
    CaseAnswer,
    CaseAudit,
    SampleStatus,
    SecondMark,
)
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations import permissions
from yjaudit.reliability import Agreement, RatedPair, by_question, by_rater_pair, by_standard
from yjaudit.reliability import overall as overall_agreement
from yjaudit.spec.model import Framework, KeyQuestion, Prompt, RatedBy, Standard

# Scope -> (case attribute, value) a case needs to be audited on the standard.
SCOPE_TEST: Mapping[str, tuple[str, str] | None] = {
    "court": ("disposal_category", "court"),
    "out-of-court": ("disposal_category", "out-of-court"),
    "resettlement": ("resettlement", "yes"),
    "all": None,
}

# What a practitioner may see of their own cases' audits.
PRACTITIONER_STATUSES = (AuditStatus.SUBMITTED, AuditStatus.MODERATED, AuditStatus.SIGNED_OFF)


def _present(attrs: Mapping[str, str]) -> dict[str, str]:
    # As the engine does: an empty attribute is a missing one (the question is included).
    return {k: v for k, v in attrs.items() if v}


def standard_in_scope(standard: Standard, attrs: Mapping[str, str]) -> bool:
    if standard.rated_by is not RatedBy.CASES or not standard.key_questions:
        return False
    # A victim's case is audited on the victims' standards only, a child's case on the
    # children's (or, in a management oversight round, the managers' standards).
    if standard.subject.value != attrs.get("subject", "children"):
        return False
    if standard.scope.value not in SCOPE_TEST:
        return False
    test = SCOPE_TEST[standard.scope.value]
    if test is None:
        return True
    return attrs.get(test[0]) == test[1]


@dataclass
class QuestionView:
    id: str
    text: str
    guidance: str
    kind: str  # key_question / prompt
    values: list[tuple[str, str]]  # (code, label)
    applies: bool
    answer: CaseAnswer | None = None

    @property
    def answer_label(self) -> str:
        """The framework's word for the answer given ("Partly", not "partly")."""
        if self.answer is None:
            return ""
        return next((label for code, label in self.values if code == self.answer.value), "") or (
            self.answer.value
        )


@dataclass
class KeyQuestionView:
    question: QuestionView
    prompts: list[QuestionView] = field(default_factory=list)


@dataclass
class StandardView:
    id: str
    name: str
    description: str
    key_questions: list[KeyQuestionView]
    answered: int = 0
    applicable: int = 0

    @property
    def questions(self) -> list[QuestionView]:
        out: list[QuestionView] = []
        for kq in self.key_questions:
            out.append(kq.question)
            out.extend(kq.prompts)
        return out

    @property
    def visible(self) -> list[QuestionView]:
        return [q for q in self.questions if q.applies]

    @property
    def complete(self) -> bool:
        return self.answered >= self.applicable

    @property
    def missing(self) -> list[QuestionView]:
        return [q for q in self.visible if q.answer is None]


def _question(
    framework: Framework, item: KeyQuestion | Prompt, attrs: dict[str, str]
) -> QuestionView:
    ref = framework.questions[item.id]
    applies = ref.applies_when is None or ref.applies_when.holds(attrs) is not False
    return QuestionView(
        id=item.id,
        text=item.text,
        guidance=item.guidance,
        kind=ref.kind,
        values=[(v.value, v.label) for v in ref.answer_type.values],
        applies=applies,
    )


def case_layout(
    framework: Framework,
    attrs: Mapping[str, str],
    answers: Mapping[str, CaseAnswer] | None = None,
) -> list[StandardView]:
    """The standards a case is audited on, their questions, answers and progress."""
    present = _present(attrs)
    answers = answers or {}
    out: list[StandardView] = []
    for standard in framework.standards:
        if not standard_in_scope(standard, present):
            continue
        kqs = []
        for kq in standard.key_questions:
            view = KeyQuestionView(_question(framework, kq, present))
            view.prompts = [_question(framework, p, present) for p in kq.prompts]
            kqs.append(view)
        sv = StandardView(standard.id, standard.name, standard.description, kqs)
        for q in sv.questions:
            q.answer = answers.get(q.id)
        sv.applicable = len(sv.visible)
        sv.answered = sum(1 for q in sv.visible if q.answer is not None)
        out.append(sv)
    return out


def audit_answers(audit: CaseAudit) -> dict[str, CaseAnswer]:
    return {a.question_id: a for a in audit.answers.select_related("updated_by")}


def audit_layout(audit: CaseAudit) -> list[StandardView]:
    framework = results.round_framework(audit.round)
    return case_layout(framework, results.audit_attributes(audit), audit_answers(audit))


def audits_in_round(audit_round: AuditRound) -> QuerySet[CaseAudit]:
    return (
        CaseAudit.objects.filter(round=audit_round, sampled_case__status=SampleStatus.ACTIVE)
        .select_related(
            "case",
            "case__team",
            "case__case_manager__line_manager",
            "case__victim",
            "auditor",
            "second_marker",
            "sampled_case",
        )
        .order_by("sampled_case__position")
    )


def scoped_audits(user: Any, action: str = "audit.view") -> QuerySet[CaseAudit]:
    return permissions.scope(
        CaseAudit.objects.select_related(
            "round", "round__service", "round__framework_edition", "case", "case__case_manager"
        ),
        user,
        action,
        service_field="case__service",
        staff_field="case__case_manager",
    )


def practitioner_audits(user: Any) -> QuerySet[CaseAudit]:
    """Audits of the user's own cases (as case manager), once the auditor has submitted."""
    ids = [s.pk for s in _own_staff(user)]
    return scoped_audits(user).filter(
        case__case_manager_id__in=ids, status__in=PRACTITIONER_STATUSES
    )


def _own_staff(user: Any) -> Iterable[Any]:
    from yjaudit.organisations.models import StaffMember

    if not getattr(user, "is_authenticated", False):
        return []
    return StaffMember.objects.filter(user=user, active=True)


def answer_history(audit: CaseAudit) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type="audits.caseaudit", object_id=str(audit.pk)
    ).order_by("-timestamp", "-pk")


# -- moderation ------------------------------------------------------------------------


@dataclass
class Difference:
    question_id: str
    text: str
    standard_id: str
    first_value: str
    first_note: str
    second_value: str
    second_note: str
    resolved_value: str | None
    resolution_note: str


def differences(audit: CaseAudit) -> list[Difference]:
    framework = results.round_framework(audit.round)
    first = {a.question_id: a for a in audit.answers.all()}
    resolved = {r.question_id: r for r in audit.resolutions.all()}
    out: list[Difference] = []
    for mark in audit.second_marks.all():
        answer = first.get(mark.question_id)
        res = resolved.get(mark.question_id)
        first_value = res.first_value if res else (answer.value if answer else "")
        if first_value == mark.value:
            continue
        ref = framework.questions.get(mark.question_id)
        out.append(
            Difference(
                question_id=mark.question_id,
                text=ref.text if ref else "",
                standard_id=ref.standard_id if ref else "",
                first_value=first_value,
                first_note=answer.note if answer else "",
                second_value=mark.value,
                second_note=mark.note,
                resolved_value=res.value if res else None,
                resolution_note=res.note if res else "",
            )
        )
    order = list(framework.questions)
    out.sort(key=lambda d: order.index(d.question_id) if d.question_id in order else 0)
    return out


def rated_pairs(audit_round: AuditRound) -> list[RatedPair]:
    """First and second marks of every second-marked audit in the round (first marks as
    given before any resolution)."""
    framework = results.round_framework(audit_round)
    audits = (
        CaseAudit.objects.filter(round=audit_round, second_marking_done=True)
        .select_related("auditor", "second_marker", "case")
        .prefetch_related("answers", "second_marks", "resolutions")
    )
    pairs: list[RatedPair] = []
    for audit in audits:
        first = {a.question_id: a.value for a in audit.answers.all()}
        for r in audit.resolutions.all():
            first[r.question_id] = r.first_value
        rater_a = person_name(audit.auditor) or "first"
        rater_b = person_name(audit.second_marker) or "second"
        for mark in audit.second_marks.all():
            ref = framework.questions.get(mark.question_id)
            if ref is None:
                continue
            pairs.append(
                RatedPair(
                    item_id=audit.case.reference,
                    question_id=mark.question_id,
                    standard_id=ref.standard_id,
                    rater_a=rater_a,
                    rater_b=rater_b,
                    value_a=first.get(mark.question_id),
                    value_b=mark.value,
                )
            )
    return pairs


@dataclass
class AgreementSummary:
    overall: Agreement
    questions: dict[str, Agreement]
    standards: dict[str, Agreement]
    auditors: dict[tuple[str, str], Agreement]


def agreement(audit_round: AuditRound) -> AgreementSummary | None:
    pairs = rated_pairs(audit_round)
    if not pairs:
        return None
    return AgreementSummary(
        overall=overall_agreement(pairs),
        questions=by_question(pairs),
        standards=by_standard(pairs),
        auditors=by_rater_pair(pairs),
    )


def second_marks(audit: CaseAudit) -> dict[str, SecondMark]:
    return {m.question_id: m for m in audit.second_marks.all()}
