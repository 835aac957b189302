"""The demo gets a signed-off local self-audit and an in-progress HMIP 2021 round."""

import pytest
from django.core.management import call_command

from yjaudit.audits import demo
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.models import AuditRound, AuditStatus, CaseAudit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_rounds(settings):
    settings.YJAUDIT_DEMO = True
    call_command("seed_demo", verbosity=0)
    done = AuditRound.objects.get(name=demo.SIGNED_OFF)
    live = AuditRound.objects.get(name=demo.IN_PROGRESS)
    assert done.framework_edition.framework_id == "hmip-style-local-audit"
    assert live.framework_edition.framework_id == "hmip-youth-2021"
    statuses = set(CaseAudit.objects.filter(round=done).values_list("status", flat=True))
    assert statuses == {AuditStatus.SIGNED_OFF}
    assert CaseAudit.objects.filter(round=done, second_marking_done=True).count() == 4
    live_statuses = set(CaseAudit.objects.filter(round=live).values_list("status", flat=True))
    assert live_statuses == {AuditStatus.DRAFT, AuditStatus.SUBMITTED}
    report = results.round_score(done)
    assert report.result.overall.rating is not None
    assert results.round_score(live).result.standard("1.1").rating == "Good"
    # Idempotent.
    call_command("seed_demo", verbosity=0)
    assert AuditRound.objects.filter(name=demo.SIGNED_OFF).count() == 1
