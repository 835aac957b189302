"""Two people editing one case audit at once (issue 4): no edit is lost silently.

Two browser contexts (two people, each with the page's autosave script) open the same
standard. The second to change the same question is refused and shown the first
person's answer; saving again replaces it knowingly. Changes to different questions
merge. Every change is in the answer's history.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for audits.audit_world

from audits.audit_world import build_world
from yjaudit.audits.models import CaseAnswer
from yjaudit.audittrail.models import AuditEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_context(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    yield context
    context.close()


def sign_in(context: Any, live_server: Any, user: Any) -> None:
    from django.conf import settings
    from django.test import Client

    from yjaudit.accounts.testing import verified_login

    client = Client()
    verified_login(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def radio(page: Any, question: str, value: str) -> Any:
    return page.locator(f'[data-question="{question}"] input[type=radio][value={value}]')


def test_two_editors_conflict_is_shown_and_nothing_is_lost(
    page: Any, browser_context: Any, second_context: Any, live_server: Any, assert_accessible: Any
) -> None:
    world = build_world(n=2)
    audit = world.audit()
    alice, bob = world.users["auditor"], world.users["qa"]
    sign_in(browser_context, live_server, alice)
    sign_in(second_context, live_server, bob)
    other = second_context.new_page()
    url = f"/audits/{audit.pk}/standard/2.1/"
    page.goto(url)
    other.goto(url)
    q1, q2 = "2.1.1", "2.1.1a"

    # Alice answers first; it is saved as she goes.
    radio(page, q1, "yes").check()
    page.locator("#autosave-status").get_by_text("Saved 2.1.1.").wait_for()

    # Bob, on the page he loaded before, answers the same question differently: refused,
    # and shown Alice's answer; Alice's answer stands.
    radio(other, q1, "no").check()
    status = other.locator("#autosave-status")
    status.get_by_text("Someone else changed this case audit").wait_for()
    # Both answers in the page's words ("Yes", "No"), never their codes.
    assert alice.username in status.inner_text() and "“Yes”" in status.inner_text()
    assert "“No”" in status.inner_text() and "“yes”" not in status.inner_text()
    assert CaseAnswer.objects.get(audit=audit, question_id=q1).value == "yes"
    assert_accessible(other)

    # Alice goes on with another question: her page is now stale too, but nobody else
    # touched that question, so it merges.
    radio(page, q2, "partly").check()
    page.locator("#autosave-status").get_by_text("Saved 2.1.1a.").wait_for()

    # Bob, having seen Alice's answer, saves his again: now a deliberate replacement.
    other.get_by_role("button", name="Save and return to the case").click()
    other.get_by_role("heading", name=f"Case audit {audit.case.reference}").wait_for()
    stored = {a.question_id: a.value for a in CaseAnswer.objects.filter(audit=audit)}
    assert stored[q1] == "no" and stored[q2] == "partly"

    # Both of Alice's answers and Bob's are in the history of the answer.
    history = [
        (e.actor_label, (e.after or {}).get("question"), (e.after or {}).get("value"))
        for e in AuditEvent.objects.filter(action="audit.answer", object_id=str(audit.pk)).order_by(
            "pk"
        )
    ]
    assert history == [
        (alice.username, q1, "yes"),
        (alice.username, q2, "partly"),
        (bob.username, q1, "no"),
    ]

    # Alice's page still shows her "yes": changing that question again is refused too,
    # with Bob's answer shown.
    radio(page, q1, "partly").check()
    page.locator("#autosave-status").get_by_text("Someone else changed").wait_for()
    assert bob.username in page.locator("#autosave-status").inner_text()
    assert CaseAnswer.objects.get(audit=audit, question_id=q1).value == "no"
    other.close()
