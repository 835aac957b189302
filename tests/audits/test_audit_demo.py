"""The demo gets a signed-off local self-audit, an in-progress HMIP 2021 round, a
signed-off victims' round and two half-years of management oversight."""

import pytest
from django.core.management import call_command

from yjaudit.audits import demo
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.models import AuditRound, AuditStatus, CaseAudit, RoundStatus

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
    assert live_statuses == {AuditStatus.DRAFT, AuditStatus.SUBMITTED, AuditStatus.MODERATED}
    # Work waiting for each role's first day, and the finished rounds closed.
    assert done.status == RoundStatus.CLOSED and live.status == RoundStatus.IN_PROGRESS
    waiting = CaseAudit.objects.filter(round=live, status=AuditStatus.SUBMITTED)
    assert waiting.filter(second_marking_done=True).count() == 2  # differences to resolve
    assert waiting.filter(moderation_selected=True, second_marking_done=False).count() == 1
    assert CaseAudit.objects.filter(round=live, status=AuditStatus.MODERATED).count() == 2
    report = results.round_score(done)
    assert report.result.overall.rating is not None
    assert results.round_score(live).result.standard("1.1").rating == "Good"
    # Idempotent.
    call_command("seed_demo", verbosity=0)
    assert AuditRound.objects.filter(name=demo.SIGNED_OFF).count() == 1


def test_demo_victims_and_oversight_rounds(settings):
    from yjaudit.audits.case_audits.oversight import manager_trend

    settings.YJAUDIT_DEMO = True
    call_command("seed_demo", verbosity=0)
    victims = AuditRound.objects.get(name=demo.VICTIMS_ROUND)
    assert victims.subject == "victims"
    audits = CaseAudit.objects.filter(round=victims)
    # 40 victims' cases open in the period: hmip-victims reads 12.
    assert audits.count() == 12
    assert set(audits.values_list("case__kind", flat=True)) == {"victims"}
    assert set(audits.values_list("status", flat=True)) == {AuditStatus.SIGNED_OFF}
    result = results.round_score(victims).result
    assert [s.id for s in result.standards] == ["V1.1", "V1.2"]
    assert result.standard("V1.1").rating is not None
    latest = AuditRound.objects.get(name=demo.OVERSIGHT[1][0])
    trend = manager_trend(latest)
    assert len(trend.rounds) == 2
    assert len(trend.rows) == 2  # the demo's two operational managers
    assert all(c is not None and c.rating for _name, cells in trend.rows for c in cells)
