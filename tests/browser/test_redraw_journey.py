"""Done-when journey (issue 9): a QA lead tries to redraw a round whose audit was signed
off, is shown what would be kept and what replaced, confirms, and nothing with work is
lost: the signed-off audit still opens with all its answers.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

import pytest

from cases.factories import make_caseload, make_service, make_user
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audits.models import AuditStatus, CaseAudit, SampleStatus
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_off_round() -> tuple[Any, Any, Any]:
    sync_bundled_frameworks()
    service = make_service()
    qa = make_user("qa-lead", service, Role.QA_LEAD)
    make_caseload(service, 40)
    audit_round = create_round(
        actor=qa,
        service=service,
        framework_edition=get_current_edition("hmip-youth-2021"),
        name="Winter self-audit",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=6,
    )
    draw_sample(actor=qa, audit_round=audit_round, seed=2026)
    audit = CaseAudit.objects.filter(round=audit_round).order_by("sampled_case__position")[2]
    questions = [q for s in audit_selectors.audit_layout(audit) for q in s.visible]
    answers = [
        AnswerInput(q.id, next(code for code, _ in q.values), f"Evidence {i}")
        for i, q in enumerate(questions)
    ]
    audit_services.save_answers(actor=qa, audit=audit, version=audit.version, answers=answers)
    CaseAudit.objects.filter(pk=audit.pk).update(status=AuditStatus.SIGNED_OFF)
    audit.refresh_from_db()
    return audit_round, audit, qa


def answers_of(audit: Any) -> list[tuple[str, str, str]]:
    return sorted(audit.answers.values_list("question_id", "value", "note"))


def test_redraw_with_a_signed_off_audit_keeps_it(page: Any, login: Any, assert_accessible: Any):
    audit_round, audit, qa = signed_off_round()
    ref = audit.case.reference
    kept_answers = answers_of(audit)
    assert len(kept_answers) > 20

    login(page, qa)
    page.goto(f"/rounds/{audit_round.pk}/")
    page.get_by_role("button", name="Draw the sample again").click()

    # The confirmation: what stays (with why) and how many are replaced.
    page.get_by_role("heading", name="Draw the sample again?").wait_for()
    assert_accessible(page)
    kept = page.locator("#kept")
    kept.get_by_text(ref).wait_for()
    assert "Signed off" in kept.inner_text()
    assert f"{len(kept_answers)} answers" in kept.inner_text()
    summary = page.locator("#redraw-summary").inner_text()
    assert "5 untouched cases" in summary and "1 case holds work" in summary
    shots = os.environ.get("YJAUDIT_SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, "redraw-confirm.png"), full_page=True)
    page.get_by_role("button", name="Replace 5 untouched cases").click()

    # Drawn again: the signed-off audit is still there, with every answer.
    page.get_by_text("Sample drawn.").wait_for()
    page.locator("#sample").get_by_role("cell", name=ref, exact=True).wait_for()
    assert "Holds work" in page.locator("#sample").inner_text()
    assert_accessible(page)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SIGNED_OFF
    assert audit.sampled_case.status == SampleStatus.ACTIVE
    assert answers_of(audit) == kept_answers
    page.goto(f"/audits/{audit.pk}/")
    page.locator("#status").get_by_text("Signed off").wait_for()
    rows = page.locator("#standards tbody tr")
    assert rows.count() > 0
    for i in range(rows.count()):
        answered, applicable = re.findall(r"(\d+) / (\d+)", rows.nth(i).inner_text())[0]
        assert answered == applicable
