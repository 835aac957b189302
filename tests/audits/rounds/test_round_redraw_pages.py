"""The redraw, swap and restore through the pages and the API: same rule as the
service (work is never lost), a confirmation page, 409 with the plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.factories import make_caseload, make_user, sign_in
from yjaudit.audits.models import AuditStatus, CaseAnswer, CaseAudit, SampledCase, SampleStatus
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases.models import Case
from yjaudit.organisations.models import Role

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def caseload(service):
    return make_caseload(service, 80)


@pytest.fixture
def drawn(service, edition, qa, caseload):
    audit_round = create_round(
        actor=qa,
        service=service,
        framework_edition=edition,
        name="Autumn",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=6,
    )
    draw_sample(actor=qa, audit_round=audit_round, seed=1)
    signed = CaseAudit.objects.filter(round=audit_round).order_by("sampled_case__position")[1]
    for i in range(3):
        CaseAnswer.objects.create(audit=signed, question_id=f"q{i}", value="yes")
    signed.status = AuditStatus.SIGNED_OFF
    signed.save()
    audit_round.refresh_from_db()
    return audit_round, signed


def state() -> tuple[list[tuple[int, str]], int, int]:
    return (
        list(SampledCase.objects.order_by("pk").values_list("pk", "status")),
        CaseAudit.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_page_asks_first_then_replaces_only_untouched_cases(client, drawn, qa):
    audit_round, signed = drawn
    sign_in(client, qa)
    before = state()
    page = client.post(reverse("rounds:draw", args=[audit_round.pk]), {"seed": "7"})
    body = page.content.decode()
    assert page.status_code == 200 and state() == before  # a question, not a change
    assert "Draw the sample again?" in body and signed.case.reference in body
    assert "Signed off, 3 answers" in body and "Replace 5 untouched cases" in body
    ids = ",".join(str(s.pk) for s in audit_round.samples.exclude(pk=signed.sampled_case_id))
    done = client.post(
        reverse("rounds:draw", args=[audit_round.pk]),
        {"seed": "7", "confirm": "True", "replace": ids},
    )
    assert done.status_code == 302
    signed.refresh_from_db()
    assert signed.status == AuditStatus.SIGNED_OFF and signed.answers.count() == 3
    assert signed.sampled_case.status == SampleStatus.ACTIVE
    detail = client.get(reverse("rounds:detail", args=[audit_round.pk])).content.decode()
    assert "Removed from the sample" in detail and "Put back" in detail
    assert client.get(reverse("audits:detail", args=[signed.pk])).status_code == 200


def test_a_stale_confirmation_replaces_nothing(client, drawn, qa):
    audit_round, signed = drawn
    sign_in(client, qa)
    before = state()
    resp = client.post(
        reverse("rounds:draw", args=[audit_round.pk]),
        {"confirm": "True", "replace": str(signed.sampled_case_id)},
    )
    assert resp.status_code == 302 and state() == before
    page = client.get(resp.url).content.decode()
    assert "The sample changed since you checked it" in page


def test_the_page_refuses_when_every_case_holds_work(client, drawn, qa):
    audit_round, _ = drawn
    for audit in CaseAudit.objects.filter(round=audit_round):
        CaseAnswer.objects.get_or_create(audit=audit, question_id="q9", value="no")
    sign_in(client, qa)
    before = state()
    page = client.post(reverse("rounds:draw", args=[audit_round.pk]), {"confirm": "True"})
    body = page.content.decode()
    assert page.status_code == 200 and state() == before
    assert "The sample cannot be drawn again" in body and "Replace" not in body


def test_swap_page_refuses_a_case_holding_work(client, drawn, qa):
    audit_round, signed = drawn
    sign_in(client, qa)
    before = state()
    url = reverse("rounds:swap", args=[audit_round.pk, signed.sampled_case_id])
    body = client.post(url, {"reason": "Moved"}).content.decode()
    assert "holds work" in body and state() == before


def test_restore_from_the_page(client, drawn, qa, service):
    audit_round, _ = drawn
    draw_sample(actor=qa, audit_round=audit_round, seed=9, replace_untouched=True)
    gone = SampledCase.objects.filter(round=audit_round, status=SampleStatus.ARCHIVED).first()
    sign_in(client, make_user("aud", service, Role.AUDITOR))
    url = reverse("rounds:restore", args=[audit_round.pk, gone.pk])
    assert client.post(url).status_code == 403
    sign_in(client, qa)
    assert client.post(url).status_code == 302
    gone.refresh_from_db()
    assert gone.status == SampleStatus.ACTIVE
    assert AuditEvent.objects.filter(action="sample.restore", actor=qa).exists()


def test_round_page_shows_the_caseload_fixed_at_the_draw(client, drawn, qa, service):
    audit_round, _ = drawn
    for i, case in enumerate(Case.objects.filter(service=service)[:30]):
        case.pk, case.id, case.reference = None, None, f"LATE-{i:03d}"
        case.save()
    sign_in(client, qa)
    body = client.get(reverse("rounds:detail", args=[audit_round.pk])).content.decode()
    assert 'id="caseload">80<' in body and "As at the draw" in body
    data = client.get(f"{API}/rounds/{audit_round.pk}/").json()
    assert data["caseload_size"] == 80
    assert sum(data["caseload_counts"]["disposal_category"].values()) == 80


def test_api_redraw_is_409_with_the_plan_unless_confirmed(client, drawn, qa):
    audit_round, signed = drawn
    sign_in(client, qa)
    before = state()
    url = f"{API}/rounds/{audit_round.pk}/draw/"
    resp = client.post(url, {"seed": 3}, content_type="application/json")
    assert resp.status_code == 409 and state() == before
    body = resp.json()
    assert body["keep"] == [
        {"reference": signed.case.reference, "holds": ["Signed off", "3 answers"]}
    ]
    assert len(body["replace"]) == 5 and body["confirm_with"] == {"replace_untouched": True}
    resp = client.post(url, {"seed": 3, "replace_untouched": True}, content_type="application/json")
    assert resp.status_code == 200 and resp.json()["sample_size"] == 6
    signed.refresh_from_db()
    assert signed.status == AuditStatus.SIGNED_OFF and signed.answers.count() == 3
    listed = client.get(f"{API}/case-audits/?round={audit_round.pk}").json()
    assert signed.pk in [a["id"] for a in listed["results"]]


def test_api_swap_of_a_case_holding_work_is_409(client, drawn, qa):
    _, signed = drawn
    sign_in(client, qa)
    before = state()
    resp = client.post(
        f"{API}/samples/{signed.sampled_case_id}/swap/",
        {"reason": "Moved"},
        content_type="application/json",
    )
    assert resp.status_code == 409 and "holds work" in resp.json()["detail"]
    assert state() == before


def test_api_restore(client, drawn, qa):
    audit_round, _ = drawn
    draw_sample(actor=qa, audit_round=audit_round, seed=9, replace_untouched=True)
    gone = SampledCase.objects.filter(round=audit_round, status=SampleStatus.ARCHIVED).first()
    sign_in(client, qa)
    resp = client.post(f"{API}/samples/{gone.pk}/restore/", content_type="application/json")
    assert resp.status_code == 200 and resp.json()["status"] == "active"
    again = client.post(f"{API}/samples/{gone.pk}/restore/", content_type="application/json")
    assert again.status_code == 400


def test_the_api_lists_case_audits_as_soon_as_the_sample_is_drawn(client, drawn, qa):
    audit_round, _ = drawn
    sign_in(client, qa)
    listed = client.get(f"{API}/case-audits/?round={audit_round.pk}").json()
    assert listed["count"] == 6
