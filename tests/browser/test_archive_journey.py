"""A QA lead archives and restores a plan action and an audit round, as a new user would:
the reason page, its error, the check-your-answers page, the "Archived" lists, restore.
axe checks every page of the journey."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest

from yjaudit.accounts.testing import make_user
from yjaudit.audits.models import AuditRound
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.improvement import services as plan_services
from yjaudit.organisations.models import Service
from yjaudit.spec.loader import BUNDLED_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world() -> dict[str, Any]:
    service = Service.objects.create(name="Coventry YOS", code="COV", nation="england")
    lead = make_user("lead@cov.example", service=service, roles=["qa_lead"])
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
    plan = plan_services.create_plan(
        actor=lead,
        service=service,
        title="Inspection plan 2026",
        source_kind="inspection",
        inspection_name="Youth justice inspection",
        published_on=dt.date(2026, 6, 1),
    )
    rec = plan_services.add_recommendation(actor=lead, plan=plan, text="Improve oversight")
    action = plan_services.add_action(
        actor=lead,
        plan=plan,
        recommendation=rec,
        description="Workshop on oversight",
        due_date=dt.date(2026, 9, 1),
    )
    return {"lead": lead, "round": audit_round, "plan": plan, "action": action}


def _click(page: Any, role: str, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name).click()


def _archive(page: Any, kind: str, reason: str, assert_accessible: Any) -> None:
    """From a detail page: the reason page (and its error), the check page, archive."""
    _click(page, "button", f"Archive this {kind}")
    assert page.locator("h1").inner_text() == f"Archive this {kind}"
    assert_accessible(page)
    _click(page, "button", "Continue")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Give the reason for archiving." in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Why are you archiving it?").fill(reason)
    _click(page, "button", "Continue")
    assert page.locator("h1").inner_text() == f"Check before you archive this {kind}"
    assert page.locator("#archive-reason").inner_text() == reason
    assert_accessible(page)
    _click(page, "button", f"Archive the {kind}")


def test_archive_and_restore_a_plan_action_and_a_round(
    page: Any, login: Any, world: dict[str, Any], assert_accessible: Any
) -> None:
    login(page, world["lead"])
    plan, action, audit_round = world["plan"], world["action"], world["round"]

    # A plan action: archived, listed under "Archived" on its plan, then restored.
    page.goto(f"/plans/actions/{action.pk}/")
    _archive(page, "plan action", "Merged into the training plan", assert_accessible)
    assert page.locator("h1").inner_text() == "Inspection plan 2026"
    archived = page.locator("#archived-actions")
    assert "Merged into the training plan" in archived.inner_text()
    assert page.locator("#rag-summary td").first.inner_text() == "0"  # no action counted
    assert_accessible(page)
    _click(page, "link", "Restore action 1")
    assert page.locator("#archived-reason").inner_text() == "Merged into the training plan"
    assert_accessible(page)
    _click(page, "button", "Restore the plan action")
    assert page.locator("h1").inner_text() == "Action 1"
    assert page.locator("#archived-banner").count() == 0
    page.goto(f"/plans/{plan.pk}/")
    assert page.locator("#archived-actions").count() == 0

    # A round: archived (read-only, no draw button), found with the list's filter.
    page.goto(f"/rounds/{audit_round.pk}/")
    assert page.get_by_role("button", name="Draw the sample").count() == 1
    _archive(page, "audit round", "Set up twice by mistake", assert_accessible)
    assert page.locator("#archived-banner").is_visible()
    assert page.get_by_role("button", name="Draw the sample").count() == 0
    assert_accessible(page)
    page.goto("/rounds/")
    assert "Quarter 3 2026" not in page.locator("main").inner_text()
    page.select_option("#id_archived", "archived")
    _click(page, "button", "Apply filters")
    assert "Quarter 3 2026" in page.locator("#round-table").inner_text()
    assert_accessible(page)
    _click(page, "link", "Quarter 3 2026")
    _click(page, "link", "Restore this audit round")
    assert_accessible(page)
    _click(page, "button", "Restore the audit round")
    assert page.locator("#archived-banner").count() == 0
    assert page.get_by_role("button", name="Draw the sample").count() == 1
