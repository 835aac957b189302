"""Staff pages: collections, the sheet of links, paper entry, results and free text."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audittrail.models import AuditEvent
from yjaudit.organisations.models import Service
from yjaudit.voice import services
from yjaudit.voice.models import Collection, Link, Response
from yjaudit.voice.report import board_tables
from yjaudit.voice.tokens import hash_token

TODAY = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)


def _client(user: Any) -> Client:
    client = Client()
    verified_login(client, user)
    return client


def _add(collection: Collection, qa: Any, day: dt.date, **answers: str) -> None:
    services.enter_paper(actor=qa, collection=collection, answers=answers, submitted_on=day)


def test_open_a_collection_and_issue_a_sheet_of_links(service: Service, qa: Any) -> None:
    client = _client(qa)
    opened = client.post(
        reverse("voice:service", kwargs={"service_code": service.code}),
        {"questionnaire": "victims", "name": "Victims, spring"},
    )
    collection = Collection.objects.get()
    assert opened.status_code == 302 and collection.questionnaire == "victims"
    url = reverse("voice:links", kwargs={"service_code": service.code, "pk": collection.pk})
    sheet = client.post(url, {"count": "3"})
    body = sheet.content.decode()
    assert sheet.status_code == 200
    assert body.count("<svg") >= 3 and "QR code for link 3" in body
    tokens = re.findall(r"/voice/answer/([A-Za-z0-9_-]{32})/", body)
    assert len(set(tokens)) == 3
    assert {hash_token(t) for t in tokens} == set(Link.objects.values_list("token_hash", flat=True))
    # Shown once: the collection page shows counts, never a token.
    page = client.get(
        reverse("voice:collection", kwargs={"service_code": service.code, "pk": collection.pk})
    )
    assert not any(t in page.content.decode() for t in tokens)
    too_many = client.post(url, {"count": "100000"})
    assert too_many.status_code == 400 and Link.objects.count() == 3


def test_a_qa_lead_enters_a_paper_questionnaire(collection: Collection, qa: Any) -> None:
    client = _client(qa)
    url = reverse("voice:paper", kwargs={"service_code": "DEMO", "pk": collection.pk})
    form = client.get(url)
    body = form.content.decode()
    assert form.status_code == 200
    assert "Do you feel safe at the moment?" in body and "Is there anything else" in body
    wrong = client.post(
        url,
        {
            "submitted_on_0": "2",
            "submitted_on_1": "3",
            "submitted_on_2": "2026",
            "paper_language": "en",
            "feel-safe": "yes",
            "unsafe-why": "answered although skipped",
        },
    )
    assert wrong.status_code == 400 and "routing skips it" in wrong.content.decode()
    saved = client.post(
        url,
        {
            "submitted_on_0": "2",
            "submitted_on_1": "3",
            "submitted_on_2": "2026",
            "paper_language": "cy",
            "feel-safe": "no",
            "unsafe-why": "walking home",
            "treated-fairly": "always",
        },
    )
    assert saved.status_code == 302
    response = Response.objects.get()
    assert response.source == "paper" and response.language == "cy"
    assert response.submitted_on == dt.date(2026, 3, 2)
    assert response.answers == {
        "treated-fairly": "always",
        "feel-safe": "no",
        "unsafe-why": "walking home",
    }
    assert AuditEvent.objects.filter(action="voice.response_paper", actor=qa).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_results_counts_percentages_wilson_and_suppression(
    service: Service, collection: Collection, qa: Any
) -> None:
    day = dt.date(2026, 2, 1)  # 2025-26 Q4
    for i in range(10):
        _add(
            collection,
            qa,
            day,
            **{"feel-safe": "yes" if i < 7 else "no"},
            **({"understand-order": "yes"} if i < 3 else {}),
        )
    _add(collection, qa, dt.date(2026, 1, 5), **{"feel-safe": "no", "unsafe-why": "Planted words"})
    board = make_user("board@demo.example", service=service, roles=["board_member"])
    page = _client(board).get(
        reverse("voice:results", kwargs={"service_code": "DEMO", "questionnaire_id": "children"})
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "11 people answered in 2025-26 Q4" in body
    # Feel safe: 7 of 11 yes = 64%, Wilson 95%: 35% to 85%.
    assert "64%" in body and "35% to 85%" in body
    # Understand the order: 3 answers, below 5: no counts.
    assert "Fewer than 5 answers: not shown." in body
    assert "Planted words" not in body  # free text never on results
    assert "Read what people wrote" not in body  # board members may not
    text_url = reverse(
        "voice:free_text", kwargs={"service_code": "DEMO", "questionnaire_id": "children"}
    )
    assert _client(board).get(text_url).status_code == 403
    assert "Planted words" in _client(qa).get(text_url).content.decode()
    # The board pack's section: figures, no free text, no small counts.
    (table,) = board_tables(service)
    flat = " ".join(c.text for row in table.rows for c in row)
    assert "Planted words" not in flat and "64%" in flat and "too few to show" in flat
    order = next(r for r in table.rows if r[0].text.startswith("Do you understand"))
    assert order[1].text == ""  # 3 answers: the count is not shown either


def test_gets_write_nothing(collection: Collection, qa: Any, token: str) -> None:
    before = (AuditEvent.objects.count(), Response.objects.count(), Link.objects.get().draft)
    client = _client(qa)
    for url in (
        reverse("voice:service", kwargs={"service_code": "DEMO"}),
        reverse("voice:collection", kwargs={"service_code": "DEMO", "pk": collection.pk}),
        reverse("voice:links", kwargs={"service_code": "DEMO", "pk": collection.pk}),
        reverse("voice:paper", kwargs={"service_code": "DEMO", "pk": collection.pk}),
        reverse("voice:results", kwargs={"service_code": "DEMO", "questionnaire_id": "children"}),
        reverse("voice:start", kwargs={"token": token}),
        reverse("voice:check", kwargs={"token": token}),
    ):
        assert client.get(url).status_code == 200, url
    after = (AuditEvent.objects.count(), Response.objects.count(), Link.objects.get().draft)
    assert after == before


def test_another_services_collection_is_hidden(
    collection: Collection, other_service: Service
) -> None:
    other = make_user("qa@other.example", service=other_service, roles=["qa_lead"])
    url = reverse("voice:paper", kwargs={"service_code": "OTHER", "pk": collection.pk})
    assert _client(other).get(url).status_code == 404
