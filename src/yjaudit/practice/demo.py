"""Demo step: twelve months of synthetic case events and risk forum memberships for the
demo service's cases (April 2024 to March 2025), the same every time, written through
the import service as CSV files so the demo exercises the real path.

The mixes are inferred, for demonstration only: most assessments, first panels and home
visits on time, a few late or missing; most cases at Medium risk or above held by a
forum, some not (so the uncovered list has something to show). No names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from typing import Any

from yjaudit.cases.attribute_services import save_attribute_definition
from yjaudit.cases.demo import ANCHOR
from yjaudit.cases.models import AttributeDefinition, AttributeType, Case
from yjaudit.cases.services import update_case
from yjaudit.compliance import add_months, add_working_days

from . import services
from .models import CaseEvent

FIRST_DAY = dt.date(2024, 4, 1)
LAST_DAY = ANCHOR  # 31 March 2025
ON_TIME = 0.85  # share of deadlines met (inferred)
FORUMS = {"IPC": 50, "RSM": 25, "CSP": 15, "MAPPA": 10}
COVERED = 0.85  # share of cases at Medium or above held by a forum (inferred)
RISKY = {"medium", "high", "very-high"}
# Intervention levels of court cases in the community (inferred mix); the contact rules
# read them from the further case attribute `intervention_level`.
LEVELS = {"standard": 55, "enhanced": 30, "intensive": 15}
LEVEL_ATTRIBUTE = "intervention_level"


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _deadline(rng: random.Random, start: dt.date, working_days: int) -> dt.date:
    due = add_working_days(start, working_days)
    if rng.random() < ON_TIME:
        return start + dt.timedelta(days=rng.randint(1, max(1, (due - start).days)))
    return due + dt.timedelta(days=rng.randint(1, 20))


def case_events(rng: random.Random, case: Any) -> list[tuple[str, dt.date]]:
    start: dt.date = case.start_date
    last = min(case.end_date or LAST_DAY, LAST_DAY)
    out = [
        ("assessment", _deadline(rng, start, 15 if case.disposal_type != "referral-order" else 20))
    ]
    if case.disposal_type == "referral-order":
        panel = _deadline(rng, start, 20)
        while panel <= last:
            out.append(("panel", panel))
            panel = add_months(panel, 3) - dt.timedelta(days=rng.randint(0, 20) - 3)
    visit = _deadline(rng, start, 10)
    while visit <= last:
        out.append(("home_visit", visit))
        visit = add_months(visit, 3) - dt.timedelta(days=rng.randint(0, 25) - 4)
    # Contact by intervention level (gaps in days, inferred): intensive about three a
    # week, enhanced about weekly, otherwise about fortnightly; now and then a gap.
    gaps = {
        "intensive": (1, 2, 2, 3, 3, 4),
        "enhanced": (3, 4, 7, 7, 7, 10),
    }.get(str(case.extra.get(LEVEL_ATTRIBUTE, "")), (7, 10, 14, 14, 21))
    day = start + dt.timedelta(days=rng.randint(1, 5))
    while day <= last:
        out.append(("contact", day))
        day += dt.timedelta(days=rng.choice(gaps))
    review = add_months(start, 3) - dt.timedelta(days=rng.randint(0, 10))
    while review <= last:
        out.append(("review", review))
        review = add_months(review, 3)
    return [(kind, d) for kind, d in out if FIRST_DAY - dt.timedelta(days=120) <= d <= last]


def _intervention_levels(rng: random.Random, service: Any, cases: list[Any]) -> None:
    """Give the demo's community court cases an intervention level (a further attribute
    the service defines), so the contact rules have cases to count."""
    if not AttributeDefinition.objects.filter(service=service, key=LEVEL_ATTRIBUTE).exists():
        save_attribute_definition(
            actor=None,
            definition=AttributeDefinition(
                service=service,
                key=LEVEL_ATTRIBUTE,
                label="Intervention level",
                type=AttributeType.CHOICE,
                choices=list(LEVELS),
            ),
        )
    for case in cases:
        if case.disposal_type in {"referral-order", "yro", "yro-iss"} and not case.extra.get(
            LEVEL_ATTRIBUTE
        ):
            level = rng.choices(list(LEVELS), list(LEVELS.values()))[0]
            update_case(actor=None, case=case, data={"extra": {LEVEL_ATTRIBUTE: level}})


def seed(context: Any) -> None:
    service = context.service
    if service is None or CaseEvent.objects.filter(case__service=service).exists():
        return
    rng = random.Random(context.seed)
    cases = list(
        Case.objects.filter(service=service, start_date__lte=LAST_DAY)
        .exclude(end_date__lt=FIRST_DAY)
        .order_by("reference")
    )
    _intervention_levels(rng, service, cases)
    events: list[list[str]] = []
    memberships: list[list[str]] = []
    for case in cases:
        for kind, day in case_events(rng, case):
            events.append([case.reference, kind.replace("_", " "), day.strftime("%d/%m/%Y")])
        if (case.rosh in RISKY or case.safety_wellbeing in RISKY) and rng.random() < COVERED:
            forum = rng.choices(list(FORUMS), list(FORUMS.values()))[0]
            start = case.start_date + dt.timedelta(days=rng.randint(0, 30))
            end = case.end_date if case.end_date and case.end_date <= LAST_DAY else None
            if end is not None and end < start:
                end = start
            memberships.append(
                [case.reference, forum, start.isoformat(), "" if end is None else end.isoformat()]
            )
    if not events:
        return
    for kind, data in (
        ("events", _csv(["Case reference", "Event type", "Date"], events)),
        ("memberships", _csv(["Case reference", "Forum", "From", "To"], memberships)),
    ):
        batch = services.import_file(
            actor=None, service=service, kind=kind, filename=f"demo-{kind}.csv", data=data
        )
        context.log(f"Imported {batch.created} demo {kind} for {service.code}.")
