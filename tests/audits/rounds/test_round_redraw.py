"""A redraw or swap never destroys work; case audits come with the sample; the caseload
figures are fixed at the draw (issue 9)."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.factories import make_caseload
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.models import (
    AuditStatus,
    CaseAnswer,
    CaseAudit,
    SampledCase,
    SampleStatus,
    SecondMark,
)
from yjaudit.audits.rounds import selectors as round_selectors
from yjaudit.audits.rounds.selectors import active_sample, caseload_figures, redraw_plan
from yjaudit.audits.rounds.services import (
    ConfirmationNeeded,
    HoldsWork,
    NothingToReplace,
    PlanChanged,
    SampleError,
    create_round,
    draw_sample,
    restore_case,
    swap_case,
)
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseload(service):
    return make_caseload(service, 120)


@pytest.fixture
def small_round(service, edition, qa, caseload):
    return create_round(
        actor=qa,
        service=service,
        framework_edition=edition,
        name="Twelve",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=12,
    )


def counts() -> tuple[int, int, int, int]:
    return (
        AuditEvent.objects.count(),
        SampledCase.objects.count(),
        CaseAudit.objects.count(),
        CaseAnswer.objects.count(),
    )


def import_more(service, n):
    """Cases added to the register later: copies of existing ones under new references."""
    rows = []
    for i, case in enumerate(Case.objects.filter(service=service)[:n]):
        case.pk, case.id, case.reference = None, None, f"LATE-{i:03d}"
        rows.append(case)
    return Case.objects.bulk_create(rows)


def give_work(audit_round):
    """Three audits hold work: answers; signed off with answers; a second mark."""
    audits = list(CaseAudit.objects.filter(round=audit_round).order_by("sampled_case__position"))
    answered, signed, marked = audits[0], audits[3], audits[7]
    for i in range(5):
        CaseAnswer.objects.create(audit=answered, question_id=f"q{i}", value="yes")
    for i in range(61):
        CaseAnswer.objects.create(audit=signed, question_id=f"q{i}", value="yes", note=f"n{i}")
    signed.status = AuditStatus.SIGNED_OFF
    signed.save()
    SecondMark.objects.create(audit=marked, question_id="q1", value="no")
    return answered, signed, marked


def test_the_draw_creates_the_case_audits_in_its_transaction(small_round, qa):
    rows = draw_sample(actor=qa, audit_round=small_round, seed=3)
    audits = CaseAudit.objects.filter(round=small_round)
    assert audits.count() == len(rows) == 12
    assert {a.sampled_case_id for a in audits} == {r.pk for r in rows}
    created = AuditEvent.objects.filter(action="audit.create")
    assert created.count() == 12 and {e.actor for e in created} == {qa}
    assert AuditEvent.objects.filter(action="round.sample", actor=qa).count() == 1


def test_a_failed_case_audit_creation_leaves_no_sample(small_round, qa, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("no audits today")

    monkeypatch.setattr(audit_services, "ensure_audits", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        draw_sample(actor=qa, audit_round=small_round, seed=3)
    assert counts() == before
    small_round.refresh_from_db()
    assert small_round.seed is None and small_round.caseload_counts is None


def test_a_redraw_needs_confirmation_and_writes_nothing(small_round, qa):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    give_work(small_round)
    before, sample = counts(), [s.pk for s in active_sample(small_round)]
    with pytest.raises(ConfirmationNeeded) as exc:
        draw_sample(actor=qa, audit_round=small_round, seed=4)
    assert counts() == before and [s.pk for s in active_sample(small_round)] == sample
    assert len(exc.value.plan.keep) == 3 and len(exc.value.plan.replace) == 9
    assert "Signed off" in str(exc.value) and "61 answers" in str(exc.value)


def test_a_confirmed_redraw_keeps_every_case_with_work_and_archives_the_rest(small_round, qa):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    answered, signed, marked = give_work(small_round)
    untouched = {s.pk for s in active_sample(small_round)} - {
        answered.sampled_case_id,
        signed.sampled_case_id,
        marked.sampled_case_id,
    }
    answers_before = CaseAnswer.objects.count()
    positions = {a.pk: a.sampled_case.position for a in (answered, signed, marked)}

    rows = draw_sample(actor=qa, audit_round=small_round, seed=4, replace_untouched=True)

    assert len(rows) == 12
    for audit in (answered, signed, marked):
        audit.refresh_from_db()
        audit.sampled_case.refresh_from_db()
        assert audit.sampled_case.status == SampleStatus.ACTIVE
        assert audit.sampled_case.position == positions[audit.pk]
    signed.refresh_from_db()
    assert signed.status == AuditStatus.SIGNED_OFF and signed.answers.count() == 61
    assert CaseAnswer.objects.count() >= answers_before  # nothing deleted
    # Untouched cases not drawn again are archived with their (empty) audit kept.
    left = SampledCase.objects.filter(pk__in=untouched, status=SampleStatus.ARCHIVED)
    assert left.exists()
    assert all(CaseAudit.objects.filter(sampled_case=s).exists() for s in left)
    assert all(s.archive_reason and s.archived_by == qa for s in left)
    archived_events = AuditEvent.objects.filter(action="sample.archive")
    assert archived_events.count() == left.count()
    assert all(e.actor == qa for e in archived_events)
    # Every active case has its case audit; the round event names what was kept.
    assert all(hasattr(s, "case_audit") for s in active_sample(small_round))
    event = AuditEvent.objects.filter(action="round.sample").latest("pk")
    assert set(event.after["kept"]) == {
        answered.case.reference,
        signed.case.reference,
        marked.case.reference,
    }


def test_a_redraw_of_cases_all_holding_work_is_refused(small_round, qa):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    for audit in CaseAudit.objects.filter(round=small_round):
        CaseAnswer.objects.create(audit=audit, question_id="q1", value="yes")
    before = counts()
    with pytest.raises(NothingToReplace, match="Every case in the sample holds work"):
        draw_sample(actor=qa, audit_round=small_round, seed=9, replace_untouched=True)
    assert counts() == before


def test_rule_answers_alone_are_not_work(small_round, qa):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    audit = CaseAudit.objects.filter(round=small_round).first()
    CaseAnswer.objects.create(audit=audit, question_id="zz", value="na", by_rule=True)
    assert not redraw_plan(small_round).keep


def test_a_confirmation_for_another_plan_is_refused(small_round, qa):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    seen = redraw_plan(small_round).replace_ids
    give_work(small_round)  # someone starts work after the page was shown
    before = counts()
    with pytest.raises(PlanChanged):
        draw_sample(
            actor=qa,
            audit_round=small_round,
            seed=4,
            replace_untouched=True,
            expected_replace=seen,
        )
    assert counts() == before


def test_same_seed_redraw_keeps_the_same_untouched_cases_in_place(small_round, qa):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    first = [(s.pk, s.position) for s in active_sample(small_round)]
    draw_sample(actor=qa, audit_round=small_round, seed=3, replace_untouched=True)
    assert [(s.pk, s.position) for s in active_sample(small_round)] == first
    assert not AuditEvent.objects.filter(action="sample.archive").exists()


def test_restore_puts_an_archived_case_back_with_its_audit(small_round, qa):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    draw_sample(actor=qa, audit_round=small_round, seed=4, replace_untouched=True)
    archived = SampledCase.objects.filter(round=small_round, status=SampleStatus.ARCHIVED)
    gone = archived.first()
    audit_pk = gone.case_audit.pk
    restored = restore_case(actor=qa, sampled=gone)
    assert restored.status == SampleStatus.ACTIVE and restored.case_audit.pk == audit_pk
    assert active_sample(small_round).filter(pk=gone.pk).exists()
    event = AuditEvent.objects.get(action="sample.restore")
    assert event.actor == qa and event.before["status"] == "archived"
    with pytest.raises(SampleError):
        restore_case(actor=qa, sampled=restored)


def test_a_case_drawn_again_after_archiving_comes_back_with_its_row(small_round, qa):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    first = {s.case_id: s.pk for s in active_sample(small_round)}
    draw_sample(actor=qa, audit_round=small_round, seed=4, replace_untouched=True)
    draw_sample(actor=qa, audit_round=small_round, seed=3, replace_untouched=True)
    again = {s.case_id: s.pk for s in active_sample(small_round)}
    assert again == first  # the same rows (and case audits), not new ones
    assert AuditEvent.objects.filter(action="sample.restore").exists()


def test_a_swap_refuses_a_case_holding_work(small_round, qa):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    answered, _, _ = give_work(small_round)
    before = counts()
    with pytest.raises(HoldsWork, match="holds work"):
        swap_case(actor=qa, sampled=answered.sampled_case, reason="Transferred")
    assert counts() == before


def test_a_swap_creates_the_replacement_case_audit(small_round, qa):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    out = active_sample(small_round).first()
    new = swap_case(actor=qa, sampled=out, reason="Transferred")
    assert CaseAudit.objects.filter(sampled_case=new).exists()
    assert CaseAudit.objects.filter(sampled_case=out).exists()  # kept, not deleted
    assert AuditEvent.objects.filter(action="sample.swap", actor=qa).count() == 1
    assert AuditEvent.objects.filter(action="audit.create").count() == 13


def test_caseload_figures_are_fixed_at_the_draw(small_round, qa, service):
    draw_sample(actor=qa, audit_round=small_round, seed=3)
    small_round.refresh_from_db()
    fixed = caseload_figures(small_round)
    table = {c.attribute: c for c in round_selectors.comparison(small_round)}
    court = next(r for r in table["disposal_category"].rows if r.value == "court")
    assert fixed.fixed and fixed.size == 120
    assert court.caseload == Case.objects.filter(disposal_category="court").count()

    later = import_more(service, 40)  # imported after the draw, open in the period
    small_round.refresh_from_db()
    assert caseload_figures(small_round).size == 120
    table = {c.attribute: c for c in round_selectors.comparison(small_round)}
    assert next(r for r in table["disposal_category"].rows if r.value == "court") == court
    # A swap only takes cases from the caseload drawn from.
    out = active_sample(small_round).first()
    new = swap_case(actor=qa, sampled=out, reason="Moved")
    assert new.case_id not in {c.pk for c in later}


def test_before_the_draw_the_caseload_is_counted_live(small_round, service):
    assert caseload_figures(small_round).size == 120
    assert not caseload_figures(small_round).fixed


def test_a_redraw_never_asks_for_more_cases_than_are_left(service, edition, qa):
    cases = make_caseload(service, 11)
    r = create_round(
        actor=qa,
        service=service,
        framework_edition=edition,
        name="Tight",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=10,
    )
    draw_sample(actor=qa, audit_round=r, seed=1)
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(disposal_category="court")
    swap_case(actor=qa, sampled=active_sample(r).first(), reason="Moved")
    leaving = active_sample(r).last().case
    leaving.start_date = dt.date(2025, 6, 1)  # corrected: not open in the period after all
    leaving.save()
    rows = draw_sample(actor=qa, audit_round=r, seed=2, replace_untouched=True)
    assert len(rows) == 9  # 10 open cases, one swapped out for a reason
