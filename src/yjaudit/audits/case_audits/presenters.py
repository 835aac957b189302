"""Shape case-audit data for the pages (no writes, no permission decisions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits.oversight import ManagerTrend, manager_trend
from yjaudit.audits.case_audits.people import person_names
from yjaudit.audits.case_audits.result_charts import ResultCharts, result_charts
from yjaudit.audits.case_audits.selectors import StandardView
from yjaudit.audits.case_audits.services import AuditError, Conflict, FindingInput
from yjaudit.audits.disclosure import FULL, Disclosure, for_round
from yjaudit.audits.models import AuditRound, CaseAnswer, CaseAudit, SecondMark
from yjaudit.cases.models import Case
from yjaudit.engine import Figure, ScoreResult, StandardResult
from yjaudit.engine.scoring import UNKNOWN
from yjaudit.organisations import permissions
from yjaudit.spec.model import Framework, RatedBy

SPLIT_LABELS = {
    "setting": gettext_lazy("Custody and community"),
    "disposal_category": gettext_lazy("Court and out-of-court"),
    "team": gettext_lazy("Team"),
    "case_manager": gettext_lazy("Case manager"),
    "sex": gettext_lazy("Sex"),
    "ethnicity": gettext_lazy("Ethnic group"),
}


def figure_text(f: Figure) -> str:
    return f"{_n(f.numerator)} / {_n(f.denominator)}"


def _n(x: Any) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


# -- round list ------------------------------------------------------------------------


# Up to this many rows, ``audit_rows`` reads only their answers (an id list the database
# takes easily); more, and it reads the round's.
FEW_ROWS = 200


@dataclass
class AuditRow:
    audit: CaseAudit
    answered: int
    applicable: int
    second_markable: bool
    auditor: str = ""
    second_marker: str = ""

    @property
    def share_answered(self) -> float:
        """Answered questions as a share of those that apply (0 when none apply)."""
        return self.answered / self.applicable if self.applicable else 0.0


def audit_rows(
    audit_round: AuditRound, user: Any, audits: Sequence[CaseAudit] | None = None
) -> list[AuditRow]:
    """A row for each of ``audits`` (all the round's case audits if not given), in
    their order: a fixed number of queries, whatever the number of rows."""
    framework = results.round_framework(audit_round)
    if audits is None:
        audits = list(audit_selectors.audits_in_round(audit_round))
    answers = CaseAnswer.objects.filter(audit__round=audit_round)
    if len(audits) <= FEW_ROWS:  # a page of rows: only their answers, not the round's
        answers = answers.filter(audit_id__in=[a.pk for a in audits])
    answered: dict[int, set[str]] = defaultdict(set)
    for audit_id, qid in answers.values_list("audit_id", "question_id"):
        answered[audit_id].add(qid)
    names = person_names(
        [a.auditor for a in audits if a.auditor]
        + [a.second_marker for a in audits if a.second_marker]
    )
    rows = []
    for audit in audits:
        attrs = results.case_attributes(audit.case, audit_round.subject)
        layout = audit_selectors.case_layout(framework, attrs)
        visible = [q.id for s in layout for q in s.visible]
        rows.append(
            AuditRow(
                audit,
                sum(1 for q in visible if q in answered[audit.pk]),
                len(visible),
                # Offered only to who may take it: role in the service and audit state.
                permissions.may_second_mark(user, audit),
                names.get(audit.auditor_id or 0, ""),
                names.get(audit.second_marker_id or 0, ""),
            )
        )
    return rows


# -- answering -------------------------------------------------------------------------


@dataclass
class QuestionRow:
    q: Any
    value: str
    note: str
    base_value: str
    base_note: str
    conflict: Conflict | None
    by_rule: bool = False
    dom_id: str = ""

    def _words(self, code: str) -> str:
        """An answer code as the question words it ("partly" -> "Partly")."""
        return str(dict(self.q.values).get(code, code)) if code else ""

    @property
    def value_words(self) -> str:
        return self._words(self.value)

    @property
    def theirs_words(self) -> str:
        return self._words(self.conflict.theirs_value) if self.conflict else ""

    @property
    def yours_words(self) -> str:
        return self._words(self.conflict.yours_value) if self.conflict else ""


def question_rows(
    standard: StandardView,
    posted: Mapping[str, tuple[str, str]],
    conflicts: Sequence[Conflict],
) -> list[QuestionRow]:
    """Each visible question with what to show: the stored answer, or the editor's own
    input when a save was refused (nothing typed is lost), and any conflict."""
    by_q = {c.question_id: c for c in conflicts}
    rows = []
    for q in standard.visible:
        stored = (q.answer.value, q.answer.note) if q.answer else ("", "")
        shown = posted.get(q.id, stored)
        rows.append(
            QuestionRow(
                q=q,
                value=shown[0],
                note=shown[1],
                # After a conflict the base becomes the other person's answer, so saving
                # again is a deliberate choice over it.
                base_value=stored[0],
                base_note=stored[1],
                conflict=by_q.get(q.id),
                by_rule=bool(q.answer and q.answer.by_rule),
                dom_id=q.id.replace(".", "-"),
            )
        )
    return rows


def mark_rows(standard: StandardView, marks: Mapping[str, SecondMark]) -> list[QuestionRow]:
    rows = []
    for q in standard.visible:
        m = marks.get(q.id)
        rows.append(
            QuestionRow(
                q=q,
                value=m.value if m else "",
                note=m.note if m else "",
                base_value="",
                base_note="",
                conflict=None,
                dom_id=q.id.replace(".", "-"),
            )
        )
    return rows


def history_rows(audit: CaseAudit) -> list[dict[str, Any]]:
    rows = []
    for e in audit_selectors.answer_history(audit):
        before = e.before or {}
        after = e.after or {}
        rows.append(
            {
                "when": e.timestamp,
                "who": e.actor_label,
                "action": e.action,
                "question": after.get("question") or before.get("question") or "",
                "before": before.get("value") if "question" in before else before.get("status"),
                "after": after.get("value") if "question" in after else after.get("status"),
                "note": after.get("resolution")
                or after.get("note")
                or after.get("reopen_reason")
                or "",
            }
        )
    return rows


# -- results ---------------------------------------------------------------------------


@dataclass
class StandardRow:
    s: StandardResult
    overridden: bool
    judged: bool


@dataclass
class SplitTable:
    attribute: str
    label: str
    values: list[str]
    # standard id -> name, then per value the standard's result
    rows: list[tuple[str, str, list[StandardResult | None]]]
    overall: list[Any]

    @property
    def labelled_rows(self) -> list[tuple[str, str, list[tuple[str, StandardResult | None]]]]:
        """Rows with each cell's column heading, which labels the cell on a phone."""
        return [
            (sid, name, list(zip(self.values, per, strict=True))) for sid, name, per in self.rows
        ]


@dataclass
class TrendRow:
    round: AuditRound
    result: ScoreResult


@dataclass
class ResultsPage:
    framework: Framework
    result: ScoreResult
    standards: list[StandardRow]
    splits: list[SplitTable]
    trend: list[TrendRow]
    trend_standards: list[tuple[str, str]]
    cases_answered: int
    sample_size: int
    progress: results.Progress
    warnings: list[str] = field(default_factory=list)
    # Management oversight rounds: each manager's rating round by round.
    manager_trend: ManagerTrend | None = None
    # The overview's figures drawn (yjaudit.charts), beside the tables that stay.
    charts: ResultCharts = field(default_factory=ResultCharts)


def earlier_rounds(audit_round: AuditRound) -> list[AuditRound]:
    return list(
        AuditRound.objects.filter(
            service_id=audit_round.service_id,
            subject=audit_round.subject,
            framework_edition__framework_id=audit_round.framework_edition.framework_id,
            period_end__lt=audit_round.period_end,
        )
        .exclude(pk=audit_round.pk)
        .select_related("framework_edition")
        .order_by("period_end")
    )


RESULT_SECTIONS = ("overview", "questions", "splits")


def _split_value_in_words(attribute: str, value: str) -> str:
    """A split's column heading: the register's word for a coded value ("Custody", not
    "custody"); teams and case managers are already names; the engine's group of cases
    without a value ("unknown") is "Not recorded", as in the reports."""
    if value == UNKNOWN:
        return _("Not recorded")
    found = next((f for f in Case._meta.concrete_fields if f.name == attribute), None)
    if found is None or not found.choices:
        return value
    return str(dict(found.flatchoices).get(value, value))


def results_page(
    audit_round: AuditRound, section: str = "overview", shown: Disclosure = FULL
) -> ResultsPage:
    """The figures one section of the results page shows (splits only on their own
    section: scoring them is the dearest part), as much as `shown` lets the reader see."""
    framework = results.round_framework(audit_round)
    by = results.RESULT_SPLITS if section == "splits" else ()
    report = for_round(results.round_score(audit_round, by=by), shown, audit_round)
    result = report.result
    overrides = set(audit_round.overrides.values_list("standard_id", flat=True))
    rows = [
        StandardRow(s, s.id in overrides, s.rated_by == RatedBy.JUDGEMENT.value)
        for s in result.standards
    ]
    splits = []
    for attribute in results.RESULT_SPLITS:
        by_value = report.splits.get(attribute, {})
        if not by_value:
            continue
        values = list(by_value)
        table_rows: list[tuple[str, str, list[StandardResult | None]]] = []
        for s in result.standards:
            if s.rated_by != RatedBy.CASES.value:
                continue
            per: list[StandardResult | None] = [by_value[v].standard(s.id) for v in values]
            table_rows.append((s.id, s.name, per))
        splits.append(
            SplitTable(
                attribute,
                str(SPLIT_LABELS.get(attribute, attribute)),
                [_split_value_in_words(attribute, v) for v in values],
                table_rows,
                [by_value[v].overall for v in values],
            )
        )
    trend: list[TrendRow] = []
    if section == "overview":
        trend = [
            TrendRow(r, for_round(results.round_score(r), shown, r).result)
            for r in earlier_rounds(audit_round)
        ]
        trend.append(TrendRow(audit_round, result))
    progress = results.progress(audit_round)
    return ResultsPage(
        framework=framework,
        result=result,
        standards=rows,
        splits=splits,
        trend=trend,
        trend_standards=[
            (s.id, s.name) for s in result.standards if s.rated_by == RatedBy.CASES.value
        ],
        cases_answered=result.cases,
        sample_size=progress.sample,
        progress=progress,
        warnings=list(result.warnings),
        manager_trend=manager_trend(audit_round, shown) if section == "overview" else None,
        charts=(
            result_charts(framework, result, [(t.round.name, t.result) for t in trend])
            if section == "overview"
            else ResultCharts()
        ),
    )


def computed_rating(audit_round: AuditRound, standard_id: str) -> StandardResult | None:
    try:
        return results.round_score(audit_round).result.standard(standard_id)
    except KeyError:
        return None


# -- judgements, moderation, inspection -------------------------------------------------


def judgement_rows(audit_round: AuditRound, shown: Disclosure = FULL) -> list[dict[str, Any]]:
    framework = results.round_framework(audit_round)
    # Reasons are free text (they could name a child): only for readers with case access.
    stored = {j.standard_id: j for j in audit_round.judgements.all()} if shown.case_detail else {}
    result = for_round(results.round_score(audit_round), shown, audit_round).result
    return [
        {"standard": s, "judgement": stored.get(s.id), "result": result.standard(s.id)}
        for s in framework.standards
        if s.rated_by is RatedBy.JUDGEMENT
    ]


def agreement_tables(audit_round: AuditRound) -> dict[str, Any] | None:
    summary = audit_selectors.agreement(audit_round)
    if summary is None:
        return None
    framework = results.round_framework(audit_round)
    texts = {q: ref.text for q, ref in framework.questions.items()}
    names = {s.id: s.name for s in framework.standards}
    order = list(framework.questions)
    return {
        "overall": summary.overall,
        "questions": sorted(
            ((q, texts.get(q, ""), a) for q, a in summary.questions.items()),
            key=lambda t: order.index(t[0]) if t[0] in order else 0,
        ),
        "standards": [(s, names.get(s, ""), a) for s, a in sorted(summary.standards.items())],
        "auditors": [(f"{a} / {b}", ag) for (a, b), ag in sorted(summary.auditors.items())],
    }


def parse_findings(text: str) -> list[FindingInput]:
    """Lines of `standard, rating[, percent]` (a % sign allowed) -> findings."""
    out = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 2 or len(parts) > 3 or not parts[0]:
            raise AuditError(
                _("Line %(n)d: write standard, rating, percentage (the percentage is optional).")
                % {"n": i}
            )
        percent = None
        if len(parts) == 3 and parts[2]:
            try:
                percent = int(parts[2].rstrip("%").strip())
            except ValueError:
                raise AuditError(
                    _("Line %(n)d: %(p)s is not a whole percentage.") % {"n": i, "p": parts[2]}
                ) from None
        out.append(FindingInput(parts[0], parts[1], percent))
    if not out:
        raise AuditError(_("Enter at least one standard."))
    return out


def inspection_rows(audit_round: AuditRound, shown: Disclosure = FULL) -> list[dict[str, Any]]:
    findings = list(audit_round.inspection.all())
    if not findings:
        return []
    result = for_round(results.round_score(audit_round), shown, audit_round).result
    rows = []
    for f in findings:
        try:
            ours: StandardResult | None = result.standard(f.standard_id)
        except KeyError:
            ours = None
        pct = ours.figure.percent if ours else None
        rows.append(
            {
                "finding": f,
                "ours": ours,
                "same_rating": bool(ours and f.rating and ours.rating == f.rating),
                "difference": (pct - f.percent)
                if pct is not None and f.percent is not None
                else None,
            }
        )
    return rows


# -- people and answers in words --------------------------------------------------------


def answer_label(framework: Any, question_id: str, code: str | None) -> str:
    """The framework's words for an answer code ("" for none)."""
    if not code:
        return ""
    ref = framework.questions.get(question_id)
    if ref is not None:
        for v in ref.answer_type.values:
            if v.value == code:
                return str(v.label)
    return code
