"""Done-when journey (issue 15): a QA lead draws a round's sample in the browser; the
service's auditor receives the e-mail for the assignment in a local SMTP server, follows
its link, and finds the round's case audits (the e-mail itself holds no case data)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from urllib.parse import urlparse

import pytest

from cases.factories import make_caseload, make_service, make_user
from notifications import conftest as mail
from yjaudit.audits.models import CaseAudit
from yjaudit.audits.rounds.services import create_round
from yjaudit.cases.models import Case
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

smtp_sink = mail.smtp_sink  # the local SMTP server fixture of tests/notifications


def test_an_auditor_gets_the_assignment_by_e_mail(
    page: Any, login: Any, assert_accessible: Any, smtp_sink: Any, live_server: Any, settings: Any
) -> None:
    settings.YJAUDIT_BASE_URL = live_server.url
    sync_bundled_frameworks()
    service = make_service()
    qa = make_user("qa-lead", service, Role.QA_LEAD)
    auditor = make_user("auditor", service, Role.AUDITOR)
    auditor.email = "auditor@derby.example"
    auditor.save()
    make_caseload(service, 40)
    audit_round = create_round(
        actor=qa,
        service=service,
        framework_edition=get_current_edition("hmip-youth-2021"),
        name="Spring self-audit",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=6,
    )

    login(page, qa)
    page.goto(f"/rounds/{audit_round.pk}/")
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_text("Sample drawn.").wait_for()

    assert smtp_sink.rcpt == [["auditor@derby.example"]]
    message = smtp_sink.messages[0]
    assert message["Subject"] == "Case audits to do in Derby YJS"
    text, _html = mail.text_and_html(message)
    assert "6 case audits are ready for you in Derby YJS" in text
    references = Case.objects.filter(service=service).values_list("reference", flat=True)
    assert not any(ref.encode() in smtp_sink.raw[0] for ref in references)

    link = next(word for word in text.split() if word.startswith(live_server.url))
    page.context.clear_cookies()
    login(page, auditor)
    page.goto(urlparse(link).path)
    assert_accessible(page)
    first = CaseAudit.objects.filter(round=audit_round).first()
    assert first is not None
    page.get_by_text(first.case.reference).first.wait_for()
    shots = os.environ.get("YJAUDIT_SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, "assignment-mail-link.png"), full_page=True)


def test_a_person_chooses_welsh_e_mails(page: Any, login: Any, assert_accessible: Any) -> None:
    service = make_service()
    auditor = make_user("auditor", service, Role.AUDITOR)
    login(page, auditor)
    page.goto("/accounts/")
    page.get_by_role("link", name="Change language of pages and e-mails").click()
    assert_accessible(page)
    page.get_by_label("Cymraeg").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Mae eich iaith wedi", exact=False).wait_for()
    assert "Cymraeg" in page.locator(".govuk-summary-list").inner_text()
