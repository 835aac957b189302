"""Demo step: 300 synthetic cases for the demo service, the same every time.

The mixes follow what youth justice services typically report (inferred, for
demonstration only): about 60% court and 40% out-of-court disposals, about 10% of
court cases in custody, about 85% boys, a mostly White caseload with Black, Mixed and
Asian children over-represented against the 10-17 population, and risk of serious
harm mostly Low or Medium. References are made up (DEMO-C0001...); there are no names.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from .models import Case, CaseKind
from .services import create_case, import_file

COUNT = 300
# Victims' cases: one for each of this many of the latest children's cases (a victims'
# register, imported as a service would import it).
VICTIMS = 40
# A fixed anchor keeps the data identical whichever day the demo is seeded.
ANCHOR = dt.date(2025, 3, 31)
SPAN_DAYS = 730

COURT_COMMUNITY = {"referral-order": 55, "yro": 38, "yro-iss": 7}
COURT_CUSTODY = {"dto": 80, "s90-91": 20}
OUT_OF_COURT = {"youth-caution": 30, "youth-conditional-caution": 25, "community-resolution": 45}
# Typical length in days of each disposal (start to end).
LENGTH = {
    "referral-order": (90, 365),
    "yro": (180, 730),
    "yro-iss": (180, 365),
    "dto": (120, 730),
    "s90-91": (365, 1460),
    "youth-caution": (30, 120),
    "youth-conditional-caution": (60, 120),
    "community-resolution": (14, 90),
}
SEX = {"male": 85, "female": 14, "other": 1}
ETHNICITY = {"white": 72, "black": 10, "mixed": 9, "asian": 6, "other": 2, "not-known": 1}
ROSH = {"low": 55, "medium": 35, "high": 9, "very-high": 1}
SAFETY = {"low": 35, "medium": 45, "high": 17, "very-high": 3}
LOR = {"low": 30, "medium": 45, "high": 22, "very-high": 3}
AGE = {10: 1, 11: 2, 12: 4, 13: 8, 14: 14, 15: 22, 16: 25, 17: 24}


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), list(weights.values()))[0]


def synthetic_cases(
    case_managers: list[Any], seed: int, count: int = COUNT
) -> list[dict[str, Any]]:
    """The demo cases as plain data (tested for their mixes without the database)."""
    rng = random.Random(seed)
    rows = []
    for i in range(1, count + 1):
        if rng.random() < 0.6:
            custody = rng.random() < 0.1
            disposal = _pick(rng, COURT_CUSTODY if custody else COURT_COMMUNITY)
        else:
            disposal = _pick(rng, OUT_OF_COURT)
        start = ANCHOR - dt.timedelta(days=rng.randrange(SPAN_DAYS))
        low, high = LENGTH[disposal]
        end = start + dt.timedelta(days=rng.randint(low, high))
        manager = case_managers[rng.randrange(len(case_managers))] if case_managers else None
        rows.append(
            {
                "reference": f"DEMO-C{i:04d}",
                "disposal_type": disposal,
                "start_date": start,
                "end_date": end if end <= ANCHOR else None,
                "case_manager_id": manager.pk if manager else None,
                "team_id": manager.team_id if manager else None,
                "sex": _pick(rng, SEX),
                "ethnicity": _pick(rng, ETHNICITY),
                "rosh": _pick(rng, ROSH),
                "safety_wellbeing": _pick(rng, SAFETY),
                "likelihood_reoffending": _pick(rng, LOR),
                "age_at_start": _pick(rng, AGE),
                "looked_after": rng.random() < 0.15,
            }
        )
    return rows


def seed(context: Any) -> None:
    service = context.service
    if service is None:
        return
    existing = set(Case.objects.filter(service=service).values_list("reference", flat=True))
    made = 0
    for row in synthetic_cases(list(context.case_managers), context.seed):
        if row["reference"] in existing:
            continue
        create_case(actor=None, service=service, data=row)
        made += 1
    if made:
        context.log(f"Added {made} synthetic cases to {service.code}.")
    seed_victims(context)


def victims_register(cases: list[Case], seed: int) -> str:
    """A victims' register export (CSV) for these children's cases, with no names."""
    rng = random.Random(seed)
    lines = ["Victim reference,Linked case,Consent to contact,RJ offered,RJ taken up"]
    for i, case in enumerate(cases, start=1):
        consent = rng.random() < 0.7
        offered = consent and rng.random() < 0.8
        taken = offered and rng.random() < 0.4
        yes = {True: "Yes", False: "No"}
        lines.append(f"DEMO-V{i:03d},{case.reference},{yes[consent]},{yes[offered]},{yes[taken]}")
    return "\n".join(lines) + "\n"


def seed_victims(context: Any) -> None:
    service = context.service
    if service is None or Case.objects.filter(service=service, kind=CaseKind.VICTIMS).exists():
        return
    latest = list(
        Case.objects.filter(service=service, kind=CaseKind.CHILDREN).order_by(
            "-start_date", "reference"
        )[:VICTIMS]
    )
    data = victims_register(latest, context.seed).encode()
    plan = import_file(
        actor=None, service=service, filename="demo-victims.csv", data=data, kind="victims"
    )
    context.log(f"Imported {len(plan.creates)} victims' cases into {service.code}.")
