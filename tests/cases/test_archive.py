"""Archiving a case: kept, offered to no new sample, its past audits untouched; pages,
API and the register's "Archived" filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases.factories import make_caseload, make_service, make_user, sign_in
from yjaudit.audits.models import CaseAudit
from yjaudit.audits.rounds.selectors import round_caseload
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.audittrail.archiving import ArchiveError
from yjaudit.audittrail.models import AuditEvent
from yjaudit.cases import services
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def register() -> dict[str, Any]:
    sync_bundled_frameworks()
    service = make_service()
    cases = make_caseload(service, 8)
    qa = make_user("qa", service, Role.QA_LEAD)

    def new_round(name: str) -> Any:
        return create_round(
            actor=qa,
            service=service,
            framework_edition=get_current_edition("hmip-style-local-audit"),
            name=name,
            kind="self-audit",
            period_start=dt.date(2020, 1, 1),
            period_end=dt.date(2030, 12, 31),
            sample_rule="fixed-n",
            requested_size=8,
        )

    return {"service": service, "cases": cases, "qa": qa, "new_round": new_round}


def test_an_archived_case_is_offered_to_no_new_sample(register: Any) -> None:
    qa, cases = register["qa"], register["cases"]
    drawn = register["new_round"]("Before")
    draw_sample(actor=qa, audit_round=drawn, seed=1)
    assert drawn.samples.filter(case=cases[0]).exists()
    audits_before = CaseAudit.objects.filter(case=cases[0]).count()

    services.archive_case(actor=qa, case=cases[0], reason="Entered twice")

    # Past audits are untouched; a new round's caseload and sample leave it out.
    assert CaseAudit.objects.filter(case=cases[0]).count() == audits_before
    fresh = register["new_round"]("After")
    assert cases[0] not in round_caseload(fresh)
    draw_sample(actor=qa, audit_round=fresh, seed=1)
    assert not fresh.samples.filter(case=cases[0]).exists()
    assert fresh.samples.count() == 7
    event = AuditEvent.objects.get(action="case.archive")
    assert event.after["archive_reason"] == "Entered twice" and event.service_id
    with pytest.raises(ArchiveError):
        services.archive_case(actor=qa, case=cases[0], reason="again")
    services.restore_case(actor=qa, case=cases[0])
    assert cases[0] in round_caseload(register["new_round"]("Later"))
    assert AuditEvent.objects.filter(action="case.restore").count() == 1


def test_archive_a_case_through_the_pages_and_the_list_filter(register: Any) -> None:
    client = Client()
    sign_in(client, register["qa"])
    case = register["cases"][0]
    url = reverse("cases:archive", args=[case.pk])
    assert url in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    check = client.post(url, {"reason": "Entered twice"})
    assert 'id="archive-confirm"' in check.content.decode()
    assert client.post(url, {"reason": "Entered twice", "confirm": "yes"}).status_code == 302
    case.refresh_from_db()
    assert case.archived_at is not None
    listed = client.get(reverse("cases:list")).content.decode()
    assert f">{case.reference}<" not in listed
    archived = client.get(reverse("cases:list") + "?archived=archived").content.decode()
    assert f">{case.reference}<" in archived and "Archived</strong>" in archived
    restore = reverse("cases:restore", args=[case.pk])
    assert restore in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    client.post(restore, {"reason": "Only once after all"})
    case.refresh_from_db()
    assert case.archived_at is None


def test_auditors_may_not_archive_cases_and_the_api(register: Any) -> None:
    case = register["cases"][1]
    auditor = Client()
    sign_in(auditor, make_user("aud", register["service"], Role.AUDITOR))
    assert auditor.post(reverse("cases:archive", args=[case.pk]), {}).status_code == 403
    url = f"/api/v1/cases/{case.pk}/archive/"
    assert auditor.post(url, {"reason": "x"}, "application/json").status_code == 403
    lead = Client()
    sign_in(lead, register["qa"])
    assert lead.post(url, {"reason": ""}, "application/json").status_code == 400
    done = lead.post(url, {"reason": "Duplicate"}, "application/json")
    assert done.status_code == 200 and done.json()["archive_reason"] == "Duplicate"
    assert lead.post(url, {"reason": "Duplicate"}, "application/json").status_code == 409
    back = lead.post(f"/api/v1/cases/{case.pk}/restore/", {}, "application/json")
    assert back.status_code == 200 and back.json()["archived_at"] is None
