"""Charts on the live results page: beside the tables, with a text alternative and data
table, no JavaScript, and only the figures the reader may see (issue 16, item 9)."""

import re

import pytest
from django.urls import reverse

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.audits.case_audits import round_scores
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.result_charts import result_charts, trend_charts
from yjaudit.audits.case_audits.services import AnswerInput

pytestmark = pytest.mark.django_db


def _answer_and_submit(world, audits, value="yes"):
    for audit in audits:
        layout = audit_selectors.audit_layout(audit)
        audit_services.save_answers(
            actor=world.users["auditor"],
            audit=audit,
            version=audit.version,
            answers=[AnswerInput(q.id, value, "") for s in layout for q in s.visible],
        )
        audit.refresh_from_db()
        audit_services.submit(actor=world.users["auditor"], audit=audit)


def _figures(html: str) -> list[str]:
    return re.findall(r'<figure class="report-chart[^"]*" id="([^"]+)">', html)


@pytest.fixture
def world():
    w = build_world(n=8)
    _answer_and_submit(w, w.audits)
    return w


def test_qa_lead_sees_charts_beside_the_tables(client, world):
    sign_in(client, world.users["qa"])
    html = client.get(reverse("audits:results", args=[world.round.pk])).content.decode()
    # The tables stay; the charts come with them.
    assert 'id="standards"' in html and 'id="trend"' in html
    figures = _figures(html)
    assert "chart-standards-by-rating-figure" in figures
    assert any(f.startswith("chart-domain-") for f in figures)
    # Each chart: an SVG image named by its title, a text alternative, a data table.
    assert html.count('role="img"') == len(figures) >= 2
    assert html.count("<figcaption") == len(figures)
    assert html.count("Data for “") == len(figures)
    # Every answer was yes: the standards' bars read 100% in the chart's data table.
    assert "100%" in re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    # No JavaScript and no inline style (the CSP forbids it): the stylesheet sizes them.
    for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S):
        assert "<script" not in svg and not re.match(r'<svg[^>]* style="', svg)
    assert 'href="/static/reports/report.css"' in html


def test_other_sections_draw_no_chart(client, world):
    sign_in(client, world.users["qa"])
    url = reverse("audits:results", args=[world.round.pk])
    for show in ("questions", "splits"):
        assert _figures(client.get(url + f"?show={show}").content.decode()) == []


def test_board_member_sees_no_small_cell_in_a_chart(client, world, settings):
    # Eight cases, minimum cell ten: every figure is below it for a board member.
    settings.YJAUDIT_DISCLOSURE_MIN_CASES = 10
    sign_in(client, world.users["board"])
    html = client.get(reverse("audits:results", args=[world.round.pk])).content.decode()
    text = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert "100%" not in text and "8 cases" not in html
    # The bars are drawn empty ("No figure"), and nothing is rated that the table hides.
    assert "chart-standards-by-rating-figure" not in _figures(html)
    assert "No figure" in html


def test_trend_charts_need_two_rounds(world):
    framework = round_scores.round_framework(world.round)
    result = round_scores.round_score(world.round).result
    assert trend_charts([("Quarter 1", result)]) == ()
    charts = trend_charts([("Quarter 4", result), ("Quarter 1", result)])
    assert charts and all('role="img"' in c.svg for c in charts)
    assert "Quarter 4" in charts[0].chart.text_alternative
    drawn = result_charts(framework, result)
    assert drawn.domains and drawn.trend == ()
