"""A QA lead reads the live results with their charts, then prints one case audit: axe on
both pages at 1,280 and 375 px wide, no JavaScript needed, and the print media hides the
service's navigation (issue 16, item 9)."""

from __future__ import annotations

from typing import Any

import pytest

from audits.audit_world import build_world
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
CODES = ("yes", "partly", "no")


def _check_both_widths(page: Any, assert_accessible: Any, fits: str) -> None:
    """Axe at both widths; every element matching `fits` within the window (the results
    page's older tables are not this test's: only its charts and their data are checked)."""
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        assert_accessible(page)
        right = page.evaluate(
            "s => Math.max(...[...document.querySelectorAll(s)]"
            ".map(e => e.getBoundingClientRect().right))",
            fits,
        )
        assert right <= size["width"], (size, fits, right)
    page.set_viewport_size(WIDE)


def test_results_charts_then_a_printable_case_audit(
    page: Any, login: Any, assert_accessible: Any
) -> None:
    world = build_world(n=8)
    for i, audit in enumerate(world.audits):
        layout = audit_selectors.audit_layout(audit)
        audit_services.save_answers(
            actor=world.users["auditor"],
            audit=audit,
            version=audit.version,
            answers=[
                AnswerInput(q.id, CODES[(i + j) % 3], f"note {q.id}")
                for j, q in enumerate(q for s in layout for q in s.visible)
            ],
        )
        audit.refresh_from_db()
        audit_services.submit(actor=world.users["auditor"], audit=audit)
    login(page, world.users["qa"])

    # 1. The live results: charts beside the tables, each an image with a name.
    page.goto(f"/audits/round/{world.round.pk}/results/")
    charts = page.locator("figure.report-chart svg[role=img]")
    assert charts.count() >= 2
    assert page.locator("table#standards").count() == 1
    # Open every chart's data, so axe and the width check see those tables too.
    for summary in page.locator("details summary").all():
        summary.click()
    _check_both_widths(page, assert_accessible, "figure.report-chart, details table")

    # 2. One case audit, then its printable page from the link.
    audit = world.audits[0]
    page.goto(f"/audits/{audit.pk}/")
    page.get_by_role("link", name="Print this case audit").click()
    page.get_by_role("heading", level=1, name=f"Case audit {audit.case.reference}").wait_for()
    body = page.locator(".report").inner_text()
    assert "Partly" in body and "Not answered" not in body
    _check_both_widths(page, assert_accessible, "main")
    # On paper: no navigation, no back link, no print help; the answers stay.
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.locator(".govuk-back-link").is_visible()
    assert not page.locator("#print-help").is_visible()
    assert page.locator(".report table").first.is_visible()
    page.emulate_media(media="screen")
