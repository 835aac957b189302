"""Management oversight twice a year: the per-manager trend table on the results page
and in the round report (a plugged-in section)."""

import datetime as dt

import pytest

from cases.factories import make_user, sign_in
from yjaudit.audits.case_audits.oversight import manager_trend
from yjaudit.audits.disclosure import Disclosure
from yjaudit.audits.models import CaseAudit
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.organisations.models import Role
from yjaudit.reports.make import build_document

from .world import answer_all, oversight_service

pytestmark = pytest.mark.django_db

HALVES = (
    ("Oversight H1 2024", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
    ("Oversight H2 2024", dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
)
# What each manager's cases were answered in each half: A improves, C slips.
ANSWERS = (
    {"Manager A": "partly", "Manager B": "partly", "Manager C": "yes"},
    {"Manager A": "yes", "Manager B": "partly", "Manager C": "partly"},
)


@pytest.fixture
def two_halves():
    service, _managers = oversight_service()
    qa = make_user("qa", service, Role.QA_LEAD)
    rounds = []
    for (name, start, end), answers in zip(HALVES, ANSWERS, strict=True):
        r = create_round(
            actor=qa,
            service=service,
            framework_edition=get_current_edition("management-oversight"),
            name=name,
            kind="self-audit",
            subject="managers",
            period_start=start,
            period_end=end,
            sample_rule="management-oversight",
        )
        draw_sample(actor=qa, audit_round=r, seed=3)
        for audit in CaseAudit.objects.filter(round=r).select_related(
            "case__case_manager__line_manager", "round"
        ):
            answer_all(audit, qa, answers[audit.case.case_manager.line_manager.name])
        rounds.append(r)
    return service, qa, rounds


def test_trend_rates_each_manager_in_each_half(two_halves):
    _service, _qa, rounds = two_halves
    trend = manager_trend(rounds[1])
    assert [r.name for r in trend.rounds] == [name for name, _s, _e in HALVES]
    table = {name: [(c.rating, c.percent, c.cases) for c in cells] for name, cells in trend.rows}
    assert table == {
        "Manager A": [("Needs improvement", 50, 5), ("Outstanding", 100, 5)],
        "Manager B": [("Needs improvement", 50, 5), ("Needs improvement", 50, 5)],
        "Manager C": [("Outstanding", 100, 5), ("Needs improvement", 50, 5)],
    }
    # The first half's table has only the first half.
    assert len(manager_trend(rounds[0]).rounds) == 1
    # A reader who may not see small cells gets no cell of fewer than six cases here.
    strict = manager_trend(rounds[1], Disclosure(case_detail=False, minimum=6))
    assert all(c.hidden for _name, cells in strict.rows for c in cells)


def test_results_page_and_round_report_show_the_table(client, two_halves):
    _service, qa, rounds = two_halves
    sign_in(client, qa)
    page = client.get(f"/audits/round/{rounds[1].pk}/results/").content.decode()
    assert 'id="manager-trend"' in page
    assert "Manager A" in page and "Outstanding (100%)" in page
    document = build_document(rounds[1], "round")
    section = next(s for s in document.sections if s.id == "managers")
    table = section.blocks[0]
    assert table.headers[1:] == ("Oversight H1 2024 (Jun 2024)", "Oversight H2 2024 (Dec 2024)")
    first = table.rows[0]
    assert [c.text for c in first] == [
        "Manager A",
        "Needs improvement (50%)",
        "Outstanding (100%)",
    ]
