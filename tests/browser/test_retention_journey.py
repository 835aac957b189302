"""Retention journey (issue 15 item 6): an administrator sees what is past retention,
erases a child's case on request (reason, then a confirmation page) and exports another
case for a subject access request. axe checks every page."""

from __future__ import annotations

from typing import Any

import pytest

from cases.factories import make_caseload, make_service, make_user
from yjaudit.organisations.models import Role
from yjaudit.retention.models import Erasure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_erases_a_case_and_exports_another(
    page: Any, login: Any, assert_accessible: Any
) -> None:
    service = make_service()
    cases = make_caseload(service, 3)
    admin = make_user("admin", service, Role.ADMINISTRATOR)
    login(page, admin)
    page.goto(f"/retention/{service.code}/")
    page.get_by_text("Past retention today").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Erase a child's case on request").click()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()  # empty: errors shown
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Case reference").fill(cases[0].reference)
    page.get_by_label("Reason for the erasure").fill("The child's request of 1 December")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Erase the case").wait_for()
    assert not Erasure.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Erase the case").click()
    page.get_by_text("The case was erased").wait_for()
    erasure = Erasure.objects.get()
    assert erasure.token in page.content()
    assert cases[0].reference not in page.content()
    assert_accessible(page)

    page.goto(f"/retention/{service.code}/export/")
    assert_accessible(page)
    page.get_by_label("Case reference").fill(cases[1].reference)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export").click()
    assert download.value.suggested_filename.endswith(".zip")
