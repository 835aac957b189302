"""One case audit as a printable document: every standard and question with the answer
in words, the evidence noted, the moderation outcome and who did what, when.

The same `ReportDocument` is the printable page (inside the GOV.UK layout, with a print
stylesheet) and the PDF (WeasyPrint, through `render`), so the two cannot disagree.
Permissions are the view's: it passes whether the reader may see the case reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits.people import person_name
from yjaudit.audits.case_audits.selectors import Difference, StandardView
from yjaudit.audits.models import AuditStatus, CaseAudit

from .document import Cell, Cover, Paragraph, ReportDocument, Section, Table
from .sources import marking

KIND = "case-audit"
# A standard's section id starts with this: the print stylesheets start each on a page.
STANDARD_PREFIX = "case-standard-"


@dataclass(frozen=True)
class Step:
    """A workflow step as the document prints it: who, and when ("" when not done)."""

    who: str
    when: str


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def _moderated(audit: CaseAudit) -> Step:
    """Who marked the case audit as moderated: the latest such step in its trail."""
    for event in audit_selectors.answer_history(audit).select_related("actor"):
        after = event.after or {}
        if event.action == "audit.moderate" or after.get("status") == AuditStatus.MODERATED:
            return Step(person_name(event.actor) if event.actor else "", _when(event.timestamp))
    return Step("", _when(audit.moderated_at))


def _words(layout: list[StandardView]) -> dict[str, dict[str, str]]:
    """Per question, its answer codes in words (the framework's own labels)."""
    return {q.id: dict(q.values) for s in layout for q in s.questions}


def answer_words(words: dict[str, dict[str, str]], question_id: str, code: str | None) -> str:
    if not code:
        return _("Not answered")
    # A code the framework no longer lists is still shown, never dropped.
    return words.get(question_id, {}).get(code, code)


def _standard_section(s: StandardView, words: dict[str, dict[str, str]]) -> Section:
    rows = []
    for q in s.questions:
        label = f"{q.id} {q.text}"
        if q.kind == "prompt":
            label = f"\u2003{label}"  # an em space: prompts sit under their key question
        if not q.applies:
            rows.append((Cell(label), Cell(_("Does not apply to this case")), Cell("")))
            continue
        answer = q.answer
        value = answer_words(words, q.id, answer.value if answer else None)
        if answer is not None and answer.by_rule:
            value = _("%(answer)s (set by a rule)") % {"answer": value}
        rows.append((Cell(label), Cell(value), Cell(answer.note if answer else "")))
    table = Table(
        f"{STANDARD_PREFIX}{s.id}-answers".replace(".", "-"),
        _("%(id)s %(name)s: answers") % {"id": s.id, "name": s.name},
        (_("Question"), _("Answer"), _("Evidence and notes")),
        tuple(rows),
    )
    progress = _("%(answered)d of %(applicable)d applicable questions answered.") % {
        "answered": s.answered,
        "applicable": s.applicable,
    }
    return Section(
        f"{STANDARD_PREFIX}{s.id}".replace(".", "-"),
        f"{s.id} {s.name}",
        (Paragraph(progress), table),
    )


def _moderation_section(
    audit: CaseAudit, diffs: list[Difference], words: dict[str, dict[str, str]], step: Step
) -> Section:
    blocks: list[Paragraph | Table] = []
    if not audit.moderation_selected and not audit.second_marker_id:
        blocks.append(Paragraph(_("This case audit was not chosen for second marking.")))
    elif not audit.second_marking_done:
        blocks.append(Paragraph(_("Second marking is not finished.")))
    elif not diffs:
        blocks.append(Paragraph(_("The second marker agreed with every answer.")))
    else:
        open_ = sum(1 for d in diffs if d.resolved_value is None)
        blocks.append(
            Paragraph(
                _("%(n)d differences between the markers, %(open)d still to resolve.")
                % {"n": len(diffs), "open": open_}
            )
        )
        rows = tuple(
            (
                Cell(f"{d.question_id} {d.text}"),
                Cell(answer_words(words, d.question_id, d.first_value)),
                Cell(answer_words(words, d.question_id, d.second_value)),
                Cell(
                    _("Not resolved yet")
                    if d.resolved_value is None
                    else answer_words(words, d.question_id, d.resolved_value)
                ),
                Cell(d.resolution_note),
            )
            for d in diffs
        )
        blocks.append(
            Table(
                "case-audit-differences",
                _("Differences between the markers"),
                (
                    _("Question"),
                    _("First marker"),
                    _("Second marker"),
                    _("Resolved as"),
                    _("Why"),
                ),
                rows,
            )
        )
    if step.when:
        blocks.append(
            Paragraph(
                _("Marked as moderated by %(who)s on %(when)s.")
                % {"who": step.who or _("someone no longer named"), "when": step.when}
            )
        )
    return Section("case-audit-moderation", _("Moderation"), tuple(blocks))


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _("Not recorded")
    return _("Yes") if value else _("No")


def build_case_audit_report(audit: CaseAudit, *, show_reference: bool) -> ReportDocument:
    """The printable case audit; `show_reference`: may the reader see the case reference."""
    layout = audit_selectors.audit_layout(audit)
    words = _words(layout)
    diffs = audit_selectors.differences(audit) if audit.second_marking_done else []
    framework = round_scores.round_framework(audit.round)
    moderated = _moderated(audit)
    case = audit.case
    reference = case.reference if show_reference else ""
    title = (
        _("Case audit %(reference)s") % {"reference": reference} if reference else _("Case audit")
    )
    second = person_name(audit.second_marker)
    facts: list[tuple[str, str]] = [
        (_("Service"), audit.round.service.name),
        (_("Round"), audit.round.name),
        (_("Framework"), f"{framework.name} ({framework.edition})"),
    ]
    if reference:
        facts.append((_("Case reference"), reference))
    facts += [
        (
            _("Disposal"),
            f"{case.get_disposal_type_display()} ({case.get_disposal_category_display()}, "
            f"{case.get_setting_display()})",
        ),
        (_("Status"), str(audit.get_status_display())),
        (_("Audited by"), person_name(audit.auditor) or _("Not assigned")),
        (_("Submitted"), _when(audit.submitted_at) or _("Not yet")),
        (_("Case manager present"), _yes_no(audit.case_manager_present)),
    ]
    if audit.moderation_selected or audit.second_marker_id:
        facts += [
            (_("Second marked by"), second or _("Not assigned")),
            (_("Second marking"), _("Finished") if audit.second_marking_done else _("Not yet")),
        ]
    facts += [
        (_("Moderated"), moderated.when or _("Not yet")),
        (_("Signed off by"), person_name(audit.signed_off_by) or _("Not yet")),
        (_("Signed off"), _when(audit.signed_off_at) or _("Not yet")),
    ]
    sections: list[Section] = [_standard_section(s, words) for s in layout]
    feedback = [Paragraph(audit.summary)] if audit.summary else []
    if audit.return_comments and audit.status == AuditStatus.RETURNED:
        feedback.append(
            Paragraph(_("Returned with comments: %(c)s") % {"c": audit.return_comments})
        )
    if audit.reopen_reason:
        feedback.append(Paragraph(_("Reopened because: %(r)s") % {"r": audit.reopen_reason}))
    if feedback:
        sections.append(Section("case-audit-feedback", _("Feedback and comments"), tuple(feedback)))
    sections.append(_moderation_section(audit, diffs, words, moderated))
    return ReportDocument(
        kind=KIND,
        title=title,
        cover=Cover(title, f"{audit.round.service.name} \u00b7 {audit.round.name}", tuple(facts)),
        sections=tuple(sections),
        generated_on=timezone.localdate(),
        language=translation.get_language() or "en",
        marking=marking(),
    )


def case_audit_filename(audit: CaseAudit, fmt: str) -> str:
    # The audit's number, never the case reference (a file name travels further).
    return f"{audit.round.service.code.lower()}-case-audit{audit.pk}.{fmt}"
