"""Demo step: two case audit rounds for the demo service (after the cases step).

1. A signed-off quarterly self-audit on `hmip-style-local-audit` (as Derby did in seed
   002): every case answered with evidence, a fifth second-marked blind by the QA lead,
   differences resolved, moderated and signed off.
2. An inspection-style round on `hmip-youth-2021`, in progress: some cases submitted,
   some half answered, the organisational standards rated by judgement.

Answers are drawn from a fixed seed, so the demo is the same every time; every write
goes through the services (audited as the system, or as the demo users).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.models import AuditRound, CaseAudit
from yjaudit.audits.rounds import closing
from yjaudit.audits.rounds import services as round_services
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks

SIGNED_OFF = "Quarterly self-audit, summer 2024"
IN_PROGRESS = "Inspection-style audit, winter 2024/25"
VICTIMS_ROUND = "Work with victims, winter 2024/25"
# Management oversight, twice a year (as Derby did in seed 002): two half-years.
OVERSIGHT = (
    ("Management oversight, first half 2024/25", dt.date(2024, 4, 1), dt.date(2024, 9, 30)),
    ("Management oversight, second half 2024/25", dt.date(2024, 10, 1), dt.date(2025, 3, 31)),
)
# Most practice is sound, some partly, a little not: roughly Derby's 2019 figures.
WEIGHTS = {"yes": 70, "partly": 18, "no": 12}
NOTES = {
    "yes": "Clear in the record and confirmed with the case manager.",
    "partly": "Some of this is in the record; the analysis is thin in places.",
    "no": "Not evident in the record or in discussion.",
}


def _answers(audit: CaseAudit, rng: random.Random, share: float = 1.0) -> list[Any]:
    layout = audit_selectors.audit_layout(audit)
    items = []
    for standard in layout:
        for q in standard.visible:
            if rng.random() > share:
                continue
            codes = [c for c, _ in q.values]
            choices = [v for v in WEIGHTS if v in codes]
            value = rng.choices(choices, [WEIGHTS[v] for v in choices])[0]
            items.append(audit_services.AnswerInput(q.id, value, NOTES[value]))
    return items


def _make_round(
    context: Any,
    framework_id: str,
    name: str,
    start: dt.date,
    end: dt.date,
    size: int | None,
    *,
    subject: str = "children",
    rule: str = "fixed-n",
) -> AuditRound | None:
    existing = AuditRound.objects.filter(service=context.service, name=name).first()
    if existing is not None:
        return None
    audit_round = round_services.create_round(
        actor=None,
        service=context.service,
        framework_edition=get_current_edition(framework_id),
        name=name,
        kind="self-audit",
        subject=subject,
        period_start=start,
        period_end=end,
        sample_rule=rule,
        requested_size=size,
    )
    # The draw creates the case audits with the sample.
    round_services.draw_sample(actor=None, audit_round=audit_round, seed=context.seed)
    return audit_round


def seed(context: Any) -> None:
    if context.service is None:
        return
    sync_bundled_frameworks(actor=None)
    users = context.users
    auditor, qa = users.get("auditor"), users.get("qa_lead")
    rng = random.Random(context.seed)

    done = _make_round(
        context, "hmip-style-local-audit", SIGNED_OFF, dt.date(2024, 4, 1), dt.date(2024, 9, 30), 20
    )
    if done is not None:
        audits = list(audit_selectors.audits_in_round(done))
        for audit in audits:
            audit_services.save_answers(
                actor=auditor,
                audit=audit,
                version=audit.version,
                answers=_answers(audit, rng),
                case_manager_present=rng.random() < 0.8,
                set_case_manager_present=True,
                summary="Strengths: engagement with the child and family. "
                "To develop: plans for managing risk to others.",
            )
            audit_services.submit(actor=auditor, audit=audit)
        chosen = audit_services.select_for_moderation(
            actor=qa, audit_round=done, share=0.2, seed=context.seed
        )
        for audit in chosen:
            audit.refresh_from_db()
            marks = []
            for item in _answers(audit, random.Random(audit.pk)):
                first = audit.answers.get(question_id=item.question_id).value
                # The second marker mostly agrees.
                value = first if rng.random() < 0.85 else item.value
                marks.append(audit_services.AnswerInput(item.question_id, value, "Second view."))
            audit_services.save_second_marks(actor=qa, audit=audit, marks=marks)
            audit_services.finish_second_marking(actor=qa, audit=audit)
            audit.refresh_from_db()
            for d in audit_selectors.differences(audit):
                audit_services.resolve_difference(
                    actor=qa,
                    audit=audit,
                    question_id=d.question_id,
                    value=d.first_value,
                    note="Discussed at moderation: the first marker's evidence stands.",
                )
        for audit in audits:
            audit.refresh_from_db()
            audit_services.complete_moderation(actor=qa, audit=audit)
            audit_services.sign_off(actor=qa, audit=audit)
        closing.close_round(actor=qa, audit_round=done)
        context.log(f"Signed-off and closed self-audit round {done.pk} with {len(audits)} cases.")

    live = _make_round(
        context, "hmip-youth-2021", IN_PROGRESS, dt.date(2024, 10, 1), dt.date(2025, 3, 31), 30
    )
    if live is not None:
        audits = list(audit_selectors.audits_in_round(live))
        for i, audit in enumerate(audits):
            if i % 3 == 2:
                continue  # not started yet
            share = 1.0 if i % 3 == 0 else 0.5
            audit_services.save_answers(
                actor=auditor,
                audit=audit,
                version=audit.version,
                answers=_answers(audit, rng, share),
            )
            if share == 1.0:
                audit_services.submit(actor=auditor, audit=audit)
        _work_waiting(live, audits[::3], qa, rng)
        for sid, rating in (("1.1", "Good"), ("1.2", "Good"), ("1.3", "Outstanding")):
            audit_services.set_judgement(
                actor=qa,
                audit_round=live,
                standard_id=sid,
                rating=rating,
                evidence="Board minutes, staff survey and meetings with partners.",
                reasons="Evidence in advance and meetings support this rating.",
            )
        context.log(f"In-progress round {live.pk} on hmip-youth-2021 with {len(audits)} cases.")

    _subject_rounds(context, rng)


def _work_waiting(
    live: AuditRound, submitted: list[CaseAudit], qa: Any, rng: random.Random
) -> None:
    """Work waiting for each role on their first day: two second-marked case audits with
    differences for the QA lead to resolve, one second marking assigned to the QA lead,
    and two moderated case audits for a manager or the QA lead to sign off."""
    if qa is None or len(submitted) < 5:
        return
    marked, assigned, moderated = submitted[:2], submitted[2], submitted[3:5]
    audit_services.select_for_moderation(
        actor=qa, audit_round=live, audit_ids=[a.pk for a in [*marked, assigned]]
    )
    audit_services.assign(actor=qa, audit=assigned, second_marker=qa)
    for audit in marked:
        audit.refresh_from_db()
        marks = []
        for item in _answers(audit, random.Random(audit.pk)):
            first = audit.answers.get(question_id=item.question_id).value
            value = first if rng.random() < 0.75 else item.value
            marks.append(audit_services.AnswerInput(item.question_id, value, "Second view."))
        audit_services.save_second_marks(actor=qa, audit=audit, marks=marks)
        audit_services.finish_second_marking(actor=qa, audit=audit)
    for audit in moderated:
        audit.refresh_from_db()
        audit_services.complete_moderation(actor=qa, audit=audit)


def _answer_and_submit(audits: list[CaseAudit], actor: Any, rng: random.Random) -> None:
    for audit in audits:
        audit_services.save_answers(
            actor=actor, audit=audit, version=audit.version, answers=_answers(audit, rng)
        )
        audit_services.submit(actor=actor, audit=audit)


def _subject_rounds(context: Any, rng: random.Random) -> None:
    """A victims' round, signed off, and two half-years of management oversight."""
    auditor, qa = context.users.get("auditor"), context.users.get("qa_lead")
    victims = _make_round(
        context,
        "hmip-youth-2025-children-victims",
        VICTIMS_ROUND,
        dt.date(2024, 10, 1),
        dt.date(2025, 3, 31),
        None,
        subject="victims",
        rule="hmip-victims",
    )
    if victims is not None:
        audits = list(audit_selectors.audits_in_round(victims))
        _answer_and_submit(audits, auditor, rng)
        for audit in audits:
            audit.refresh_from_db()
            audit_services.complete_moderation(actor=qa, audit=audit)
            audit_services.sign_off(actor=qa, audit=audit)
        audit_services.set_judgement(
            actor=qa,
            audit_round=victims,
            standard_id="V1.2",
            rating="Good",
            evidence="Victim contact policy, restorative justice records, staff interviews.",
            reasons="Victims are contacted promptly and offered restorative justice.",
        )
        closing.close_round(actor=qa, audit_round=victims)
        context.log(f"Signed-off and closed victims' round {victims.pk} with {len(audits)} cases.")
    for name, start, end in OVERSIGHT:
        oversight = _make_round(
            context,
            "management-oversight",
            name,
            start,
            end,
            None,
            subject="managers",
            rule="management-oversight",
        )
        if oversight is not None:
            audits = list(audit_selectors.audits_in_round(oversight))
            _answer_and_submit(audits, qa, rng)
            context.log(f"Management oversight round {oversight.pk} with {len(audits)} cases.")
