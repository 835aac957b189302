"""The accounts, organisations and audit trail pages pass axe (WCAG 2.2 AA), with errors shown."""

from __future__ import annotations

from typing import Any

import pytest

from yjaudit.accounts.testing import make_user
from yjaudit.audittrail.services import record
from yjaudit.organisations.models import Service, StaffMember, Team

pytestmark = pytest.mark.browser


@pytest.fixture
def admin(transactional_db: Any) -> Any:
    service = Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")
    team = Team.objects.create(service=service, name="North")
    StaffMember.objects.create(service=service, team=team, name="Sam Patel")
    user = make_user("admin@alpha.example", service=service, roles=["administrator"])
    make_user("qa@alpha.example", service=service, roles=["qa_lead"])
    record(
        actor=user, action="team.update", target=team, before={"name": "N"}, after={"name": "North"}
    )
    return user


def test_signed_out_pages_are_accessible(
    page: Any, assert_accessible: Any, transactional_db: Any
) -> None:
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.goto("/accounts/invitation/not-a-real-token/")
    page.get_by_role("heading", name="This invitation link does not work").wait_for()
    assert_accessible(page)


def test_administrator_pages_are_accessible(
    page: Any, login: Any, assert_accessible: Any, admin: Any
) -> None:
    login(page, admin)
    for path, heading in [
        ("/accounts/", "Your account"),
        ("/accounts/users/", "Users"),
        ("/accounts/users/invite/", "Invite a user"),
        ("/accounts/password/", "Change your password"),
        ("/accounts/api-token/", "API tokens"),
        ("/organisations/", "Services"),
        ("/organisations/ALPHA/", "Alpha YJS"),
        ("/organisations/ALPHA/staff/add/", "Add a staff member"),
        ("/organisations/ALPHA/teams/add/", "Add a team"),
        ("/organisations/ALPHA/change/", "Change service details"),
        ("/audit-trail/", "Audit trail"),
        ("/api/docs/", "API documentation"),
    ]:
        page.goto(path)
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        assert_accessible(page)
    # Error states.
    page.goto("/accounts/users/invite/")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.goto("/accounts/users/")
    page.get_by_role("link", name="Change roles for qa@alpha.example").click()
    page.get_by_role("heading", name="Change roles").wait_for()
    assert_accessible(page)
    # The tokens page (create, list, revoke): tests/browser/test_api_tokens_page.py.


def test_enrolment_page_is_accessible(
    page: Any, assert_accessible: Any, live_server: Any, transactional_db: Any
) -> None:
    service = Service.objects.create(name="Alpha YJS", code="ALPHA", nation="england")
    make_user("new@alpha.example", service=service, roles=["auditor"])
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("new@alpha.example")
    page.get_by_label("Password").fill("correct-horse-battery-staple-42")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Set up two-factor authentication").wait_for()
    assert page.locator("#totp-secret").inner_text().replace(" ", "").isalnum()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
