"""`yjaudit sample ROUND`: a redraw never loses work (exit 2 unless --replace-untouched,
and then only untouched cases are replaced)."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.factories import make_caseload, make_service
from yjaudit.audits.models import AuditStatus, CaseAnswer, CaseAudit, SampledCase, SampleStatus
from yjaudit.audits.rounds.services import create_round
from yjaudit.audittrail.models import AuditEvent
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks

from .conftest import Run

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_round():
    sync_bundled_frameworks()
    service = make_service()
    make_caseload(service, 60)
    return create_round(
        actor=None,
        service=service,
        framework_edition=get_current_edition("hmip-youth-2021"),
        name="Spring",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=8,
    )


def state() -> tuple[list[tuple[int, str]], int, int]:
    return (
        list(SampledCase.objects.order_by("pk").values_list("pk", "status")),
        CaseAudit.objects.count(),
        AuditEvent.objects.count(),
    )


def test_first_draw_creates_the_sample_and_its_case_audits(run: Run, audit_round):
    result = run("sample", str(audit_round.pk), "--seed", "5")
    assert result.exit_code == 0, result.output
    assert "8 of 60 cases" in result.stdout and "seed 5" in result.stdout
    assert CaseAudit.objects.filter(round=audit_round).count() == 8


def test_a_redraw_exits_2_with_the_reason_and_writes_nothing(run: Run, audit_round):
    assert run("sample", str(audit_round.pk), "--seed", "5").exit_code == 0
    signed = CaseAudit.objects.filter(round=audit_round).first()
    CaseAnswer.objects.create(audit=signed, question_id="q1", value="yes")
    signed.status = AuditStatus.SIGNED_OFF
    signed.save()
    before = state()
    result = run("sample", str(audit_round.pk), "--seed", "6")
    assert result.exit_code == 2 and result.stdout == ""
    assert signed.case.reference in result.stderr and "Signed off" in result.stderr
    assert "--replace-untouched" in result.stderr and "Traceback" not in result.output
    assert state() == before


def test_replace_untouched_keeps_the_work(run: Run, audit_round):
    assert run("sample", str(audit_round.pk), "--seed", "5").exit_code == 0
    signed = CaseAudit.objects.filter(round=audit_round).first()
    CaseAnswer.objects.create(audit=signed, question_id="q1", value="yes")
    signed.status = AuditStatus.SIGNED_OFF
    signed.save()
    result = run("sample", str(audit_round.pk), "--seed", "6", "--replace-untouched")
    assert result.exit_code == 0, result.output
    signed.refresh_from_db()
    assert signed.status == AuditStatus.SIGNED_OFF and signed.answers.count() == 1
    assert signed.sampled_case.status == SampleStatus.ACTIVE
    assert signed.case.reference in result.stdout
    assert SampledCase.objects.filter(status=SampleStatus.ARCHIVED).exists()


def test_a_sample_all_holding_work_is_refused_even_with_the_flag(run: Run, audit_round):
    assert run("sample", str(audit_round.pk), "--seed", "5").exit_code == 0
    for audit in CaseAudit.objects.filter(round=audit_round):
        CaseAnswer.objects.create(audit=audit, question_id="q1", value="yes")
    before = state()
    result = run("sample", str(audit_round.pk), "--replace-untouched")
    assert result.exit_code == 2 and "Every case in the sample holds work" in result.stderr
    assert state() == before


@pytest.fixture
def english_afterwards():
    from django.utils import translation

    from yjaudit.cli import i18n

    yield
    i18n.activate("en")
    translation.deactivate()


def test_the_rule_and_the_comparison_in_the_clis_language(
    run: Run, audit_round, english_afterwards
):
    from yjaudit.sampling import load_rules

    english, welsh = load_rules()["fixed-n"].name, load_rules(language="cy")["fixed-n"].name
    first = run("--language", "cy", "sample", str(audit_round.pk), "--seed", "5")
    assert first.exit_code == 0, first.output
    assert f"Rheol maint y sampl: {welsh}" in first.stdout and english not in first.stdout
    assert "Gwarediad llys" in first.stdout and "Court disposal" not in first.stdout
    again = run("--language", "en", "sample", str(audit_round.pk), "--replace-untouched")
    assert again.exit_code == 0, again.output
    assert f"Sample size rule: {english}" in again.stdout and welsh not in again.stdout
    assert "Court disposal" in again.stdout
