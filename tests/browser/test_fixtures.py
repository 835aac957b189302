"""The shared fixtures catch what they promise to: CSP violations, JS errors, axe failures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CSP = "default-src 'self'; script-src 'self'; style-src 'self'"


def _serve(page: Any, html: str) -> None:
    page.route(
        "**/probe/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": CSP},
            body=html,
        ),
    )


def test_inline_script_under_our_csp_is_reported(
    browser_context: Any, page_watcher: Callable[[Any], list[str]]
) -> None:
    page = browser_context.new_page()
    problems = page_watcher(page)
    _serve(page, "<!DOCTYPE html><html lang='en'><title>t</title><script>1</script></html>")
    page.goto("/probe/")
    page.wait_for_timeout(200)
    assert any(p.startswith("CSP violation") for p in problems), problems


def test_a_clean_real_page_reports_nothing(
    browser_context: Any, page_watcher: Callable[[Any], list[str]]
) -> None:
    page = browser_context.new_page()
    problems = page_watcher(page)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert problems == []
    assert "govuk-frontend-supported" in (page.locator("body").get_attribute("class") or "")


def test_axe_failures_are_reported(
    browser_context: Any, assert_accessible: Callable[[Any], None]
) -> None:
    page = browser_context.new_page()
    _serve(
        page, "<!DOCTYPE html><html lang='en'><title>t</title><main><img src='x.png'></main></html>"
    )
    page.goto("/probe/")
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        assert_accessible(page)
