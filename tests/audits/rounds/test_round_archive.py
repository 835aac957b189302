"""Archiving a round: read-only (the services refuse, clearly), out of work lists and
rounds in progress, its results kept for the reports that use them; restore brings it
back. Pages (confirmation, no JavaScript), API, filters on the rounds list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.audits import worklist
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AuditError
from yjaudit.audits.models import AuditRound
from yjaudit.audits.rounds import services as round_services
from yjaudit.audittrail.archiving import ArchiveError
from yjaudit.audittrail.labels import action_label
from yjaudit.audittrail.models import AuditEvent
from yjaudit.reports.sources import service_rounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Any:
    w = build_world(n=4)
    audit_services.assign(actor=w.users["qa"], audit=w.audits[0], auditor=w.users["auditor"])
    return w


def test_an_archived_round_refuses_every_change_and_leaves_work_lists(world: Any) -> None:
    qa, auditor, audit_round = world.users["qa"], world.users["auditor"], world.round
    audit = world.audits[0]
    assert audit in worklist.audits_to_do(auditor)
    assert audit_round in worklist.rounds_in_progress(qa)

    with pytest.raises(ValidationError):
        round_services.archive_round(actor=qa, audit_round=audit_round, reason="")
    round_services.archive_round(actor=qa, audit_round=audit_round, reason="Set up twice")

    assert not worklist.audits_to_do(auditor).exists()
    assert audit_round not in worklist.rounds_in_progress(qa)
    audit.refresh_from_db()
    refusals = {
        "answers": lambda: audit_services.save_answers(
            actor=auditor, audit=audit, version=audit.version, answers=[]
        ),
        "submit": lambda: audit_services.submit(actor=auditor, audit=audit),
        "sign-off": lambda: audit_services.sign_off(actor=qa, audit=audit),
        "assign": lambda: audit_services.assign(actor=qa, audit=audit, auditor=None),
        "moderation": lambda: audit_services.select_for_moderation(
            actor=qa, audit_round=audit_round, share=0.5, seed=1
        ),
    }
    for name, attempt in refusals.items():
        with pytest.raises(AuditError, match="archived, so it is read-only"):
            attempt()
        assert name
    with pytest.raises(round_services.SampleError, match="archived"):
        round_services.draw_sample(actor=qa, audit_round=audit_round, seed=1)
    # Nothing changed; the trail has the one row, in words.
    event = AuditEvent.objects.get(action="round.archive")
    assert event.actor == qa and event.after["archive_reason"] == "Set up twice"
    assert action_label("round.archive") == "Audit round archived"
    with pytest.raises(ArchiveError):
        round_services.archive_round(actor=qa, audit_round=audit_round, reason="again")

    # Restored: work again, listed again.
    round_services.restore_round(actor=qa, audit_round=audit_round, reason="Needed after all")
    assert AuditEvent.objects.get(action="round.restore").after["restore_reason"]
    assert audit in worklist.audits_to_do(auditor)
    audit.refresh_from_db()
    audit_services.save_answers(actor=auditor, audit=audit, version=audit.version, answers=[])
    with pytest.raises(ArchiveError):
        round_services.restore_round(actor=qa, audit_round=audit_round)


def test_reports_and_trends_keep_an_archived_rounds_results(world: Any) -> None:
    """The trend of a later round still shows the archived one (its figures were used)."""
    qa, first = world.users["qa"], world.round
    later = AuditRound.objects.create(
        service=world.service,
        framework_edition=first.framework_edition,
        name="Quarter 2",
        kind="self-audit",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
        sample_rule="fixed-n",
        requested_size=4,
    )
    round_services.archive_round(actor=qa, audit_round=first, reason="Old")
    assert first in service_rounds(later)


def test_archive_and_restore_through_the_pages(world: Any) -> None:
    client = Client()
    sign_in(client, world.users["qa"])
    audit_round = world.round
    detail_url = reverse("rounds:detail", args=[audit_round.pk])
    url = reverse("rounds:archive", args=[audit_round.pk])
    assert url in client.get(detail_url).content.decode()
    ask = client.get(url).content.decode()
    assert "Why are you archiving it?" in ask and "read-only" in ask
    check = client.post(url, {"reason": "Set up twice"})
    assert check.status_code == 200 and 'id="archive-confirm"' in check.content.decode()
    audit_round.refresh_from_db()
    assert audit_round.archived_at is None  # the check page writes nothing
    done = client.post(url, {"reason": "Set up twice", "confirm": "yes"})
    assert done.status_code == 302 and done["Location"] == detail_url
    page = client.get(detail_url).content.decode()
    assert 'id="archived-banner"' in page and "Set up twice" in page
    assert reverse("rounds:draw", args=[audit_round.pk]) not in page
    # Its case audits say so and offer no step to take.
    audit_page = client.get(reverse("audits:detail", args=[world.audits[0].pk])).content.decode()
    assert 'id="round-archived"' in audit_page
    assert 'id="submit-audit"' not in audit_page
    # The rounds list leaves it out unless asked.
    listed = client.get(reverse("rounds:list")).content.decode()
    assert "Quarter 1" not in listed.split('id="round-count"')[1]
    archived = client.get(reverse("rounds:list") + "?archived=archived").content.decode()
    assert "Quarter 1" in archived.split('id="round-count"')[1]
    restore = reverse("rounds:unarchive", args=[audit_round.pk])
    assert restore in page
    assert "Set up twice" in client.get(restore).content.decode()
    assert client.post(restore, {"reason": ""}).status_code == 302
    audit_round.refresh_from_db()
    assert audit_round.archived_at is None


def test_auditors_may_not_archive(world: Any) -> None:
    client = Client()
    sign_in(client, world.users["auditor"])
    url = reverse("rounds:archive", args=[world.round.pk])
    assert client.post(url, {"reason": "x", "confirm": "yes"}).status_code == 403
    assert url not in client.get(reverse("rounds:detail", args=[world.round.pk])).content.decode()
    world.round.refresh_from_db()
    assert world.round.archived_at is None


def test_rounds_list_filters(world: Any) -> None:
    client = Client()
    sign_in(client, world.users["qa"])
    other = AuditRound.objects.create(
        service=world.service,
        framework_edition=world.round.framework_edition,
        name="Victims autumn",
        kind="thematic",
        subject="victims",
        period_start=dt.date(2024, 9, 1),
        period_end=dt.date(2024, 11, 30),
        sample_rule="fixed-n",
        requested_size=4,
    )

    def names(query: str) -> list[str]:
        page = client.get(reverse("rounds:list") + query)
        assert page.status_code == 200
        body = page.content.decode().split('id="round-count"')[1]
        return [n for n in ("Quarter 1", "Victims autumn") if n in body]

    assert names("") == ["Quarter 1", "Victims autumn"]
    assert names("?status=draft") == ["Victims autumn"]
    assert names("?status=in-progress") == ["Quarter 1"]
    assert names("?subject=victims") == ["Victims autumn"]
    assert names(f"?framework_edition={other.framework_edition_id}") == [
        "Quarter 1",
        "Victims autumn",
    ]
    assert names("?framework_edition=999999") == ["Quarter 1", "Victims autumn"]  # ignored
    assert names("?q=victims&status=draft") == ["Victims autumn"]
    # Sorting keeps the filters (the heading links carry them).
    page = client.get(reverse("rounds:list") + "?subject=victims").content.decode()
    assert "subject=victims" in page.split('id="round-table"')[1].split("</thead>")[0]


def test_api_archive_and_restore(world: Any) -> None:
    client = Client()
    sign_in(client, world.users["qa"])
    url = f"/api/v1/rounds/{world.round.pk}/archive/"
    assert client.post(url, {}, content_type="application/json").status_code == 400
    done = client.post(url, {"reason": "Twice"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["archived_at"]
    assert client.post(url, {"reason": "Twice"}, content_type="application/json").status_code == 409
    assert client.get(f"/api/v1/rounds/{world.round.pk}/").json()["archive_reason"] == "Twice"
    back = client.post(f"/api/v1/rounds/{world.round.pk}/restore/", {}, "application/json")
    assert back.status_code == 200 and back.json()["archived_at"] is None
    auditor = Client()
    sign_in(auditor, world.users["auditor"])
    assert auditor.post(url, {"reason": "x"}, content_type="application/json").status_code == 403
