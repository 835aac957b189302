import datetime as dt
from collections import Counter
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from yjaudit.audits.models import RoundStatus, SampleStatus
from yjaudit.audits.rounds.selectors import active_sample, comparison
from yjaudit.audits.rounds.services import SampleError, create_round, draw_sample, swap_case
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.models import Case

pytestmark = pytest.mark.django_db


def refs(audit_round):
    return [s.case.reference for s in active_sample(audit_round)]


def test_500_case_round_sample_matches_court_share_within_one_case(audit_round, qa):
    rows = draw_sample(actor=qa, audit_round=audit_round, seed=1234)
    assert len(rows) == 68  # hmip-children for a caseload of 500
    pop = Counter(Case.objects.values_list("disposal_category", flat=True))
    got = Counter(s.case.disposal_category for s in active_sample(audit_round))
    for category, n in pop.items():
        assert abs(got[category] - Fraction(n * 68, 500)) < 1
    audit_round.refresh_from_db()
    assert (audit_round.seed, audit_round.status, audit_round.caseload_size) == (
        1234,
        RoundStatus.SAMPLED,
        500,
    )


def test_same_seed_same_sample(audit_round, qa):
    draw_sample(actor=qa, audit_round=audit_round, seed=99)
    first = refs(audit_round)
    draw_sample(actor=qa, audit_round=audit_round, seed=99, replace_untouched=True)
    assert refs(audit_round) == first
    draw_sample(actor=qa, audit_round=audit_round, seed=100, replace_untouched=True)
    assert refs(audit_round) != first
    event = AuditEvent.objects.filter(action="round.sample").latest("pk")
    assert event.before["cases"] == first and event.after["seed"] == 100


def test_without_a_seed_one_is_chosen_and_kept(audit_round, qa):
    draw_sample(actor=qa, audit_round=audit_round)
    audit_round.refresh_from_db()
    assert audit_round.seed is not None
    first = refs(audit_round)
    draw_sample(actor=qa, audit_round=audit_round, seed=audit_round.seed, replace_untouched=True)
    assert refs(audit_round) == first


def test_swap_records_reason_and_keeps_the_stratum(audit_round, qa):
    draw_sample(actor=qa, audit_round=audit_round, seed=5)
    out = active_sample(audit_round).first()
    new = swap_case(actor=qa, sampled=out, reason="Case transferred to another YOT")
    out.refresh_from_db()
    assert out.status == SampleStatus.SWAPPED_OUT and out.replaced_by == new
    assert new.case.disposal_category == out.case.disposal_category
    assert new.position == out.position
    assert active_sample(audit_round).count() == 68
    event = AuditEvent.objects.get(action="sample.swap")
    assert event.after["swap_reason"] == "Case transferred to another YOT"
    assert event.actor == qa
    with pytest.raises(SampleError):
        swap_case(actor=qa, sampled=out, reason="again")
    with pytest.raises(ValidationError):
        swap_case(actor=qa, sampled=new, reason="  ")


def test_comparison_shows_caseload_and_sample_shares(audit_round, qa):
    draw_sample(actor=qa, audit_round=audit_round, seed=8)
    table = {c.attribute: c for c in comparison(audit_round)}
    court = next(r for r in table["disposal_category"].rows if r.value == "court")
    assert court.caseload == Case.objects.filter(disposal_category="court").count()
    assert abs(court.sample_percent - court.caseload_percent) < 100 / 68 + 0.1
    assert sum(r.sample for r in table["sex"].rows) == 68


def test_only_cases_open_in_the_period_are_drawn(service, edition, qa, caseload):
    Case.objects.filter(pk__in=[c.pk for c in caseload[:400]]).update(
        start_date=dt.date(2026, 1, 1)
    )
    r = create_round(
        actor=qa,
        service=service,
        framework_edition=edition,
        name="Q1",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=30,
    )
    draw_sample(actor=qa, audit_round=r, seed=1)
    assert active_sample(r).count() == 30
    assert all(s.case.start_date.year == 2024 for s in active_sample(r))


def test_round_validation(service, edition, qa):
    with pytest.raises(ValidationError) as exc:
        create_round(
            actor=qa,
            service=service,
            framework_edition=edition,
            name="Bad",
            kind="thematic",
            period_start=dt.date(2024, 2, 1),
            period_end=dt.date(2024, 1, 1),
            sample_rule="fixed-n",
        )
    assert {"period_end", "requested_size"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        create_round(
            actor=qa,
            service=service,
            framework_edition=edition,
            name="Bad",
            kind="thematic",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 2, 1),
            sample_rule="nonsense",
        )


def test_empty_caseload_is_a_clear_error(service, edition, qa):
    r = create_round(
        actor=qa,
        service=service,
        framework_edition=edition,
        name="Empty",
        kind="thematic",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 2, 1),
        sample_rule="sqs",
    )
    with pytest.raises(SampleError, match="No cases"):
        draw_sample(actor=qa, audit_round=r)
