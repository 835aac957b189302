"""Shared fixtures for browser journeys: Playwright driving Debian's Chromium, plus axe.

Use them like this::

    import pytest

    pytestmark = pytest.mark.browser

    def test_home(page, assert_accessible):
        page.goto("/")                      # relative to the live server
        assert_accessible(page)             # WCAG 2.0/2.1/2.2 A and AA, via axe-core

    def test_signed_in(page, login, django_user_model):
        user = django_user_model.objects.create_user("qa", password="x" * 16)
        login(page, user)                   # session cookie, two-factor passed (see `login`)

Every test in this folder is marked `browser` automatically. The browser is
/usr/bin/chromium (never a downloaded build; override with YJAUDIT_CHROMIUM). When it is
missing the tests SKIP, unless YJAUDIT_REQUIRE_BROWSER=1 (CI), when they FAIL.
Each page also fails its test on an uncaught JavaScript error or a Content-Security-Policy
violation, so a page that only works with inline script is caught.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls
# from it ("async unsafe"). Tests are single-threaded here, so this is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("YJAUDIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DEFAULT_TIMEOUT_MS = 15_000

HERE = Path(__file__).resolve().parent


def _browser_required() -> bool:
    return os.environ.get("YJAUDIT_REQUIRE_BROWSER", "") in {"1", "true", "yes"}


def _missing_browser_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (run `make browser-deps`)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (run `make install`)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# Module scope, not session: Playwright's sync API allows one running instance per thread,
# and tests elsewhere (e.g. static-page checks) may start their own between modules.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _missing_browser_reason()
    if reason:
        if _browser_required():
            pytest.fail(f"YJAUDIT_REQUIRE_BROWSER is set but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browser_context(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


def watch_page(page: Any) -> list[str]:
    """Collect uncaught JavaScript errors and Content-Security-Policy violations."""
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"uncaught JavaScript error: {exc}"))

    def on_console(message: Any) -> None:
        text = message.text
        if message.type == "error" and "Content Security Policy" in text:
            problems.append(f"CSP violation: {text}")

    page.on("console", on_console)
    return problems


@pytest.fixture
def page_watcher() -> Callable[[Any], list[str]]:
    """`page_watcher(page)`: start collecting a page's JavaScript errors and CSP violations."""
    return watch_page


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    """A fresh page on the live server; `page.goto("/path")` is relative to it."""
    page = browser_context.new_page()
    problems = watch_page(page)
    yield page
    page.close()
    if problems:
        pytest.fail("The page reported problems:\n" + "\n".join(problems), pytrace=False)


def _format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v.get('helpUrl', '')}>")
        for node in v.get("nodes", [])[:5]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}: {node.get('failureSummary', '').strip()}")
    return "\n".join(lines)


def check_accessible(
    page: Any, *, context: Any = None, disable_rules: tuple[str, ...] = ()
) -> None:
    """Run axe-core (bundled with axe-playwright-python) and fail listing each violation."""
    from axe_playwright_python.sync_playwright import Axe

    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
    }
    if disable_rules:
        options["rules"] = {rule: {"enabled": False} for rule in disable_rules}
    results = Axe().run(page, context=context, options=options)
    violations = results.response["violations"]
    if violations:
        pytest.fail(
            f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
            + _format_violations(violations),
            pytrace=False,
        )


@pytest.fixture
def assert_accessible() -> Callable[..., None]:
    """`assert_accessible(page)`: fails the test listing every WCAG A/AA violation."""
    return check_accessible


@pytest.fixture
def login(browser_context: Any, live_server: Any) -> Callable[[Any, Any], None]:
    """`login(page, user)`: sign a user in by session cookie, two-factor already passed.

    Journeys that test signing in itself should use the sign-in pages instead.
    """
    from django.conf import settings
    from django.test import Client

    from yjaudit.accounts.testing import verified_login

    def _login(page: Any, user: Any) -> None:
        client = Client()
        verified_login(client, user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    return _login
