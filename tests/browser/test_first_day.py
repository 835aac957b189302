"""Each role's first day, as a new user would: sign in with password and code, see the
work on the home page, do a piece of it, sign out; in English and in Welsh, on a 1,280 px
and a 375 px wide window. On every page: axe finds no violation, and no element shows a
code where a word belongs (the code lists are read from the code files, see first_day.py).

Issue 16's "Done when". The demo is seeded against today's date (its dates are relative
to it), as in tests/journeys/test_links_per_role.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from browser.first_day import codes_shown
from yjaudit.organisations.demo_support import DEMO_PASSWORD, DEMO_TOTP_HEX

pytestmark = [pytest.mark.slow]

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


class Day:
    """One person's day: every page they reach is checked at both widths."""

    def __init__(self, page: Any, assert_accessible: Callable[..., None], language: str):
        self.page, self.assert_accessible, self.language = page, assert_accessible, language
        self.checked: list[str] = []
        self.problems: list[str] = []

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state()
        lang = page.locator("html").get_attribute("lang") or ""
        if not lang.startswith(self.language):
            self.problems.append(f"{page.url}: page language {lang!r}, not {self.language}")
        for size in (WIDE, PHONE):
            page.set_viewport_size(size)
            self.assert_accessible(page)
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > size["width"] + 1:
                self.problems.append(f"{page.url}: {wide} px wide at {size['width']} px")
        page.set_viewport_size(WIDE)
        self.problems += [f"{page.url}: {c}" for c in codes_shown(page)]
        self.checked.append(page.url)

    def follow(self, selector: str) -> None:
        scoped = ", ".join(f"main {part.strip()}" for part in selector.split(","))
        link = self.page.locator(scoped).first
        assert link.count(), f"{self.page.url}: nothing matches {selector}"
        link.click()
        self.check()

    def sign_in(self, email: str) -> None:
        page = self.page
        page.goto("/accounts/sign-in/")
        if self.language == "cy":  # the footer's language switch, before signing in
            page.locator('button[name="language"][value="cy"]').click()
            page.wait_for_load_state()
        self.check()
        page.locator('input[name="username"]').fill(email)
        page.locator('input[name="password"]').fill(DEMO_PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        code = page.locator('input[name="code"]')
        if code.count():  # roles exempt from two-factor (settings) go straight home
            self.check()
            code.fill(f"{totp(bytes.fromhex(DEMO_TOTP_HEX)):06d}")
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_url(lambda url: "/accounts/" not in url)
        assert "/accounts/" not in page.url, page.locator("main").inner_text()
        self.check()  # the home page: the person's work

    def sign_out(self) -> None:
        self.page.locator(".yj-nav-account form button").click()
        self.page.wait_for_load_state()
        assert self.page.locator(".govuk-notification-banner").count(), "no signed-out message"
        self.check()


def _admin(day: Day) -> None:
    day.page.locator('.govuk-service-navigation a[href="/accounts/users/"]').click()
    day.check()
    day.page.locator('.govuk-service-navigation a[href="/audit-trail/"]').click()
    day.check()


def _qa(day: Day) -> None:
    day.follow('a[href$="/differences/"]')
    day.follow("#difference-standards a")
    day.page.locator("#accept-first").click()
    day.check()


def _auditor(day: Day) -> None:
    day.follow('a[href^="/audits/"]:not([href="/audits/mine/"])')
    day.follow('a[href*="/standard/"]')
    day.page.locator("main form button[type=submit]").last.click()
    day.check()


def _manager(day: Day) -> None:
    day.follow('a[href$="/sign-off/"]')
    day.page.locator("#confirm-sign-off").click()
    day.check()
    day.page.goto("/")
    day.follow('a[href^="/plans/actions/"]')


def _practitioner(day: Day) -> None:
    day.follow('a[href$="/feedback/"]')


def _board(day: Day) -> None:
    day.follow('a[href^="/reports/rounds/"]')


def _inspector(day: Day) -> None:
    day.follow('a[href^="/rounds/"][href$="/"]:not([href="/rounds/"])')
    day.follow("#case-audits-link")


WORK = {
    "admin": _admin,
    "qa": _qa,
    "auditor": _auditor,
    "manager": _manager,
    "practitioner": _practitioner,
    "board": _board,
    "inspector": _inspector,
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_each_roles_first_day(
    language: str,
    browser: Any,
    live_server: Any,
    assert_accessible: Callable[..., None],
    settings: Any,
    transactional_db: Any,
) -> None:
    settings.YJAUDIT_DEMO = True
    call_command("seed_demo", verbosity=0)
    problems: list[str] = []
    for role, work in WORK.items():
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", timezone_id="Europe/London", viewport=WIDE
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        day = Day(page, assert_accessible, language)
        try:
            day.sign_in(f"{role}@demo.example")
            work(day)
            day.sign_out()
        finally:
            context.close()
        assert len(day.checked) >= 4, f"{role}: only {len(day.checked)} pages"
        problems += [f"{role}: {p}" for p in day.problems]
    assert not problems, "\n".join(problems)
