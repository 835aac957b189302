"""Breadcrumbs on a deep page, as a QA lead sees them: the whole trail at 1,280 px, the
GOV.UK collapsed trail (first and last steps) at 375 px; axe at both widths; following
a crumb opens its page."""

from __future__ import annotations

import os
from typing import Any

import pytest

from audits.audit_world import build_world
from yjaudit.audits.case_audits.selectors import audit_layout

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
# Set to a folder to keep screenshots for a person to look at (never in CI).
SHOTS = os.environ.get("YJAUDIT_SCREENSHOTS", "")


def test_trail_on_a_standard_page_at_both_widths(
    page: Any, login: Any, assert_accessible: Any, transactional_db: Any
) -> None:
    world = build_world(n=3)
    audit = world.audits[0]
    standard = audit_layout(audit)[0]
    login(page, world.users["qa"])
    page.goto(f"/audits/{audit.pk}/standard/{standard.id}/")
    trail = page.locator("nav.govuk-breadcrumbs")
    items = trail.locator(".govuk-breadcrumbs__list-item")
    expected = ["Home", "Audit rounds", world.round.name, "Case audits", audit.case.reference]
    assert [t.strip() for t in items.all_inner_texts()] == expected
    assert page.locator(".govuk-back-link").count() == 0
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/crumbs-1280.png")

    page.set_viewport_size(PHONE)
    visible = [i for i in range(items.count()) if items.nth(i).is_visible()]
    assert visible == [0, len(expected) - 1]  # collapse-on-mobile: Home and the parent
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/crumbs-375.png")

    page.set_viewport_size(WIDE)
    trail.get_by_role("link", name=world.round.name).click()
    page.get_by_role("heading", level=1, name=world.round.name).wait_for()
    # The round's own page: a trail up to the list of rounds.
    assert [t.strip() for t in items.all_inner_texts()] == ["Home", "Audit rounds"]
