"""No report, in any format, holds a child's name or a field marked personal.

A name is planted in every free-text field a report could reach: evidence notes, the
auditor's summary, return and reopen comments, second marks' rationales, resolutions,
judgement evidence and reasons, override reasons, swap reasons, further case
attributes, and improvement plans' findings, recommendations, actions and progress
notes. Then every kind of report is rendered in every format and searched.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from yjaudit.audits.models import CaseAudit, RatingOverride, Resolution, SampledCase, SecondMark
from yjaudit.improvement.models import (
    Action,
    Finding,
    ImprovementPlan,
    ProgressUpdate,
    Recommendation,
)
from yjaudit.reports.make import build_document
from yjaudit.reports.render import FORMATS, render

from .extract import text_of

FIRST, LAST = "Zephyrine", "Quillbottom"
NAME = f"{FIRST} {LAST}"


def _plant(world: Any, r: Any) -> None:
    audits = list(CaseAudit.objects.filter(round=r))
    CaseAudit.objects.filter(round=r).update(
        summary=f"Met {NAME} at home", return_comments=NAME, reopen_reason=NAME
    )
    first = audits[0]
    SecondMark.objects.create(audit=first, question_id="2.1.1", value="no", note=NAME)
    Resolution.objects.create(
        audit=first,
        question_id="2.1.1",
        first_value="yes",
        second_value="no",
        value="yes",
        note=NAME,
    )
    RatingOverride.objects.create(round=r, standard_id="2.2", rating="Good", reason=NAME)
    SampledCase.objects.filter(round=r).update(swap_reason=f"{NAME} moved away")
    for s in SampledCase.objects.filter(round=r).select_related("case"):
        s.case.extra = {"nickname": NAME, "school": f"{LAST} Academy"}
        s.case.save()
    plan = ImprovementPlan.objects.create(
        service=r.service,
        title="Improvement plan 2024",
        source_kind="self-audit",
        context=NAME,
    )
    Finding.objects.create(plan=plan, kind="improvement", text=NAME)
    rec = Recommendation.objects.create(plan=plan, position=1, text=NAME)
    action = Action.objects.create(
        plan=plan,
        recommendation=rec,
        number=1,
        description=NAME,
        expected_outcome=NAME,
        success_measure=NAME,
        learning_objectives=NAME,
        due_date=dt.date(2024, 6, 1),
    )
    ProgressUpdate.objects.create(
        action=action, on=dt.date(2024, 5, 1), status="in_progress", note=NAME
    )


@pytest.mark.parametrize("kind", ["round", "trend", "practitioner", "board"])
def test_no_planted_name_in_any_report(world: Any, kind: str) -> None:
    world.round("LEEDS", note=NAME)
    world.round("YORK", note=NAME)
    world.round("DERBY", year=2023, note=NAME)
    r = world.round("DERBY", size=24, note=f"Seen with {NAME}; {FIRST} was present.")
    _plant(world, r)
    staff = world.staff["DERBY"][0] if kind == "practitioner" else None
    doc = build_document(r, kind, staff=staff)
    for fmt in FORMATS:
        text = text_of(render(doc, fmt), fmt)
        assert len(text) > 2000, f"{kind} {fmt}: suspiciously little text"
        for word in (FIRST, LAST):
            assert word not in text, f"{kind} report ({fmt}) contains the planted name"


def test_the_search_would_find_a_name_that_is_printed(world: Any) -> None:
    # The same search finds text that reports do print (the round's name), in every format.
    r = world.round("DERBY", size=12, name=f"Round for {LAST} checks")
    doc = build_document(r, "round")
    for fmt in FORMATS:
        assert LAST in text_of(render(doc, fmt), fmt), fmt
