"""The API tokens page in a browser: create a token, see it listed, revoke it; axe on each
state (errors included) and a screenshot to look at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from yjaudit.accounts.models import ApiToken
from yjaudit.accounts.testing import make_user
from yjaudit.organisations.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("YJAUDIT_SCREENSHOT_DIR", "var/screenshots"))


def test_tokens_page_create_list_revoke(page: Any, login: Any, assert_accessible: Any) -> None:
    service = Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")
    user = make_user("qa@alpha.example", service=service, roles=["qa_lead"])
    login(page, user)

    page.goto("/accounts/api-token/")
    page.get_by_role("heading", name="API tokens", exact=True).wait_for()
    page.get_by_text("You have no API tokens.").wait_for()
    assert_accessible(page)

    # Errors: no name, too many days.
    page.get_by_label("Expires after (days)").fill("1000")
    page.get_by_role("button", name="Create token").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)

    page.get_by_label("Token name").fill("Monthly export script")
    page.get_by_label("Expires after (days)").fill("30")
    page.get_by_role("button", name="Create token").click()
    page.get_by_text("Your new API token").wait_for()
    key = page.locator("#api-token").inner_text().strip()
    token = ApiToken.objects.get()
    assert key.startswith(token.prefix) and token.name == "Monthly export script"
    page.get_by_role("cell", name="Monthly export script Starts").wait_for()
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "api-tokens.png"), full_page=True)

    page.get_by_role("button", name="Revoke Monthly export script").click()
    page.get_by_text("You have no API tokens.").wait_for()
    assert_accessible(page)
    token.refresh_from_db()
    assert token.revoked_at is not None

    page.goto("/accounts/sign-out-everywhere/")
    page.get_by_role("heading", name="Sign out everywhere").wait_for()
    assert_accessible(page)
