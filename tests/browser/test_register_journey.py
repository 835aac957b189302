"""Done-when journey for the case register (issue 3), as a new user would walk it:

an administrator invites a QA lead; the QA lead accepts, enrols and signs in with
two-factor (codes computed here as an authenticator app would), imports a messy case
management export, fixes the rejected rows and imports again, creates a round and
draws a sample. axe checks each page of the journey for WCAG 2.2 AA.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjaudit.accounts.testing import TEST_PASSWORD, confirmed_device, current_code, make_user
from yjaudit.audits.models import AuditRound, SampleStatus
from yjaudit.cases.models import Case
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Service, StaffMember, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QA_EMAIL = "qa.lead@alpha.example"
QA_PASSWORD = "a-long-memorable-passphrase-7"
HEADER = "YOT Number,Forename,Team,Case Worker,Outcome Type,Order Start,RoSH,Gender,Ethnicity"
DISPOSALS = ["Referral Order", "YRO", "Youth Caution", "community resolution", "DTO", "YCC"]


def messy_export(fixed: bool) -> bytes:
    """30 rows in a ChildView-like shape: a name column (ignored), UK and ISO dates,
    mixed spellings; unless fixed, three rows have problems."""
    rows = [HEADER]
    for i in range(1, 31):
        date = f"{(i % 27) + 1:02d}/0{(i % 9) + 1}/2024" if i % 2 else f"2024-0{(i % 9) + 1}-15"
        team = "North" if i % 3 else "south"
        worker = "Alex Morgan" if i % 2 else "sam patel"
        disposal = DISPOSALS[i % len(DISPOSALS)]
        rosh = ["Low", "medium", "HIGH", "L"][i % 4]
        sex = "M" if i % 7 else "Female"
        ethnicity = ["White British", "Black or Black British - African", "Mixed", "Asian"][i % 4]
        if not fixed and i == 4:
            date = "31/02/2024"
        if not fixed and i == 9:
            team = "Westside"
        if not fixed and i == 17:
            disposal = "Referal order"
        rows.append(f"A{i:03d},Child{i},{team},{worker},{disposal},{date},{rosh},{sex},{ethnicity}")
    return ("\n".join(rows) + "\n").encode()


def sign_in(page: Any, email: str, password: str, code: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()


def next_code(device: TOTPDevice) -> str:
    """The authenticator's next code (a code is used once; the next step is accepted)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=1)
    return f"{code:0{device.digits}d}"


def upload(page: Any, service_code: str, data: bytes) -> None:
    page.goto(f"/cases/{service_code}/import/")
    page.get_by_label("Upload a case management export").set_input_files(
        {"name": "childview-export.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("heading", name="Match the columns").wait_for()


def test_register_journey(page: Any, browser_context: Any, assert_accessible: Any) -> None:
    service = Service.objects.create(
        name="Alpha Youth Justice Service", code="ALPHA", nation="england"
    )
    north = Team.objects.create(service=service, name="North")
    south = Team.objects.create(service=service, name="South")
    StaffMember.objects.create(service=service, team=north, name="Alex Morgan")
    StaffMember.objects.create(service=service, team=south, name="Sam Patel")
    # Real editions: drawing the sample creates its case audits (the framework's rules).
    sync_bundled_frameworks()
    admin = make_user("admin@alpha.example", service=service, roles=["administrator"])
    admin_device = confirmed_device(admin)

    # The administrator signs in with two-factor and invites a QA lead.
    sign_in(page, "admin@alpha.example", TEST_PASSWORD, current_code(admin_device))
    page.goto("/accounts/users/invite/")
    page.get_by_label("Email address").fill(QA_EMAIL)
    page.get_by_label("QA lead").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    link = re.search(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/)", mail.outbox[-1].body)
    assert link is not None
    browser_context.clear_cookies()

    # The QA lead accepts, sets up two-factor, signs out and signs in again.
    page.goto(link.group(1))
    page.get_by_label("First name").fill("Quinn")
    page.get_by_label("Last name").fill("Ash")
    page.get_by_label("Create a password").fill(QA_PASSWORD)
    page.get_by_label("Confirm your password").fill(QA_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Set up two-factor authentication").wait_for()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user__username=QA_EMAIL)
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    browser_context.clear_cookies()
    sign_in(page, QA_EMAIL, QA_PASSWORD, next_code(device))

    # A messy export: the preview rejects three rows with reasons, and writes nothing.
    upload(page, "ALPHA", messy_export(fixed=False))
    assert page.get_by_label("Case reference").input_value() == "YOT Number"
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the import").wait_for()
    body = page.content()
    assert "The file has 3 problems" in body
    assert "“31/02/2024” is not a real date" in body
    assert "There is no team “Westside” in this service." in body
    assert "unknown disposal type “Referal order”" in body
    assert "Forename" in body  # named as ignored
    assert page.locator("#count-reject").inner_text() == "3"
    assert page.get_by_role("button", name="Import these cases").count() == 0
    assert_accessible(page)
    assert Case.objects.count() == 0

    # The fixed file imports all 30 (the column matches were remembered).
    page.get_by_role("link", name="Upload a corrected file").click()
    upload(page, "ALPHA", messy_export(fixed=True))
    page.get_by_role("button", name="Continue").click()
    assert page.locator("#count-create").inner_text() == "30"
    page.get_by_role("button", name="Import these cases").click()
    page.locator("#job-counts").wait_for()  # the import ran as a job (eager in tests)
    assert "30" in page.locator("#job-counts").inner_text()
    assert_accessible(page)
    assert Case.objects.filter(service=service).count() == 30

    # A round, and its sample drawn and shown against the caseload.
    page.goto("/rounds/ALPHA/new/")
    page.get_by_label("Name of the round").fill("Self-audit 2024")
    page.get_by_label("Self-audit").check()
    for prefix, (day, month, year) in {
        "period_start": (1, 1, 2024),
        "period_end": (31, 12, 2024),
    }.items():
        page.locator(f"#id_{prefix}_0").fill(str(day))
        page.locator(f"#id_{prefix}_1").fill(str(month))
        page.locator(f"#id_{prefix}_2").fill(str(year))
    page.get_by_label("Short Quality Screening (20 cases)").check()
    assert_accessible(page)
    page.get_by_role("button", name="Create round").click()
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_text("Sample drawn.").wait_for()
    assert page.locator("#caseload").inner_text() == "30"
    assert page.locator("#sample tbody tr").count() == 20
    assert page.locator("#compare-disposal_category").is_visible()
    assert_accessible(page)
    audit_round = AuditRound.objects.get()
    assert audit_round.samples.filter(status=SampleStatus.ACTIVE).count() == 20
