"""The voice API: questionnaires, results (suppressed without counts), one-use links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.organisations.models import Service
from yjaudit.voice import services
from yjaudit.voice.models import Collection, Link


def _client(user: Any) -> Client:
    client = Client()
    verified_login(client, user)
    return client


def test_issue_links_opens_a_collection_and_returns_urls_once(service: Service, qa: Any) -> None:
    client = _client(qa)
    made = client.post(
        "/api/v1/voice/DEMO/links/",
        {"questionnaire": "victims", "count": 4},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert len(body["links"]) == 4 and all("/voice/answer/" in u for u in body["links"])
    collection = Collection.objects.get(pk=body["collection"])
    assert collection.questionnaire == "victims" and Link.objects.count() == 4
    again = client.post(
        "/api/v1/voice/DEMO/links/",
        {"questionnaire": "victims", "count": 1},
        content_type="application/json",
    ).json()
    assert again["collection"] == collection.pk  # the open collection is reused
    bad = client.post(
        "/api/v1/voice/DEMO/links/",
        {"questionnaire": "victims", "count": 100000},
        content_type="application/json",
    )
    assert bad.status_code == 400 and Link.objects.count() == 5


def test_results_hide_small_counts_and_all_free_text(
    service: Service, collection: Collection, qa: Any
) -> None:
    for i in range(6):
        services.enter_paper(
            actor=qa,
            collection=collection,
            answers={
                "feel-safe": "yes" if i else "no",
                **({"unsafe-why": "Planted"} if not i else {}),
            },
            submitted_on=dt.date(2025, 7, 1),
        )
    board = make_user("board@demo.example", service=service, roles=["board_member"])
    got = _client(board).get(
        "/api/v1/voice/DEMO/results/?questionnaire=children&quarter=2025-26 Q2"
    )
    assert got.status_code == 200
    data = got.json()
    assert "Planted" not in got.content.decode()
    safe = next(q for q in data["questions"] if q["id"] == "feel-safe")
    assert safe["answered"] == 6 and safe["positive"]["count"] == 5
    assert abs(safe["positive"]["ci_low"] - 0.4365) < 1e-3  # Wilson 95% for 5 of 6
    why = next(q for q in data["questions"] if q["id"] == "unsafe-why")
    assert why["suppressed"] and why["answered"] is None and why["options"] == []
    unknown = _client(board).get("/api/v1/voice/DEMO/results/?quarter=1999 Q9")
    assert unknown.status_code == 400
