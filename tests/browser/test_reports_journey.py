"""Reports as their readers reach them (issue 5): a QA lead opens a round, reads its
report, downloads the PDF, Word and Excel files and moves to the trend report and the
board pack; a practitioner opens their own feedback. axe checks every report page for
WCAG 2.2 AA, and the page fixture fails on any CSP violation (the charts' inline style
is dropped on the web page for that reason).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from yjaudit.accounts.testing import make_user
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.cases.models import Case
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Service, StaffMember

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_round(audit_round: Any, quality: float) -> None:
    """Answer every applicable question of the round's cases (as tests/reports does)."""
    from yjaudit.audits.case_audits import services as audit_services
    from yjaudit.audits.models import CaseAnswer, CaseAudit, JudgementRating

    fw = audit_round.framework_edition.spec()
    rng = random.Random(audit_round.pk)
    audit_services.ensure_audits(actor=None, audit_round=audit_round)
    done = set(
        CaseAnswer.objects.filter(audit__round=audit_round).values_list("audit_id", "question_id")
    )
    rows = []
    for audit in CaseAudit.objects.filter(round=audit_round).select_related("case"):
        for standard in fw.standards:
            scope = standard.scope.value
            if standard.rated_by != "cases" or scope not in ("all", audit.case.disposal_category):
                continue
            for kq in standard.key_questions:
                for qid in (kq.id, *(p.id for p in kq.prompts)):
                    if (audit.pk, qid) not in done:
                        value = "yes" if rng.random() < quality else "no"
                        rows.append(CaseAnswer(audit=audit, question_id=qid, value=value))
    CaseAnswer.objects.bulk_create(rows)
    # Only submitted work counts in figures.
    CaseAudit.objects.filter(round=audit_round).update(status="submitted")
    for standard in fw.standards:
        if standard.rated_by == "judgement" and standard.id != "4.1":
            JudgementRating.objects.create(
                round=audit_round, standard_id=standard.id, rating="Good", reasons="minutes"
            )


@pytest.fixture
def world(settings: Any) -> dict[str, Any]:
    settings.YJAUDIT_REPORT_ROUND_SCORE = "yjaudit.audits.case_audits.round_scores.round_score"
    sync_bundled_frameworks(actor=None)
    edition = FrameworkEdition.objects.get(framework_id="hmip-youth-2021", is_current=True)
    service = Service.objects.create(code="DERBY", name="Derby YJS", nation="england")
    manager = StaffMember.objects.create(service=service, name="Morgan Lead")
    staff = [
        StaffMember.objects.create(service=service, name=f"Case Manager {i}", line_manager=manager)
        for i in range(1, 4)
    ]
    for i in range(60):
        court = i % 3 != 0
        Case.objects.create(
            service=service,
            reference=f"DER-{i:03d}",
            case_manager=staff[i % 3],
            disposal_type="yro" if court else "youth-caution",
            disposal_category="court" if court else "out-of-court",
            setting="community",
            start_date=dt.date(2024, 1, 1) + dt.timedelta(days=i),
        )
    rounds = []
    for quarter in (2, 3, 4):
        r = create_round(
            actor=None,
            service=service,
            framework_edition=edition,
            name=f"2024 Q{quarter}",
            kind="self-audit",
            period_start=dt.date(2024, 3 * quarter - 2, 1),
            period_end=dt.date(2024, 3 * quarter, 28),
            sample_rule="fixed-n",
            requested_size=15,
        )
        draw_sample(actor=None, audit_round=r, seed=quarter)
        answer_round(r, 0.55 + 0.1 * quarter / 4)
        rounds.append(r)
    qa = make_user("qa@derby.example", service=service, roles=["qa_lead"])
    practitioner = make_user("cm1@derby.example", service=service, roles=["practitioner"])
    board = make_user("board@derby.example", service=service, roles=["board_member"])
    staff[0].user = practitioner
    staff[0].save()
    return {
        "round": rounds[-1],
        "qa": qa,
        "practitioner": practitioner,
        "board": board,
        "staff": staff,
    }


def _download(page: Any, name: str) -> bytes:
    # A round report's PDF is rendered in the request (several seconds on a busy 2-core
    # machine): wait for it rather than fail on the browser's default 15 s.
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("link", name=name, exact=False).first.click()
    return Path(info.value.path()).read_bytes()


def test_reports_journey(
    page: Any, login: Any, assert_accessible: Any, world: dict[str, Any]
) -> None:
    r = world["round"]
    login(page, world["qa"])
    page.goto("/")
    page.get_by_role("link", name="Reports", exact=True).first.click()
    page.get_by_role("heading", level=1, name="Reports").wait_for()
    assert_accessible(page)
    page.goto(f"/rounds/{r.pk}/")
    page.get_by_role("link", name="Round report", exact=True).click()
    page.get_by_role("heading", level=1, name=f"Audit round report: {r.name}").wait_for()
    assert page.get_by_role("img", name="Court disposals: standards", exact=True).count() == 1
    assert page.get_by_text("Summary of the chart:").count() >= 2
    assert_accessible(page)

    # HTML is a direct download; PDF, Word and Excel are made by a job (inline in tests)
    # and offered on the job's page.
    assert _download(page, "HTML").startswith(b"<!DOCTYPE html>")
    for button, magic in (("Make a PDF", b"%PDF"), ("Make a Word file", b"PK")):
        page.get_by_role("button", name=button).click()
        page.get_by_role("heading", name="Your file is ready").wait_for(timeout=120_000)
        assert _download(page, "Download").startswith(magic)
        page.goto(f"/reports/rounds/{r.pk}/")
    page.get_by_role("button", name="Make an Excel file").click()
    page.get_by_role("heading", name="Your file is ready").wait_for(timeout=120_000)
    assert_accessible(page)
    assert _download(page, "Download").startswith(b"PK")
    page.goto(f"/reports/rounds/{r.pk}/")

    page.get_by_role("link", name="Trend report").click()
    page.get_by_role("heading", level=1, name="Trend report: Derby YJS").wait_for()
    page.get_by_role("heading", name="Trend across rounds").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Board and scrutiny pack").click()
    page.get_by_role("heading", level=1, name="Board and scrutiny pack: Derby YJS").wait_for()
    assert_accessible(page)

    # The practitioner reaches their own feedback, and no one else's.
    staff = world["staff"]
    login(page, world["practitioner"])
    page.goto(f"/reports/rounds/{r.pk}/practitioner/{staff[0].pk}/")
    page.get_by_role("heading", level=1, name=f"Practitioner feedback: {staff[0].name}").wait_for()
    assert_accessible(page)
    response = page.goto(f"/reports/rounds/{r.pk}/practitioner/{staff[1].pk}/")
    assert response is not None and response.status == 404


def test_board_member_sees_aggregates_only(
    page: Any, login: Any, assert_accessible: Any, world: dict[str, Any], tmp_path: Path
) -> None:
    """Issue 10.5, as a board member reads it: figures, but no case reference, no case
    manager split and no figure of fewer than five cases (screenshots in tmp_path)."""
    r = world["round"]
    login(page, world["board"])
    for name, url in [
        ("results", f"/audits/round/{r.pk}/results/"),
        ("splits", f"/audits/round/{r.pk}/results/?show=splits"),
        ("report", f"/reports/rounds/{r.pk}/"),
        ("board-pack", f"/reports/rounds/{r.pk}/board/"),
    ]:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.screenshot(path=str(tmp_path / f"board-{name}.png"), full_page=True)
        html = page.content()
        assert "DER-" not in html and "Case Manager" not in html, url
        assert_accessible(page)
    page.goto(f"/audits/round/{r.pk}/results/")
    assert page.locator("#standard-21").get_by_text("%").count() >= 1
    page.goto(f"/audits/round/{r.pk}/results/?show=splits")
    assert page.locator("#split-case_manager").count() == 0
