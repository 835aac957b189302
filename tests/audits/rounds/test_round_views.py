"""Round pages: create, draw, compare, swap."""

import pytest
from django.urls import reverse

from cases.factories import make_user, sign_in
from yjaudit.audits.models import AuditRound, SampleStatus
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.models import Role

pytestmark = pytest.mark.django_db


def test_create_draw_compare_and_swap(client, service, edition, caseload):
    sign_in(client, make_user("lead", service, Role.QA_LEAD))
    form = client.get(reverse("rounds:create", args=[service.code]))
    assert form.status_code == 200
    bad = client.post(reverse("rounds:create", args=[service.code]), {"name": ""})
    assert "There is a problem" in bad.content.decode()
    resp = client.post(
        reverse("rounds:create", args=[service.code]),
        {
            "name": "Self-audit 2024",
            "kind": "self-audit",
            "framework_edition": edition.pk,
            "period_start_0": "1",
            "period_start_1": "1",
            "period_start_2": "2024",
            "period_end_0": "31",
            "period_end_1": "12",
            "period_end_2": "2024",
            "sample_rule": "yjb-national-standards",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    audit_round = AuditRound.objects.get()
    detail = client.get(resp.url).content.decode()
    assert 'id="caseload">500<' in detail and 'id="sample-size">100<' in detail
    client.post(reverse("rounds:draw", args=[audit_round.pk]), {"seed": "42"})
    detail = client.get(resp.url).content.decode()
    assert 'id="seed">42<' in detail
    assert 'id="compare-disposal_category"' in detail and "Caseload share" in detail
    sampled = audit_round.samples.first()
    swap_url = reverse("rounds:swap", args=[audit_round.pk, sampled.pk])
    assert "There is a problem" in client.post(swap_url, {"reason": ""}).content.decode()
    client.post(swap_url, {"reason": "Transferred out"})
    sampled.refresh_from_db()
    assert sampled.status == SampleStatus.SWAPPED_OUT and sampled.swap_reason == "Transferred out"
    assert AuditEvent.objects.filter(action="sample.swap").exists()


def test_auditor_sees_but_cannot_draw(client, audit_round, service):
    sign_in(client, make_user("aud", service, Role.AUDITOR))
    assert client.get(reverse("rounds:detail", args=[audit_round.pk])).status_code == 200
    assert client.post(reverse("rounds:draw", args=[audit_round.pk])).status_code == 403
    assert client.get(reverse("rounds:create", args=[service.code])).status_code == 403
    assert not audit_round.samples.exists()
