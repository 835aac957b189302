"""Rounds on victims' cases and on managers' oversight: the sample is drawn from the
round's register, a case shows only its subject's standards, results show them rated."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases.factories import make_user
from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.case_audits.selectors import audit_layout
from yjaudit.audits.models import CaseAudit
from yjaudit.audits.rounds.selectors import active_sample
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.organisations.models import Role

from .world import answer_all, oversight_service, victims_service

pytestmark = pytest.mark.django_db

YEAR = {"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31)}


def _round(service, qa, framework, subject, rule, **extra):
    return create_round(
        actor=qa,
        service=service,
        framework_edition=get_current_edition(framework),
        name=f"{subject} round",
        kind="self-audit",
        sample_rule=rule,
        subject=subject,
        **YEAR,
        **extra,
    )


def test_victims_round_samples_victims_and_shows_v11_rated():
    service = victims_service(victims=12)
    qa = make_user("qa", service, Role.QA_LEAD)
    audit_round = _round(service, qa, "hmip-youth-2025-children-victims", "victims", "hmip-victims")
    sample = draw_sample(actor=qa, audit_round=audit_round, seed=7)
    # hmip-victims: up to 30 victims' cases in the period, 9 are read.
    assert len(sample) == 9
    assert {s.case.kind for s in sample} == {"victims"}
    audits = list(CaseAudit.objects.filter(round=audit_round).select_related("case", "round"))
    assert [s.id for s in audit_layout(audits[0])] == ["V1.1"]
    for i, audit in enumerate(audits):
        answer_all(audit, qa, "yes" if i < 8 else "no")
    result = round_scores.round_score(audit_round).result
    assert [s.id for s in result.standards] == ["V1.1", "V1.2"]
    v11 = result.standard("V1.1")
    # 8 of 9 cases well enough: 89% -> Outstanding on the 80/65/50 bands.
    assert (v11.figure.numerator, v11.figure.denominator) == (8, 9)
    assert v11.rating == "Outstanding"


def test_a_childrens_round_on_the_same_framework_hides_the_victims_standards():
    service = victims_service(code="KIDS", victims=3)
    qa = make_user("qa", service, Role.QA_LEAD)
    audit_round = _round(
        service, qa, "hmip-youth-2025-children-victims", "children", "hmip-children"
    )
    sample = draw_sample(actor=qa, audit_round=audit_round, seed=3)
    assert {s.case.kind for s in sample} == {"children"}
    audit = CaseAudit.objects.filter(round=audit_round).first()
    assert [s.id for s in audit_layout(audit)] == ["2.1", "2.2", "2.3"]
    ids = [s.id for s in round_scores.round_score(audit_round).result.standards]
    assert "V1.1" not in ids and "V1.2" not in ids


def test_a_round_refuses_a_subject_its_framework_lacks_and_another_subjects_rule():
    service = victims_service(code="REFU", victims=2)
    qa = make_user("qa", service, Role.QA_LEAD)
    with pytest.raises(ValidationError) as caught:
        _round(service, qa, "hmip-youth-2021", "victims", "hmip-victims")
    assert "subject" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _round(service, qa, "hmip-youth-2025-children-victims", "victims", "hmip-children")
    assert set(caught.value.message_dict) == {"sample_rule"}


def test_management_oversight_draws_five_cases_per_manager_and_rates_each():
    service, managers = oversight_service()
    qa = make_user("qa", service, Role.QA_LEAD)
    audit_round = _round(service, qa, "management-oversight", "managers", "management-oversight")
    sample = list(draw_sample(actor=qa, audit_round=audit_round, seed=11))
    assert sorted({s.stratum for s in sample}) == managers
    assert all(sum(1 for s in sample if s.stratum == m) == 5 for m in managers)
    audits = list(
        CaseAudit.objects.filter(round=audit_round)
        .select_related("case__case_manager__line_manager", "round")
        .order_by("sampled_case__position")
    )
    assert [s.id for s in audit_layout(audits[0])] == ["M1"]
    # Manager A: every answer yes (100%); B: every answer partly (50%); C: every answer no.
    for audit in audits:
        who = audit.case.case_manager.line_manager.name
        value = {"Manager A": "yes", "Manager B": "partly", "Manager C": "no"}[who]
        answer_all(audit, qa, value)
    report = round_scores.round_score(audit_round, by=["manager"])
    by_manager = report.splits["manager"]
    assert {m: r.overall.rating for m, r in by_manager.items()} == {
        "Manager A": "Outstanding",
        "Manager B": "Needs improvement",
        "Manager C": "Needs improvement",
    }
    assert active_sample(audit_round).count() == 15


def test_the_api_creates_a_victims_round_and_refuses_a_childrens_rule(client):
    from cases.factories import sign_in

    service = victims_service(code="APIV", victims=10)
    sign_in(client, make_user("qa", service, Role.QA_LEAD))
    edition = get_current_edition("hmip-youth-2025-children-victims")
    body = {
        "service": service.code,
        "framework_edition": edition.pk,
        "name": "Victims by API",
        "kind": "self-audit",
        "subject": "victims",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "sample_rule": "hmip-children",
    }
    refused = client.post("/api/v1/rounds/", body, content_type="application/json")
    assert refused.status_code == 400
    assert "sample_rule" in refused.json()
    made = client.post(
        "/api/v1/rounds/",
        {**body, "sample_rule": "hmip-victims"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["subject"] == "victims"
    drawn = client.post(f"/api/v1/rounds/{made.json()['id']}/draw/", {"seed": 1})
    assert drawn.status_code in (200, 201), drawn.content
    samples = client.get(f"/api/v1/samples/?round={made.json()['id']}").json()
    rows = samples["results"] if isinstance(samples, dict) else samples
    assert len(rows) == 9 and all(r["reference"].startswith("VIC-") for r in rows)


def test_a_victims_rounds_trend_report_shows_victims_rounds_only():
    """The trend of a victims' round was a 500 (KeyError '2.1') when a children's round on
    the same framework came before it: the trend keeps to the round's subject."""
    from yjaudit.reports.make import build_document
    from yjaudit.reports.render import render

    service = victims_service(code="TRND", victims=12)
    qa = make_user("qa", service, Role.QA_LEAD)
    earlier = _round(service, qa, "hmip-youth-2025-children-victims", "children", "hmip-children")
    draw_sample(actor=qa, audit_round=earlier, seed=3)
    for audit in CaseAudit.objects.filter(round=earlier):
        answer_all(audit, qa)
    victims = _round(service, qa, "hmip-youth-2025-children-victims", "victims", "hmip-victims")
    draw_sample(actor=qa, audit_round=victims, seed=7)
    for audit in CaseAudit.objects.filter(round=victims):
        answer_all(audit, qa)
    html = render(build_document(victims, "trend"), "html").decode()
    assert "V1.1" in html and "2.1 " not in html
    assert "1 rounds of" in html or "1 round" in html
