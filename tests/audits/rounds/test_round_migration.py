"""Migration audits.0005: case audits for samples drawn before they came with the draw
(recorded as done by the system), and caseload figures for rounds drawn before they
were stored (from the cases that existed at the draw)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from cases.factories import make_caseload, make_service
from yjaudit.audits.models import (
    AuditRound,
    CaseAudit,
    RoundAnswersVersion,
    SampledCase,
    SampleStatus,
)
from yjaudit.audits.rounds.selectors import caseload_figures
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.models import Case
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks

pytestmark = pytest.mark.django_db

migration = importlib.import_module("yjaudit.audits.migrations.0005_create_missing_case_audits")


@pytest.fixture
def old_round():
    """A round drawn the old way: sampled cases without case audits or stored counts."""
    sync_bundled_frameworks()
    service = make_service()
    cases = make_caseload(service, 30)
    audit_round = AuditRound.objects.create(
        service=service,
        framework_edition=get_current_edition("hmip-youth-2021"),
        name="Old",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=4,
        status="sampled",
        seed=1,
        caseload_size=30,
        sampled_at=timezone.now(),
    )
    for i, case in enumerate(cases[:5]):
        SampledCase.objects.create(
            round=audit_round,
            case=case,
            stratum=case.disposal_category,
            position=i + 1,
            status=SampleStatus.SWAPPED_OUT if i == 4 else SampleStatus.ACTIVE,
        )
    return audit_round


def test_missing_case_audits_are_created_by_the_system(old_round):
    migration.create_missing_case_audits(apps, None)
    audits = CaseAudit.objects.filter(round=old_round)
    assert audits.count() == 4  # the active sample only
    assert {a.status for a in audits} == {"draft"}
    events = AuditEvent.objects.filter(action="audit.create")
    assert events.count() == 4
    assert {(e.actor_id, e.actor_label) for e in events} == {(None, "system")}
    assert {e.service_id for e in events} == {old_round.service_id}
    assert RoundAnswersVersion.objects.get(round=old_round).version == 1
    migration.create_missing_case_audits(apps, None)  # idempotent
    assert CaseAudit.objects.filter(round=old_round).count() == 4


def test_caseload_figures_come_from_the_cases_that_existed_at_the_draw(old_round):
    later = Case.objects.filter(service=old_round.service).first()
    later.pk, later.id, later.reference = None, None, "LATE-1"
    later.save()  # imported after the draw (created_at after sampled_at)
    migration.store_caseload_figures(apps, None)
    old_round.refresh_from_db()
    figures = caseload_figures(old_round)
    assert figures.fixed and figures.size == 30
    assert sum(figures.counts["disposal_category"].values()) == 30
    assert later.pk not in old_round.caseload_case_ids
