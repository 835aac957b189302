"""Done-when journeys for audit subjects beyond a child's case (issue 12):

(a) a QA lead imports a victims' register, creates a victims' round on
    hmip-youth-2025-children-victims and draws its sample; an auditor answers a victim's
    case (on V1.1 only); the QA lead signs it off; the results show V1.1 rated.
(b) a QA lead creates the second half-year's management oversight round, draws five
    cases per manager; an auditor answers; the results page shows the per-manager table.

axe checks each page for WCAG 2.2 AA.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for audits.subjects

from audits.subjects.world import answer_all, oversight_service, victims_csv
from cases.factories import make_caseload, make_people, make_service, make_user
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.models import AuditRound, AuditStatus, CaseAudit
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.cases.models import Case
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_period(page: Any, start: tuple[int, int, int], end: tuple[int, int, int]) -> None:
    for prefix, (day, month, year) in {"period_start": start, "period_end": end}.items():
        page.locator(f"#id_{prefix}_0").fill(str(day))
        page.locator(f"#id_{prefix}_1").fill(str(month))
        page.locator(f"#id_{prefix}_2").fill(str(year))


def answer_case_in_browser(page: Any, value: str) -> None:
    """On a case audit page: answer every standard page with `value`, then submit."""
    page.locator("#standards a").first.click()
    while True:
        page.evaluate(
            """(value) => document.querySelectorAll('[data-question]').forEach((box) => {
                const radio = box.querySelector(`input[type=radio][value="${value}"]`);
                if (radio) radio.checked = true;
            })""",
            value,
        )
        more = page.get_by_role("button", name="Save and continue")
        if more.count():
            with page.expect_navigation():
                more.click()
        else:
            with page.expect_navigation():
                page.get_by_role("button", name="Save and return to the case").click()
            break
    page.get_by_role("button", name="Submit the case audit").click()
    page.get_by_role("button", name="Confirm and submit").click()
    page.locator("#status").get_by_text("Submitted").wait_for()


def test_victims_round_from_import_to_signed_off_results(
    page: Any, browser_context: Any, login: Any, assert_accessible: Any
) -> None:
    sync_bundled_frameworks()
    service = make_service(code="VICS", name="Victimshire YJS")
    _, _, staff = make_people(service)
    children = make_caseload(service, 30)
    for i, case in enumerate(children):
        case.case_manager = staff[i % 2]
        case.save()
    qa = make_user("qa", service, Role.QA_LEAD)
    auditor = make_user("auditor", service, Role.AUDITOR)
    edition = get_current_edition("hmip-youth-2025-children-victims")

    # The QA lead imports the victims' register (names in the file are never kept).
    login(page, qa)
    page.goto("/cases/")
    page.get_by_role("link", name="Import victims' cases for Victimshire YJS").click()
    page.get_by_role("heading", name="Import victims' cases").wait_for()
    assert_accessible(page)
    page.get_by_label("Upload a case management export").set_input_files(
        {
            "name": "victims.csv",
            "mimeType": "text/csv",
            "buffer": victims_csv(children, 14).encode(),
        }
    )
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("heading", name="Match the columns").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the import").wait_for()
    assert "Victim name" in page.locator("main").inner_text()  # named as ignored
    assert_accessible(page)
    page.get_by_role("button", name="Import these cases").click()
    page.locator("#job-counts").wait_for()  # the import ran as a job (eager in tests)
    assert "14" in page.locator("#job-counts").inner_text()
    assert Case.objects.filter(service=service, kind="victims").count() == 14

    # A victims' round on the 2025 children-and-victims framework, its sample drawn.
    page.goto(f"/rounds/{service.code}/new/")
    page.get_by_label("Name of the round").fill("Victims 2024")
    page.get_by_label("Self-audit").check()
    page.get_by_label("Framework").select_option(str(edition.pk))
    page.get_by_label("Victims' cases", exact=True).check()
    fill_period(page, (1, 1, 2024), (31, 12, 2024))
    page.get_by_label(re.compile("^HMIP inspection, victims")).check()
    assert_accessible(page)
    page.get_by_role("button", name="Create round").click()
    page.locator("#round-subject").get_by_text("Victims' cases").wait_for()
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_text("Sample drawn.").wait_for()
    assert page.locator("#sample tbody tr").count() == 9
    assert_accessible(page)
    audit_round = AuditRound.objects.get(service=service)
    audits = list(CaseAudit.objects.filter(round=audit_round).select_related("case", "round"))
    assert {a.case.kind for a in audits} == {"victims"}
    browser_context.clear_cookies()

    # The auditor answers one victim's case in the browser: V1.1 is its only standard.
    first, others = audits[0], audits[1:]
    login(page, auditor)
    page.goto(f"/audits/{first.pk}/")
    assert_accessible(page)
    assert page.locator("#standards a").count() == 1
    assert "V1.1" in page.locator("#standards").inner_text()
    answer_case_in_browser(page, "yes")
    for audit in others:  # the rest as an import would, through the same services
        answer_all(audit, auditor, "yes")
    browser_context.clear_cookies()

    # The QA lead moderates and signs off; the results show V1.1 rated.
    login(page, qa)
    page.goto(f"/audits/{first.pk}/")
    page.get_by_role("button", name="Mark as moderated").click()
    page.get_by_role("button", name="Confirm: mark as moderated").click()
    page.get_by_role("button", name="Sign off").click()
    page.get_by_role("heading", name=f"Sign off the case audit: {first.case.reference}").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Sign off").click()
    page.locator("#status").get_by_text("Signed off").wait_for()
    first.refresh_from_db()
    assert first.status == AuditStatus.SIGNED_OFF
    for audit in others:
        audit.refresh_from_db()
        audit_services.complete_moderation(actor=qa, audit=audit)
        audit_services.sign_off(actor=qa, audit=audit)
    page.goto(f"/audits/round/{audit_round.pk}/results/")
    row = page.locator("#standard-V11")
    assert "100%" in row.inner_text() and "Outstanding" in row.inner_text()
    assert page.locator("#standard-21").count() == 0  # no children's standard here
    assert_accessible(page)


def test_management_oversight_round_to_the_per_manager_table(
    page: Any, browser_context: Any, login: Any, assert_accessible: Any
) -> None:
    service, managers = oversight_service(code="MGRS")
    qa = make_user("qa", service, Role.QA_LEAD)
    auditor = make_user("auditor", service, Role.AUDITOR)
    edition = get_current_edition("management-oversight")
    first_half = create_round(
        actor=qa,
        service=service,
        framework_edition=edition,
        name="Oversight H1",
        kind="self-audit",
        subject="managers",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 6, 30),
        sample_rule="management-oversight",
    )
    draw_sample(actor=qa, audit_round=first_half, seed=1)
    for audit in CaseAudit.objects.filter(round=first_half).select_related("case", "round"):
        answer_all(audit, auditor, "partly")

    # The QA lead creates the second half-year's round and draws five cases per manager.
    login(page, qa)
    page.goto(f"/rounds/{service.code}/new/")
    page.get_by_label("Name of the round").fill("Oversight H2")
    page.get_by_label("Self-audit").check()
    page.get_by_label("Framework").select_option(str(edition.pk))
    page.get_by_label(re.compile("^Managers' oversight")).check()
    fill_period(page, (1, 7, 2024), (31, 12, 2024))
    page.get_by_label(re.compile("^Management oversight, five cases per manager")).check()
    page.get_by_role("button", name="Create round").click()
    page.locator("#round-subject").get_by_text("Managers' oversight").wait_for()
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_text("Sample drawn.").wait_for()
    assert page.locator("#sample tbody tr").count() == 15
    assert_accessible(page)
    second_half = AuditRound.objects.get(name="Oversight H2")
    audits = list(
        CaseAudit.objects.filter(round=second_half)
        .select_related("case", "round")
        .order_by("sampled_case__position")
    )
    browser_context.clear_cookies()

    # The auditor answers a case in the browser (the oversight standard M1 only).
    login(page, auditor)
    page.goto(f"/audits/{audits[0].pk}/")
    assert "M1" in page.locator("#standards").inner_text()
    assert_accessible(page)
    answer_case_in_browser(page, "yes")
    for audit in audits[1:]:
        answer_all(audit, auditor, "yes")
    browser_context.clear_cookies()

    # The results page: each manager's rating in each half-year.
    login(page, qa)
    page.goto(f"/audits/round/{second_half.pk}/results/")
    table = page.locator("#manager-trend")
    text = table.inner_text()
    for name in managers:
        assert name in text
    assert "Oversight H1" in text and "Oversight H2" in text
    assert "Needs improvement (50%)" in text and "Outstanding (100%)" in text
    assert_accessible(page)
