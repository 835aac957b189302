"""round_score: the engine's figures over a round's stored answers, cached by version."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.factories import make_caseload, make_service, make_user
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.models import AuditRound, CaseAnswer, CaseAudit, RatingOverride, SampledCase
from yjaudit.engine import Answer, Override, score
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_round():
    sync_bundled_frameworks()
    service = make_service()
    qa = make_user("qa", service)
    cases = make_caseload(service, 12)
    edition = get_current_edition("hmip-style-local-audit")
    audit_round = AuditRound.objects.create(
        service=service,
        framework_edition=edition,
        name="Q1",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed",
        created_by=qa,
    )
    audits = []
    for i, case in enumerate(cases):
        sampled = SampledCase.objects.create(round=audit_round, case=case, stratum="x", position=i)
        audits.append(
            CaseAudit.objects.create(
                round=audit_round, sampled_case=sampled, case=case, status="submitted"
            )
        )
    return audit_round, audits


def _answer(audits, framework):
    values = ["yes", "partly", "no", "yes", "na"]
    expected = []
    for i, audit in enumerate(audits):
        standards = ("2.1", "2.2") if audit.case.disposal_category == "court" else ("3.1",)
        for s in standards:
            for kq in framework.standard(s).key_questions:
                v = values[(i + len(kq.id)) % len(values)]
                CaseAnswer.objects.create(audit=audit, question_id=kq.id, value=v)
                expected.append(Answer(audit.case.reference, kq.id, v))
    return expected


def test_round_score_equals_engine_and_moves_with_every_change(local_round):
    audit_round, audits = local_round
    framework = audit_round.framework_edition.spec()
    expected = _answer(audits, framework)
    attrs = {a.case.reference: results.case_attributes(a.case) for a in audits}
    report = results.round_score(audit_round, by=["setting"])
    assert report == score(framework, expected, case_attributes=attrs, by=["setting"])

    # Cached: the same object until something changes, then recomputed at once.
    with CaptureQueriesContext(connection) as ctx:
        assert results.round_score(audit_round, by=["setting"]) is report
    assert len(ctx.captured_queries) <= 2
    first = CaseAnswer.objects.filter(audit=audits[0]).first()
    first.value = "no" if first.value != "no" else "yes"
    first.save()
    results.bump(audit_round.pk)
    moved = results.round_score(audit_round, by=["setting"])
    assert moved is not report
    assert moved != report

    RatingOverride.objects.create(round=audit_round, standard_id="2.1", rating="Good", reason="x")
    results.bump(audit_round.pk)
    with_override = results.round_score(audit_round).result.standard("2.1")
    assert with_override.rating == "Good" and with_override.override_reason == "x"
    assert Override("2.1", "Good", "x")  # the engine's own type carried the reason


def test_round_score_reads_answers_and_cases_in_few_queries(local_round):
    audit_round, audits = local_round
    _answer(audits, audit_round.framework_edition.spec())
    results.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        results.round_score(audit_round, by=results.RESULT_SPLITS)
    # fingerprint (2), answers (1), cases (1), judgements (1), overrides (1), edition (1)
    assert len(ctx.captured_queries) <= 7


def test_recompute_after_a_save_reuses_the_sample_but_sees_new_audits_and_case_changes(
    local_round,
):
    audit_round, audits = local_round
    framework = audit_round.framework_edition.spec()
    # The last case has no case audit yet (audits are created on first visit).
    late = audits.pop()
    sampled, case = late.sampled_case, late.case
    late.delete()
    _answer(audits, framework)
    results.clear_cache()
    with CaptureQueriesContext(connection) as cold:
        before = results.round_score(audit_round, by=["sex"])

    # An answer saved: the figures move, the audits and case attributes are not re-read.
    first = CaseAnswer.objects.filter(audit=audits[0]).first()
    first.value = "no" if first.value != "no" else "yes"
    first.save()
    results.bump(audit_round.pk)
    with CaptureQueriesContext(connection) as ctx:
        moved = results.round_score(audit_round, by=["sex"])
    assert moved != before
    assert len(ctx.captured_queries) == len(cold.captured_queries) - 1

    def engine_on_stored():
        stored = CaseAnswer.objects.filter(audit__round=audit_round).order_by("audit_id", "pk")
        answers = [Answer(a.audit.case.reference, a.question_id, a.value) for a in stored]
        attrs = {a.case.reference: results.case_attributes(a.case) for a in audits}
        return score(framework, answers, case_attributes=attrs, by=["sex"])

    # A case audit created later, then answered: its answers count at once.
    audits.append(
        CaseAudit.objects.create(
            round=audit_round, sampled_case=sampled, case=case, status="submitted"
        )
    )
    _answer(audits[-1:], framework)
    results.bump(audit_round.pk)
    assert results.round_score(audit_round, by=["sex"]) == engine_on_stored()
    assert results.round_score(audit_round, by=["sex"]) != moved

    # A case's attribute changed in the register: the split shows it at once.
    case.refresh_from_db()
    case.sex = "female" if case.sex != "female" else "male"
    case.save()
    assert results.round_score(audit_round, by=["sex"]) == engine_on_stored()


def test_only_submitted_and_later_audits_count_and_drafts_are_shown_apart(local_round):
    """Issue 9.5: live results counted drafts ("Draft: 20; Submitted: 10")."""
    audit_round, audits = local_round
    framework = audit_round.framework_edition.spec()
    _answer(audits, framework)
    statuses = ["draft", "returned", "submitted", "moderated", "signed-off"]
    for i, audit in enumerate(audits):
        audit.status = statuses[i % len(statuses)]
        audit.save()
    results.bump(audit_round.pk)

    def engine_on(kept):
        refs = {a.case.reference for a in kept}
        stored = CaseAnswer.objects.filter(audit__round=audit_round).order_by("audit_id", "pk")
        answers = [
            Answer(a.audit.case.reference, a.question_id, a.value)
            for a in stored
            if a.audit.case.reference in refs
        ]
        attrs = {a.case.reference: results.case_attributes(a.case) for a in kept}
        return score(framework, answers, case_attributes=attrs, by=["setting"])

    counted = [a for a in audits if a.status in ("submitted", "moderated", "signed-off")]
    assert {results.counts(s) for s in statuses} == {True, False}
    assert [s for s in statuses if results.counts(s)] == ["submitted", "moderated", "signed-off"]
    report = results.round_score(audit_round, by=["setting"])
    assert report == engine_on(counted)
    assert report.result.cases == len(counted) < len(audits)
    assert results.progress(audit_round) == results.Progress(
        sample=len(audits), counted=len(counted), in_progress=len(audits) - len(counted)
    )
    answers, attributes, _, _ = results.round_inputs(audit_round)
    assert set(attributes) == {a.case.reference for a in counted}
    assert {a.case_id for a in answers} <= set(attributes)

    # A workflow change moves an audit into (or out of) the figures on the next read.
    draft = next(a for a in audits if a.status == "draft")
    draft.status = "submitted"
    draft.save()
    results.bump(audit_round.pk)
    assert results.round_score(audit_round, by=["setting"]) == engine_on([*counted, draft])
