"""Collections, one-use links, online and paper answers: the writes and their trail."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from yjaudit.audittrail.models import AuditEvent
from yjaudit.voice import selectors, services
from yjaudit.voice.models import Collection, Link, Response
from yjaudit.voice.rules import parse_rules, voice_rules
from yjaudit.voice.tokens import hash_token


def test_tokens_are_stored_hashed_only(collection: Collection, qa: Any) -> None:
    tokens = services.issue_links(actor=qa, collection=collection, count=3)
    assert len(set(tokens)) == 3 and all(len(t) >= 32 for t in tokens)
    stored = set(Link.objects.values_list("token_hash", flat=True))
    assert stored == {hash_token(t) for t in tokens}
    assert not any(t in stored for t in tokens)
    event = AuditEvent.objects.get(action="voice.links_issue")
    assert event.after["count"] == 3
    assert not any(t in str(event.after) for t in tokens)


def test_batch_size_is_bounded_by_the_rules(collection: Collection, qa: Any) -> None:
    most = voice_rules().max_links_per_batch
    with pytest.raises(services.VoiceError):
        services.issue_links(actor=qa, collection=collection, count=most + 1)
    with pytest.raises(services.VoiceError):
        services.issue_links(actor=qa, collection=collection, count=0)
    assert not Link.objects.exists()


def test_online_answer_is_anonymous_and_one_use(token: str) -> None:
    link = selectors.find_link(token)
    assert link is not None
    services.save_draft_answer(actor=None, link=link, question_id="feel-safe", value="no")
    services.save_draft_answer(actor=None, link=link, question_id="unsafe-why", value="the bus")
    response = services.submit_online(actor=None, link=link, language="cy")
    assert response.answers == {"feel-safe": "no", "unsafe-why": "the bus"}
    assert response.language == "cy" and response.source == "online"
    link.refresh_from_db()
    assert link.used and link.draft == {}
    with pytest.raises(services.LinkUnusable) as refused:
        services.submit_online(actor=None, link=link, language="en")
    assert refused.value.reason == "used"
    assert Response.objects.count() == 1
    # The trail names the collection, never the link, and keeps no client address.
    rows = AuditEvent.objects.filter(action__in=["voice.draft", "voice.response_online"])
    assert rows.count() == 3
    assert all(r.object_type == "voice.collection" and r.ip_address is None for r in rows)


def test_a_changed_answer_drops_answers_the_route_now_skips(token: str) -> None:
    link = selectors.find_link(token)
    assert link is not None
    services.save_draft_answer(actor=None, link=link, question_id="feel-safe", value="no")
    services.save_draft_answer(actor=None, link=link, question_id="unsafe-why", value="x")
    answers = services.save_draft_answer(
        actor=None, link=link, question_id="feel-safe", value="yes"
    )
    assert answers == {"feel-safe": "yes"}


def test_a_draft_answer_outside_the_scale_is_refused(token: str) -> None:
    link = selectors.find_link(token)
    assert link is not None
    with pytest.raises(services.AnswersRefused):
        services.save_draft_answer(actor=None, link=link, question_id="feel-safe", value="maybe")
    link.refresh_from_db()
    assert link.draft == {}


def test_expired_and_closed_links_are_refused(collection: Collection, qa: Any) -> None:
    issued = timezone.now() - dt.timedelta(days=voice_rules().link_days + 1)
    (old,) = services.issue_links(actor=qa, collection=collection, count=1, now=issued)
    link = selectors.find_link(old)
    assert link is not None and selectors.unusable_reason(link) == "expired"
    with pytest.raises(services.LinkUnusable):
        services.submit_online(actor=None, link=link, language="en")
    (fresh,) = services.issue_links(actor=qa, collection=collection, count=1)
    services.close_collection(actor=qa, collection=collection)
    link = selectors.find_link(fresh)
    assert link is not None and selectors.unusable_reason(link) == "closed"
    with pytest.raises(services.VoiceError):
        services.issue_links(actor=qa, collection=collection, count=1)


def test_unknown_and_oversized_tokens_find_nothing(token: str) -> None:
    assert selectors.find_link("not-a-token") is None
    assert selectors.find_link("x" * 10_000) is None
    assert selectors.find_link("") is None


def test_paper_entry_records_source_and_who(collection: Collection, qa: Any) -> None:
    response = services.enter_paper(
        actor=qa,
        collection=collection,
        answers={"treated-fairly": "always", "feel-safe": "yes", "unsafe-why": ""},
        submitted_on=dt.date(2025, 5, 2),
    )
    assert response.source == "paper" and response.entered_by == qa
    assert response.answers == {"treated-fairly": "always", "feel-safe": "yes"}
    event = AuditEvent.objects.get(action="voice.response_paper")
    assert event.service_id == collection.service_id and event.actor == qa


def test_paper_entry_refuses_answers_against_the_route(collection: Collection, qa: Any) -> None:
    with pytest.raises(services.AnswersRefused) as refused:
        services.enter_paper(
            actor=qa,
            collection=collection,
            answers={"feel-safe": "yes", "unsafe-why": "should have been skipped"},
            submitted_on=dt.date(2025, 5, 2),
        )
    assert "unsafe-why" in refused.value.problems[0]
    with pytest.raises(services.VoiceError):
        services.enter_paper(
            actor=qa,
            collection=collection,
            answers={},
            submitted_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert not Response.objects.exists()


def test_rules_file_errors_name_the_field() -> None:
    with pytest.raises(Exception) as problem:
        parse_rules("inferred: true\nlink_days: 0\n", "bad.yaml")
    assert "link_days" in str(problem.value)
    with pytest.raises(Exception) as unsourced:
        parse_rules(
            "link_days: 9\nmax_links_per_batch: 1\nmax_post_bytes: 5000\ntrend_quarters: 4\n"
            "rate_limit: {window_seconds: 1, posts_per_link: 1, posts_per_address: 1}\n",
            "unsourced.yaml",
        )
    assert "inferred" in str(unsourced.value)


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_store_one_response(collection: Collection, qa: Any) -> None:
    """Two submits of one link racing: the row lock lets exactly one through."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises every write)")
    (token,) = services.issue_links(actor=qa, collection=collection, count=1)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def submit() -> None:
        link = selectors.find_link(token)
        assert link is not None
        barrier.wait()
        try:
            services.submit_online(actor=None, link=link, language="en")
            outcomes.append("stored")
        except services.LinkUnusable:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert Response.objects.count() == 1


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_links_expire_after_the_rule_days(collection: Collection, qa: Any) -> None:
    (token,) = services.issue_links(actor=qa, collection=collection, count=1)
    link = selectors.find_link(token)
    assert link is not None
    assert link.expires_at == timezone.now() + dt.timedelta(days=voice_rules().link_days)
    later = link.expires_at + dt.timedelta(seconds=1)
    assert selectors.unusable_reason(link, later) == "expired"
    assert selectors.unusable_reason(link, link.expires_at - dt.timedelta(seconds=1)) == ""


def test_nothing_stored_ties_a_response_to_a_person_or_a_link() -> None:
    """Anonymous by design: the fields are exactly these (a new one must be argued here)."""
    assert {f.name for f in Response._meta.get_fields()} == {
        "id",
        "collection",
        "source",
        "submitted_on",
        "language",
        "answers",
        "entered_by",  # paper only: the member of staff who typed it in
    }
    link_fields = {f.name for f in Link._meta.get_fields()}
    assert link_fields == {
        "id",
        "collection",
        "token_hash",
        "issued_at",
        "expires_at",
        "used",
        "draft",
    }
