"""Trend report, board pack and practitioner feedback, against the engine's figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.round_scores import round_score
from yjaudit.improvement.models import Action, ImprovementPlan, Recommendation
from yjaudit.reports.document import Paragraph, ReportDocument, Table
from yjaudit.reports.make import build_document


def _table(doc: ReportDocument, table_id: str) -> Table:
    return next(t for t in doc.tables() if t.id == table_id)


def _text(doc: ReportDocument) -> str:
    return "\n".join(b.text for _, s in doc.walk() for b in s.blocks if isinstance(b, Paragraph))


def _quarters(world: Any, n: int) -> list[Any]:
    rounds = []
    for i in range(n):
        year, quarter = 2023 + i // 4, 1 + i % 4
        rounds.append(
            world.round("DERBY", year=year, quarter=quarter, size=15, quality=0.55 + 0.05 * i)
        )
    return rounds


def test_trend_has_every_round_with_intervals(world: Any) -> None:
    rounds = _quarters(world, 4)
    doc = build_document(rounds[-1], "trend")
    wide = _table(doc, "trend")
    assert wide.headers[1:] == tuple(r.name for r in rounds)
    long = _table(doc, "trend-data")
    for r in rounds:
        result = round_score(r).result
        for s in result.standards:
            if s.rated_by != "cases":
                continue
            row = next(
                x for x in long.rows if x[0].text.startswith(f"{s.id} ") and x[1].text == r.name
            )
            assert (row[3].value, row[4].value, row[5].value, row[6].value) == (
                s.figure.percent,
                s.figure.ci_low,
                s.figure.ci_high,
                s.figure.cases,
            )
    assert len(doc.charts()) == 2  # court and out-of-court standards
    assert "No inspection of this service" in _text(doc)


def test_trend_sets_the_self_audit_against_the_inspection(world: Any) -> None:
    baseline, latest = _quarters(world, 2)
    result = round_score(baseline).result
    findings = []
    for s in result.standards:
        if s.rated_by == "cases" and s.rating:
            # The inspection agrees on 2.1 and differs elsewhere by one band.
            rating = s.rating if s.id == "2.1" else "Inadequate"
            findings.append(audit_services.FindingInput(s.id, rating, 50))
    audit_services.import_inspection(
        actor=None, audit_round=baseline, findings=findings, source="HMIP inspection, June 2023"
    )
    doc = build_document(latest, "trend")
    table = _table(doc, "inspection")
    row = next(x for x in table.rows if x[0].text.startswith("2.1 "))
    assert row[1].text == result.standard("2.1").rating and row[6].text == "Yes"
    percent = result.standard("2.1").figure.percent
    assert percent is not None and row[5].value == percent - 50
    text = _text(doc)
    assert f"{baseline.name} set against HMIP inspection, June 2023." in text
    same = sum(result.standard(f.standard_id).rating == f.rating for f in findings)
    assert 1 <= same < len(findings)
    assert f"The ratings are the same for {same} of the {len(findings)} standards rated" in text


def test_board_pack_has_latest_trend_and_plan_progress(world: Any) -> None:
    rounds = _quarters(world, 3)
    doc = build_document(rounds[-1], "board")
    titles = [s.title for _, s in doc.walk()]
    assert titles[0] == f"Latest round: {rounds[-1].name}"
    assert "Trend across rounds" in titles
    assert "Improvement plan progress" not in titles  # no plans yet
    assert "Indicators" not in titles  # monitoring holds no figures
    plan = ImprovementPlan.objects.create(
        service=rounds[-1].service, title="HMIP improvement plan", source_kind="inspection"
    )
    rec = Recommendation.objects.create(plan=plan, position=1, text="Assess risk on time")
    Action.objects.create(
        plan=plan, recommendation=rec, number=1, due_date=dt.date(2020, 1, 1), status="in_progress"
    )
    Action.objects.create(plan=plan, recommendation=rec, number=2, status="completed")
    doc = build_document(rounds[-1], "board")
    assert "HMIP improvement plan" in [s.title for _, s in doc.walk()]
    actions = next(t for t in doc.tables() if t.id == "plan-1-actions")
    assert [(r[0].text, r[1].text, r[3].text, r[4].text) for r in actions.rows] == [
        ("1", "In progress", "Red", "Yes"),
        ("2", "Completed", "Green", "No"),
    ]
    summary = next(t for t in doc.tables() if t.id == "plan-1-summary")
    assert dict((r[0].text, r[1].value) for r in summary.rows)["Overdue"] == 1


def test_practitioner_feedback_against_the_service(world: Any) -> None:
    r = world.round("DERBY", size=24)
    staff = world.staff["DERBY"][1]
    doc = build_document(r, "practitioner", staff=staff)
    report = round_score(r, by=["case_manager"])
    mine = report.splits["case_manager"][staff.name]
    table = _table(doc, "practitioner")
    for row in table.rows:
        s = mine.standard(row[0].text.split(" ")[0])
        whole = report.result.standard(s.id)
        assert (row[1].value, row[2].value) == (s.figure.percent, s.figure.cases)
        assert (row[3].value, row[4].value) == (whole.figure.percent, whole.figure.cases)
    refs = sorted(c.case.reference for c in r.samples.filter(case__case_manager=staff))
    assert ", ".join(refs) in _text(doc)
    assert dict(doc.cover.facts)["Practitioner"] == staff.name
