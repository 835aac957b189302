"""A manager builds an improvement plan from a self-audit round, as a new user would.

Time: the live server runs in another thread of this process, and freezing the real
clock would also expire the signed-in session. Plans read "today" from
`yjaudit.improvement.clock.today()`, which honours ``settings.YJAUDIT_PLAN_TODAY``;
the test sets it (settings are shared by every thread) to move the plan's date on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audits.models import AuditRound
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.organisations.models import Service, StaffMember
from yjaudit.spec.loader import BUNDLED_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUND_RESULTS: dict[int, Any] = {}


def round_result(audit_round: Any) -> Any:
    """The round's results (the case-audit app supplies them in production)."""
    return ROUND_RESULTS.get(audit_round.pk)


def _scored(spec: Any, cases: int, yes: int, low: dict[str, int]) -> Any:
    from yjaudit.engine.scoring import score
    from yjaudit.engine.types import Answer

    answers = [
        Answer(f"c{c}", qid, "yes" if c < low.get(qid, yes) else "no")
        for qid, ref in spec.questions.items()
        if ref.applies_when is None
        for c in range(cases)
    ]
    return score(spec, answers).result


@pytest.fixture
def world(settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.YJAUDIT_ROUND_RESULT = f"{__name__}.round_result"
    service = Service.objects.create(name="Coventry YOS", code="COV", nation="england")
    manager = make_user("manager@cov.example", service=service, roles=["manager"])
    StaffMember.objects.create(service=service, name="Ops Manager", user=manager)
    path = BUNDLED_DIR / "hmip-style-local-audit.yaml"
    text = path.read_text(encoding="utf-8")
    edition = FrameworkEdition.objects.create(
        framework_id="hmip-style-local-audit",
        version=1,
        edition="2023",
        name="Local audit",
        publisher="Local",
        source=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    audit_round = AuditRound.objects.create(
        service=service,
        framework_edition=edition,
        name="Quarter 3 2026",
        kind="self-audit",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        sample_rule="fixed-n",
        requested_size=10,
    )
    ROUND_RESULTS.clear()
    ROUND_RESULTS[audit_round.pk] = _scored(edition.spec(), 10, 9, {"2.1.1": 4})
    return {"service": service, "manager": manager, "round": audit_round}


def _coventry() -> Any:
    """tests/improvement/coventry.py (the Coventry 2016 SQS action plan's table), loaded by
    path: this folder is not a package, so `tests` is not always on sys.path."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "improvement" / "coventry.py"
    spec = importlib.util.spec_from_file_location("improvement_coventry", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sign_in(browser_context: Any, live_server: Any, user: Any) -> None:
    client = verified_login(Client(), user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    browser_context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )


def _date(page: Any, field: str, day: int, month: int, year: int) -> None:
    page.fill(f"#id_{field}_0", str(day))
    page.fill(f"#id_{field}_1", str(month))
    page.fill(f"#id_{field}_2", str(year))


def _submit(page: Any) -> None:
    """Submit the page's form and wait for the answer (every form posts and redirects or
    re-renders, so there is always a navigation)."""
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def test_plan_from_a_round_to_an_overdue_action(
    page: Any,
    browser_context: Any,
    live_server: Any,
    world: dict[str, Any],
    assert_accessible: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.YJAUDIT_PLAN_TODAY = "2026-11-02"
    _sign_in(browser_context, live_server, world["manager"])

    page.goto("/plans/")
    assert_accessible(page)
    page.get_by_role("link", name="Create a plan for Coventry YOS").click()
    # Submitting empty shows the GOV.UK error summary.
    _submit(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Title").fill("Self-audit Q3 2026 plan")
    page.check("#id_source_kind_1")  # Self-audit round
    page.select_option("#id_audit_round", label="Quarter 3 2026")
    _submit(page)
    assert page.locator("h1").inner_text() == "Self-audit Q3 2026 plan"
    # Made on 2 November, after the round ended (30 September): 28 days from the plan's
    # own date, so a new plan is not born late.
    assert page.locator("#submission-due").inner_text().startswith("30 November 2026")

    with page.expect_navigation():
        page.get_by_role("button", name="Add findings from the round's results").click()
    assert "4 of 10" in page.locator("#improvements").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation or finding").fill(
        "Assessment must analyse how to support the child's desistance"
    )
    page.get_by_label("Standards or questions it concerns").fill("2.1")
    _submit(page)

    page.get_by_role("link", name="Add an action", exact=True).first.click()
    assert_accessible(page)
    page.get_by_label("Action", exact=True).fill("Workshop on desistance-focused assessment")
    page.get_by_label("Timescale").fill("November")
    _date(page, "due_date", 30, 11, 2026)
    page.select_option("#id_lead_staff", label="Ops Manager")
    page.get_by_label("Lead's organisation").fill("YOS")
    page.get_by_label("Expected outcome").fill("Assessments analyse desistance")
    page.get_by_label("Measured by (standards or questions)").fill("2.1.1")
    _submit(page)
    page.get_by_role("link", name="Add an action", exact=True).first.click()
    page.select_option("#id_parent", index=1)
    page.get_by_label("Action", exact=True).fill("Audit two cases per worker")
    page.get_by_label("Timescale").fill("December")
    _date(page, "due_date", 31, 12, 2026)
    _submit(page)
    table = page.locator("#plan-table")
    assert table.locator("#action-1").is_visible() and table.locator("#action-1\\.1").is_visible()
    assert (
        "Green" in table.locator("#action-1").inner_text()
        or "Amber" in table.locator("#action-1").inner_text()
    )
    # Impact: the measuring question at the baseline round, with its interval.
    impact = page.locator("#impact-211")
    assert "40%" in impact.inner_text() and "Baseline" in impact.inner_text()
    assert_accessible(page)

    page.locator("#action-1").get_by_role("link").first.click()
    page.get_by_role("link", name="Record progress").click()
    page.check("#id_status_1")  # In progress
    page.get_by_label("Progress", exact=True).fill("Workshop dates set for November")
    evidence = tmp_path / "attendance.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files("#id_evidence", str(evidence))
    assert_accessible(page)
    _submit(page)
    assert page.get_by_role("link", name="attendance.pdf").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="attendance.pdf").click()
    assert download.value.suggested_filename == "attendance.pdf"

    page.locator("nav.govuk-breadcrumbs a").last.click()  # the plan
    page.get_by_role("link", name="Record board approval").click()
    page.get_by_label("Approved by").fill("Youth Justice Management Board")
    _date(page, "approved_on", 1, 11, 2026)
    page.get_by_label("Minute reference").fill("YJMB 26/11")
    _submit(page)
    approvals = page.locator("#approvals")
    assert "Youth Justice Management Board" in approvals.inner_text()
    approvals.get_by_role("link", name="Version 1").click()
    assert "Version 1, as approved" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.locator("nav.govuk-breadcrumbs a").last.click()  # the plan
    row = page.locator("#plan-table #action-1")
    assert "Overdue" not in row.inner_text()

    # The due date passes: the action turns overdue without anyone setting it.
    settings.YJAUDIT_PLAN_TODAY = "2026-12-01"
    page.reload()
    row = page.locator("#plan-table #action-1")
    assert "Overdue" in row.inner_text() and "Red" in row.inner_text()
    assert page.locator("#count-red").inner_text() == "1"
    assert_accessible(page)
    page.goto("/plans/overdue/")
    overdue = page.locator("#overdue")
    assert re.search(r"Workshop on desistance", overdue.inner_text())
    assert overdue.get_by_role("row").nth(1).get_by_role("cell").last.inner_text() == "1"
    assert_accessible(page)
    page.goto("/plans/my-actions/")
    assert "Overdue" in page.locator("#my-actions").inner_text()
    assert_accessible(page)


def test_import_the_coventry_plan_from_excel(
    page: Any,
    browser_context: Any,
    live_server: Any,
    world: dict[str, Any],
    assert_accessible: Any,
    tmp_path: Any,
) -> None:
    """An existing plan (the Coventry 2016 action plan) comes in from Excel; a bad sheet is refused
    with its rows listed and nothing imported."""
    from openpyxl import Workbook

    from yjaudit.improvement import services

    plan = services.create_plan(
        actor=world["manager"],
        service=world["service"],
        title="CYOS SQS Action Plan 2016",
        source_kind="inspection",
        inspection_name="Short Quality Screening",
        published_on=dt.date(2016, 8, 10),
    )
    _sign_in(browser_context, live_server, world["manager"])
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("link", name="Import actions from Excel").click()
    bad = tmp_path / "bad.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["", "Action", "Timescale", "Lead", "Outcome", "Progress"])
    ws.append(["1", "No heading above this", "May", "", "", ""])
    wb.save(bad)
    page.set_input_files("#id_file", str(bad))
    _submit(page)
    summary = page.locator(".govuk-error-summary")
    assert "bad.xlsx:2:-: An action needs a recommendation" in summary.inner_text()
    assert_accessible(page)
    good = tmp_path / "coventry.xlsx"
    good.write_bytes(_coventry().build_xlsx())
    page.set_input_files("#id_file", str(good))
    _submit(page)
    assert "Imported 8 recommendations and 17 actions" in page.locator("main").inner_text()
    table = page.locator("#plan-table")
    assert table.locator("tbody").count() == 8
    assert "To be reviewed November" in table.locator("#action-3\\.3").inner_text()
    assert "Early findings expected November" in table.locator("#action-3\\.3").inner_text()
    assert_accessible(page)
