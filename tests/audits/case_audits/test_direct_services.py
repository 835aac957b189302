"""Service functions called directly (not through a page, the API or the CLI):
import_answers, apply_rules, ensure_audits, set_judgement, and the rounds' planned_size
and unit_of."""

import datetime as dt

import pytest

from audits.audit_world import build_world
from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput, AuditError, ImportProblem
from yjaudit.audits.models import (
    CaseAnswer,
    CaseAudit,
    JudgementRating,
    RatingOverride,
    SampledCase,
)
from yjaudit.audits.rounds import services as round_services
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.models import Case
from yjaudit.interchange.answers import read_answers
from yjaudit.interchange.judgements import read_overrides

pytestmark = pytest.mark.django_db


def _visible(audit):
    return [q.id for s in audit_selectors.audit_layout(audit) for q in s.visible]


def _csv(rows, note=True):
    head = "case_id,question_id,answer" + (",note" if note else "")
    lines = [head] + [",".join(r if note else r[:3]) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _answers_file(world, rows, note=True, name="answers.csv"):
    framework = round_scores.round_framework(world.round)
    return read_answers(_csv(rows, note), name, framework)


def test_import_answers_writes_each_case_and_a_trail_row_per_answer():
    world = build_world(n=3)
    first, second = world.audits[0], world.audits[1]
    rows = [(first.case.reference, q, "yes", "seen") for q in _visible(first)[:3]]
    rows += [(second.case.reference, q, "no", "") for q in _visible(second)[:2]]
    summary = audit_services.import_answers(
        actor=world.users["qa"], audit_round=world.round, answer_file=_answers_file(world, rows)
    )
    assert summary == {"cases": 2, "answers": 5, "changed": 5, "judgements": 0, "overrides": 0}
    stored = CaseAnswer.objects.get(audit=first, question_id=_visible(first)[0])
    assert (stored.value, stored.note, stored.updated_by) == ("yes", "seen", world.users["qa"])
    assert AuditEvent.objects.filter(action="audit.answer").count() == 5
    # The same file again changes nothing.
    again = audit_services.import_answers(
        actor=world.users["qa"], audit_round=world.round, answer_file=_answers_file(world, rows)
    )
    assert again["changed"] == 0


def test_import_answers_without_a_note_column_keeps_stored_notes():
    world = build_world(n=2)
    audit = world.audit()
    q = _visible(audit)[0]
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q, "yes", "the auditor's evidence")],
    )
    file = _answers_file(world, [(audit.case.reference, q, "no", "")], note=False)
    audit_services.import_answers(
        actor=world.users["qa"], audit_round=world.round, answer_file=file
    )
    stored = CaseAnswer.objects.get(audit=audit, question_id=q)
    assert (stored.value, stored.note) == ("no", "the auditor's evidence")


def test_import_answers_is_all_or_nothing_and_names_file_row_and_column():
    world = build_world(n=2)
    audit = world.audit()
    rows = [(audit.case.reference, q, "yes", "") for q in _visible(audit)[:2]]
    rows.append(("NOT-SAMPLED", _visible(audit)[0], "yes", ""))
    with pytest.raises(ImportProblem) as caught:
        audit_services.import_answers(
            actor=world.users["qa"], audit_round=world.round, answer_file=_answers_file(world, rows)
        )
    assert str(caught.value).startswith("answers.csv: row 4, column case_id:")
    assert not CaseAnswer.objects.filter(audit=audit, by_rule=False).exists()


def test_import_answers_refuses_a_closed_audit_and_loads_overrides():
    world = build_world(n=2)
    audit = world.audit()
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q, "yes", "") for q in _visible(audit)],
    )
    audit_services.submit(actor=world.users["auditor"], audit=audit)
    rows = [(audit.case.reference, _visible(audit)[0], "no", "")]
    with pytest.raises(ImportProblem, match="reopen or return it first"):
        audit_services.import_answers(
            actor=world.users["qa"], audit_round=world.round, answer_file=_answers_file(world, rows)
        )
    framework = round_scores.round_framework(world.round)
    standard = framework.standards[0].id
    overrides = read_overrides(
        f"standard_id,rating,reason\n{standard},Good,board review\n".encode(), "o.csv", framework
    )
    other = world.audits[1]
    summary = audit_services.import_answers(
        actor=world.users["qa"],
        audit_round=world.round,
        answer_file=_answers_file(world, [(other.case.reference, _visible(other)[0], "yes", "")]),
        override_file=overrides,
    )
    assert summary["overrides"] == 1
    assert RatingOverride.objects.get(round=world.round, standard_id=standard).rating == "Good"


def test_apply_rules_follows_the_case_and_records_each_change():
    world = build_world(n=2)
    audit = world.audit()

    def by_rule():
        return set(audit.answers.filter(by_rule=True).values_list("question_id", flat=True))

    case = audit.case
    case.rosh = case.safety_wellbeing = "low"
    case.save()
    audit_services.apply_rules(audit, actor=world.users["qa"])
    low = by_rule()
    assert low  # low RoSH: the risk-forum prompts are not applicable by rule
    case.rosh = case.safety_wellbeing = "very-high"
    case.save()
    before = AuditEvent.objects.filter(action="audit.rule_answer").count()
    changed = audit_services.apply_rules(audit, actor=world.users["qa"])
    assert changed == len(low) and by_rule() < low
    assert AuditEvent.objects.filter(action="audit.rule_answer").count() == before + changed
    assert audit_services.apply_rules(audit, actor=world.users["qa"]) == 0
    case.rosh = case.safety_wellbeing = "low"
    case.save()
    assert audit_services.apply_rules(audit, actor=world.users["qa"]) == changed
    assert by_rule() == low


def test_ensure_audits_is_idempotent_and_creates_one_per_new_sampled_case():
    world = build_world(n=2)
    qa = world.users["qa"]
    assert audit_services.ensure_audits(actor=qa, audit_round=world.round) == 0
    extra = Case.objects.create(
        service=world.service,
        reference="EXTRA-1",
        disposal_type="yro",
        disposal_category="court",
        start_date=dt.date(2024, 3, 1),
    )
    SampledCase.objects.create(round=world.round, case=extra, stratum="all", position=3)
    assert audit_services.ensure_audits(actor=qa, audit_round=world.round) == 1
    audit = CaseAudit.objects.get(round=world.round, case=extra)
    assert AuditEvent.objects.filter(action="audit.create", object_id=str(audit.pk)).exists()
    assert audit_services.ensure_audits(actor=qa, audit_round=world.round) == 0


def test_set_judgement_stores_a_rating_with_its_trail_and_refuses_counted_standards():
    world = build_world("hmip-youth-2021", n=2)
    qa = world.users["qa"]
    row = audit_services.set_judgement(
        actor=qa,
        audit_round=world.round,
        standard_id="1.1",
        rating="good",
        evidence=" minutes ",
        reasons=" board review ",
    )
    assert (row.rating, row.evidence, row.reasons) == ("Good", "minutes", "board review")
    again = audit_services.set_judgement(
        actor=qa,
        audit_round=world.round,
        standard_id="1.1",
        rating="Outstanding",
        evidence="",
        reasons="more evidence",
    )
    assert again.pk == row.pk and again.version == row.version + 1
    events = AuditEvent.objects.filter(action="audit.judgement").order_by("pk")
    assert [e.before and e.before["rating"] for e in events] == [None, "Good"]
    # Typed in Welsh ("Angen gwella"), stored as the framework's label.
    welsh = audit_services.set_judgement(
        actor=qa,
        audit_round=world.round,
        standard_id="1.1",
        rating="angen gwella",
        evidence="",
        reasons="adolygiad",
    )
    assert welsh.rating == "Requires improvement"
    with pytest.raises(AuditError, match="reasons"):
        audit_services.set_judgement(
            actor=qa,
            audit_round=world.round,
            standard_id="1.2",
            rating="Good",
            evidence="",
            reasons=" ",
        )
    counted = next(
        s.id for s in round_scores.round_framework(world.round).standards if s.rated_by == "cases"
    )
    with pytest.raises(AuditError, match="rated from cases"):
        audit_services.set_judgement(
            actor=qa,
            audit_round=world.round,
            standard_id=counted,
            rating="Good",
            evidence="",
            reasons="x",
        )
    assert JudgementRating.objects.filter(round=world.round).count() == 1


def test_planned_size_and_unit_of():
    world = build_world(n=3)
    assert round_services.planned_size(world.round, 100) == 3  # fixed-n: the requested 3
    assert round_services.planned_size(world.round, 2) == 2  # never more than the caseload
    case = world.audit().case
    unit = round_services.unit_of(case)
    assert unit.id == str(case.pk) and unit.stratum == case.disposal_category
    assert unit.attributes == {"sex": case.sex, "ethnicity": case.ethnicity, "rosh": case.rosh}
