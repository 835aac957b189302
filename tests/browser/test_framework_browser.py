"""Journeys through the web shell and the framework browser, as a first-time visitor."""

from __future__ import annotations

import re
from typing import Any

import pytest

from yjaudit.frameworks.services import sync_bundled_frameworks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded() -> None:
    sync_bundled_frameworks()


def test_home_to_framework_questions_and_prompts(
    page: Any, loaded: None, assert_accessible: Any
) -> None:
    page.goto("/")
    assert page.locator("h1").inner_text() == "Inspect and improve youth justice casework"
    assert_accessible(page)

    page.get_by_role("link", name="Inspection frameworks").click()
    assert page.url.endswith("/frameworks/")
    table = page.get_by_role("table", name="Frameworks available")
    assert table.get_by_role("link").count() >= 5
    assert_accessible(page)

    table.get_by_role("link", name=re.compile("inspection of youth justice services")).filter(
        has_text="HMI Probation"
    ).first.click()
    # Two editions share a name; the list orders them by edition, 2018 first.
    page.goto("/frameworks/hmip-youth-2021/")
    assert "Edition 2021" in page.locator("h1").inner_text()
    main = page.locator("main")
    assert main.get_by_role("heading", name=re.compile("Domain 2")).is_visible()
    # A standard rated from cases, with its key questions and their themes.
    assert main.get_by_role("heading", name="2.1 Assessment").is_visible()
    assert main.get_by_text("Supporting the child's desistance").first.is_visible()
    # Resettlement is rated but not counted in the overall.
    resettlement = main.get_by_role("row").filter(has_text="Resettlement")
    assert resettlement.get_by_text("Not counted").is_visible()
    # Prompts sit in a details element: closed at first, open on click (no JS needed).
    details = main.locator("details").filter(has_text=re.compile(r"prompts? for 2\.1")).first
    prompt_item = details.locator("li").first
    assert not prompt_item.is_visible()
    details.locator("summary").click()
    assert prompt_item.is_visible()
    assert_accessible(page)


def test_framework_page_works_without_javascript(
    browser: Any, live_server: Any, loaded: None
) -> None:
    # (No axe here: axe itself is JavaScript. The page is checked with JS above.)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto("/frameworks/hmip-youth-2018/")
        assert page.get_by_role("heading", name="2.1 Assessment").is_visible()
        details = page.locator("main details").filter(has_text=re.compile("prompts? for")).first
        details.locator("summary").click()
        assert details.locator("li").first.is_visible()
    finally:
        context.close()


def test_welsh_switch(page: Any, loaded: None, assert_accessible: Any) -> None:
    page.goto("/frameworks/")
    footer = page.locator("footer")
    footer.get_by_role("button", name="Cymraeg").click()
    page.wait_for_url("**/frameworks/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h1").inner_text() == "Fframweithiau arolygu"
    assert page.get_by_role("link", name="Neidio i'r prif gynnwys").count() == 1
    assert_accessible(page)
    # And back to English.
    page.locator("footer").get_by_role("button", name="English").click()
    page.wait_for_url("**/frameworks/")
    assert page.locator("h1").inner_text() == "Inspection frameworks"


def test_unknown_page_is_a_friendly_404(page: Any, assert_accessible: Any) -> None:
    response = page.goto("/frameworks/no-such-framework/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)


def test_every_bundled_framework_page_is_accessible(page: Any, assert_accessible: Any) -> None:
    for framework_id, _edition, _status in sync_bundled_frameworks():
        response = page.goto(f"/frameworks/{framework_id}/")
        assert response is not None and response.status == 200, framework_id
        assert_accessible(page)
