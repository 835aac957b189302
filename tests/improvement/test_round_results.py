"""Plans read rounds through the case-audit app's own `round_score` (no fake)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from yjaudit.audits.case_audits.round_scores import clear_cache, round_score
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.improvement import results, selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def real_results(settings: Any) -> Any:
    settings.YJAUDIT_ROUND_RESULT = (
        ""  # default: yjaudit.audits.case_audits.round_scores.round_score
    )
    clear_cache()
    yield
    clear_cache()


def _round(service: Any, edition: Any, name: str, year: int, answered: bool) -> Any:
    from reports.answering import answer_round

    r = create_round(
        actor=None,
        service=service,
        framework_edition=edition,
        name=name,
        kind="self-audit",
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        sample_rule="fixed-n",
        requested_size=12,
    )
    draw_sample(actor=None, audit_round=r, seed=year)
    r.refresh_from_db()
    if answered:
        answer_round(r, quality=0.7)
    return r


def test_findings_and_impact_from_the_audit_apps_results(
    service: Any, edition: Any, manager: Any
) -> None:
    from cases.factories import make_caseload

    make_caseload(service, 80)
    empty = _round(service, edition, "Not yet audited", 2024, answered=False)
    assert results.round_result(empty) is None  # nothing scored: no figures, not zeros
    baseline = _round(service, edition, "Baseline 2025", 2025, answered=True)
    later = _round(service, edition, "Later 2026", 2026, answered=True)
    plan = services.create_plan(
        actor=manager,
        service=service,
        title="Plan",
        source_kind="self-audit",
        audit_round=baseline,
    )
    assert services.pull_findings(actor=manager, plan=plan) > 0
    rec = services.add_recommendation(actor=manager, plan=plan, text="Assessment")
    services.add_action(
        actor=manager, plan=plan, recommendation=rec, description="Workshop", measures=["2.1"]
    )
    [row] = selectors.impact(plan)
    assert [p.round_name for p in row.points] == ["Baseline 2025", "Later 2026"]
    for point, r in zip(row.points, (baseline, later), strict=True):
        figure = round_score(r).result.standard("2.1").figure
        assert (point.percent, point.ci_low, point.ci_high, point.n) == (
            figure.percent,
            figure.ci_low,
            figure.ci_high,
            figure.cases,
        )
