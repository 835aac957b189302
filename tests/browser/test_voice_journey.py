"""Done-when journeys for children's and victims' questionnaires (issue 14): a child
answers on a 375 px wide phone screen from a one-use link, in English and Welsh, and
cannot answer twice; a QA lead opens a collection, prints a sheet of links and enters a
paper questionnaire; axe checks every page.

Set YJAUDIT_SCREENSHOTS=DIR to keep screenshots of the phone pages and the sheet.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from yjaudit.accounts.testing import make_user
from yjaudit.organisations.models import Service
from yjaudit.voice import services
from yjaudit.voice.models import Collection, Link, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("YJAUDIT_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"voice-{name}.png"), full_page=True)


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width} px)"


def test_a_child_answers_on_a_phone_once(page: Any, assert_accessible: Any) -> None:
    service = Service.objects.create(name="Journey YJS", code="JRN", nation="england")
    collection = services.open_collection(actor=None, service=service, questionnaire_id="children")
    (token,) = services.issue_links(actor=None, collection=collection, count=1)
    page.set_viewport_size(PHONE)

    page.goto(f"/voice/answer/{token}/")
    page.get_by_role(
        "heading", level=1, name="What do you think of the youth justice service?"
    ).wait_for()
    _fits_the_phone(page)
    assert_accessible(page)
    _shot(page, "start")
    page.get_by_role("button", name="Start now").click()

    # Question 1, then switch to Welsh and back: the question's own words change.
    page.get_by_role(
        "group", name="Do you understand what your order means", exact=False
    ).wait_for()
    _fits_the_phone(page)
    assert_accessible(page)
    page.get_by_role("button", name="Cymraeg").first.click()
    page.get_by_text(
        "Ydych chi'n deall beth mae eich gorchymyn yn ei olygu", exact=False
    ).wait_for()
    assert_accessible(page)
    page.get_by_label("Ie").check()
    page.get_by_role("button", name="Parhau").click()  # the page's own words are Welsh too
    page.get_by_text("Ydy'r staff wedi eich trin yn deg?").wait_for()
    page.get_by_role("button", name="English").first.click()
    page.get_by_role("group", name="Have the staff treated you fairly?").wait_for()
    _shot(page, "question")

    page.get_by_label("Most of the time").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("group", name="Does your worker listen", exact=False).wait_for()
    page.get_by_role("button", name="Continue").click()  # skipped
    page.get_by_label("Partly").check()
    page.get_by_role("button", name="Continue").click()
    # The route asks what helped (the answer was "Partly"): a free-text page.
    page.get_by_label("If you want to, tell us what helped most.").fill("Help with college")
    _fits_the_phone(page)
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()  # feel safe: yes, so no "unsafe"
    page.get_by_label("Is there anything else you would like to tell us?").wait_for()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Check your answers").wait_for()
    _fits_the_phone(page)
    assert_accessible(page)
    _shot(page, "check")
    body = page.content()
    assert "Help with college" in body and "what makes you feel unsafe" not in body
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    assert_accessible(page)

    (response,) = Response.objects.all()
    assert response.source == "online"
    assert response.answers == {
        "understand-order": "yes",
        "treated-fairly": "mostly",
        "help-received": "partly",
        "help-better-how": "Help with college",
        "feel-safe": "yes",
    }
    # The link cannot be used twice.
    page.goto(f"/voice/answer/{token}/")
    page.get_by_role("heading", name="This link has already been used").wait_for()
    _fits_the_phone(page)
    assert_accessible(page)
    page.goto(f"/voice/answer/{token}/check/")
    page.get_by_role("heading", name="This link has already been used").wait_for()
    assert Response.objects.count() == 1


def test_a_qa_lead_issues_links_and_enters_a_paper_questionnaire(
    page: Any, login: Any, assert_accessible: Any
) -> None:
    service = Service.objects.create(name="Journey YJS", code="JRN", nation="england")
    qa = make_user("qa@journey.example", service=service, roles=["qa_lead"])
    login(page, qa)

    page.goto("/voice/")  # one service: straight to its page
    page.get_by_role("heading", level=1, name="Children's and victims' views").wait_for()
    assert_accessible(page)
    page.get_by_label("What do you think of the youth justice service?").check()
    page.get_by_label("Name (optional)").fill("Children, spring 2026")
    page.get_by_role("button", name="Open the collection").click()
    page.get_by_role("heading", level=1, name="Children, spring 2026").wait_for()
    assert_accessible(page)
    collection = Collection.objects.get()

    page.get_by_role("link", name="Issue one-use links").click()
    assert_accessible(page)
    page.get_by_label("How many links").fill("4")
    page.get_by_role("button", name="Issue the links").click()
    page.get_by_text("These links are shown only once", exact=False).wait_for()
    assert page.locator("svg.yj-qr").count() == 4
    assert Link.objects.filter(collection=collection).count() == 4
    _shot(page, "sheet")
    assert_accessible(page)

    page.get_by_role("link", name="Back to the collection").click()
    page.get_by_role("link", name="Enter a paper questionnaire").click()
    page.get_by_role("heading", level=1, name="Enter a paper questionnaire").wait_for()
    assert_accessible(page)
    page.get_by_label("Day").fill("9")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    fairly = page.get_by_role("group", name="Have the staff treated you fairly?")
    fairly.get_by_label("Always").check()
    safe = page.get_by_role("group", name="Do you feel safe at the moment?")
    safe.get_by_label("Partly").check()
    page.get_by_label("If you want to, tell us what makes you feel unsafe.", exact=False).fill(
        "Going out at night"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Paper questionnaire saved.").wait_for()
    assert_accessible(page)
    (response,) = Response.objects.all()
    assert response.source == "paper" and response.entered_by == qa
    assert response.answers == {
        "treated-fairly": "always",
        "feel-safe": "partly",
        "unsafe-why": "Going out at night",
    }

    page.get_by_role("link", name="See the results").click()
    page.get_by_role(
        "heading", level=1, name="What do you think of the youth justice service?"
    ).wait_for()
    assert "Fewer than 5 answers: not shown." in page.content()
    assert "Going out at night" not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Read what people wrote").click()
    page.get_by_text("Going out at night").wait_for()
    assert_accessible(page)
