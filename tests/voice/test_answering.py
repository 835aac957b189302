"""The public answering pages: routing, check your answers, one use, Welsh, limits."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from yjaudit.voice import rules as voice_rules_module
from yjaudit.voice.models import Link, Response


def _q(token: str, qid: str) -> str:
    return reverse("voice:question", kwargs={"token": token, "question_id": qid})


def test_a_child_answers_following_the_route(token: str) -> None:
    client = Client(enforce_csrf_checks=False)
    start = client.get(reverse("voice:start", kwargs={"token": token}))
    assert start.status_code == 200
    assert "What do you think of the youth justice service?" in start.content.decode()
    assert _q(token, "understand-order") in start.content.decode()
    answers = [
        ("understand-order", "yes", "treated-fairly"),
        ("treated-fairly", "mostly", "listened-to"),
        ("listened-to", "", "help-received"),  # skipped
        ("help-received", "no", "feel-safe"),  # routing skips help-better-how
        ("feel-safe", "yes", "anything-else"),  # routing skips unsafe-why
    ]
    for qid, value, following in answers:
        page = client.get(_q(token, qid))
        assert page.status_code == 200
        moved = client.post(_q(token, qid), {"answer": value})
        assert moved.status_code == 302
        assert moved["Location"] == _q(token, following)
    done = client.post(_q(token, "anything-else"), {"answer": ""})
    assert done["Location"] == reverse("voice:check", kwargs={"token": token})
    check = client.get(done["Location"])
    body = check.content.decode()
    assert "Check your answers" in body and "Most of the time" in body
    assert "tell us what helped most" not in body  # skipped by the route
    sent = client.post(done["Location"])
    assert sent.status_code == 302 and sent["Location"] == reverse("voice:thanks")
    response = Response.objects.get()
    assert response.answers == {
        "understand-order": "yes",
        "treated-fairly": "mostly",
        "help-received": "no",
        "feel-safe": "yes",
    }
    # The link cannot be used twice: every page says so politely.
    for url in (
        reverse("voice:start", kwargs={"token": token}),
        _q(token, "feel-safe"),
        done["Location"],
    ):
        again = client.get(url)
        assert again.status_code == 410
        assert "This link has already been used" in again.content.decode()
    assert client.post(done["Location"]).status_code == 410
    assert Response.objects.count() == 1


def test_a_skipped_question_cannot_be_opened(token: str) -> None:
    client = Client()
    assert client.get(_q(token, "unsafe-why")).status_code == 404
    assert client.get(_q(token, "no-such-question")).status_code == 404
    assert client.get(reverse("voice:start", kwargs={"token": "made-up"})).status_code == 404


def test_a_bad_choice_shows_an_error_and_keeps_nothing(token: str) -> None:
    client = Client()
    page = client.post(_q(token, "feel-safe"), {"answer": "maybe"})
    assert page.status_code == 400
    assert "Select one of the answers" in page.content.decode()
    assert Link.objects.get().draft == {}


def test_welsh_text_follows_the_language(token: str) -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    page = client.get(_q(token, "feel-safe"))
    body = page.content.decode()
    assert "Ydych chi&#x27;n teimlo&#x27;n ddiogel ar hyn o bryd?" in body
    assert 'lang="cy"' in body
    # The page's own words are Welsh too, not only the questionnaire's.
    assert "Parhau" in body and ">Continue<" not in body
    start = client.get(reverse("voice:start", kwargs={"token": token})).content.decode()
    assert "Dechrau nawr" in start and "Start now" not in start
    client.post(_q(token, "feel-safe"), {"answer": "yes"})
    client.post(reverse("voice:check", kwargs={"token": token}))
    assert Response.objects.get().language == "cy"


def test_pages_need_no_javascript_and_no_session(token: str) -> None:
    client = Client()
    page = client.get(_q(token, "feel-safe"))
    body = page.content.decode()
    assert '<form method="post"' in body and 'type="radio"' in body
    assert "sessionid" not in page.cookies
    client.post(_q(token, "feel-safe"), {"answer": "yes"})
    assert "sessionid" not in client.cookies


def test_posts_need_the_csrf_token(token: str) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(_q(token, "feel-safe"), {"answer": "yes"}).status_code == 403
    assert Link.objects.get().draft == {}


def test_text_answers_are_bounded(token: str) -> None:
    client = Client()
    client.post(_q(token, "feel-safe"), {"answer": "no"})
    long = client.post(_q(token, "unsafe-why"), {"answer": "x" * 2001})
    assert long.status_code == 400
    huge = client.post(_q(token, "unsafe-why"), {"answer": "x" * 50_000})
    assert huge.status_code == 413
    assert Link.objects.get().draft == {"feel-safe": "no"}


def test_posts_are_rate_limited(token: str, tmp_path: Any) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "inferred: true\nlink_days: 9\nmax_links_per_batch: 5\nmax_post_bytes: 40000\n"
        "trend_quarters: 4\n"
        "rate_limit: {window_seconds: 3600, posts_per_link: 3, posts_per_address: 100}\n"
    )
    with override_settings(YJAUDIT_VOICE_RULES=str(rules)):
        client = Client()
        codes = [
            client.post(_q(token, "feel-safe"), {"answer": "yes"}).status_code for _ in range(4)
        ]
    voice_rules_module._load.cache_clear()
    assert codes == [302, 302, 302, 429]


@pytest.mark.parametrize("name", ["voice:start", "voice:check"])
def test_answering_pages_have_no_staff_navigation(token: str, name: str) -> None:
    body = Client().get(reverse(name, kwargs={"token": token})).content.decode()
    assert "Sign in" not in body and "Frameworks" not in body


def test_a_change_from_check_your_answers_returns_there(token: str) -> None:
    client = Client()
    client.post(_q(token, "feel-safe"), {"answer": "yes"})
    check = reverse("voice:check", kwargs={"token": token})
    page = client.get(check).content.decode()
    assert f'href="{_q(token, "anything-else")}" class="govuk-back-link"' in page
    change = client.get(_q(token, "understand-order") + "?then=check").content.decode()
    assert 'name="then" value="check"' in change
    wrong = client.post(_q(token, "understand-order"), {"answer": "bad", "then": "check"})
    assert 'name="then" value="check"' in wrong.content.decode()
    moved = client.post(_q(token, "understand-order"), {"answer": "no", "then": "check"})
    assert moved["Location"] == check
