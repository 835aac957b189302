"""Demo step: two years of synthetic monitoring records for the demo service.

Intervention records (about 500 a year), reoffending cohorts, management board
attendance and population figures for April 2023 to March 2025, the same every time,
written through the import service as CSV files so the demo exercises the real path.
The mixes are inferred, for demonstration only: most children end in suitable
accommodation, fewer in suitable education, training or employment; Black and Mixed
children are over-represented against the population. There are no names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from typing import Any

from yjaudit.cases.demo import AGE, ETHNICITY, SEX

from . import services
from .models import IndicatorRecord

FIRST_DAY = dt.date(2023, 4, 1)
DAYS = 731  # to 31 March 2025
PER_YEAR = 500
PARTNERS = ["police", "health", "probation", "education", "children's services"]
POPULATION_SHARE = {"white": 80, "asian": 8, "black": 4, "mixed": 5, "other": 3}


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), list(weights.values()))[0]


def _yes(rng: random.Random, share: float, blank: float = 0.05) -> str:
    if rng.random() < blank:
        return ""
    return "yes" if rng.random() < share else "no"


def _csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def interventions(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for i in range(1, PER_YEAR * 2 + 1):
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        court = rng.random() < 0.55
        kind = "court" if court else "out-of-court"
        end = start + dt.timedelta(days=rng.randint(60, 330) if court else rng.randint(21, 120))
        ethnicity = _pick(rng, ETHNICITY)
        # Inferred for the demo: a lower share in suitable ETE for Black and Mixed children.
        ete = 0.55 if ethnicity in {"black", "mixed"} else 0.72
        mh_need = rng.random() < 0.4
        mh_offered = mh_need and rng.random() < 0.8
        sm_need = rng.random() < 0.3
        sm_offered = sm_need and rng.random() < 0.75
        consenting = rng.choice([0, 0, 1, 1, 2]) if court else rng.choice([0, 1])
        rows.append(
            {
                "reference": f"DEMO-I{i:04d}",
                "start_date": start.isoformat(),
                "end_date": end.isoformat() if end <= FIRST_DAY + dt.timedelta(DAYS - 1) else "",
                "intervention_type": kind,
                "sex": _pick(rng, SEX),
                "ethnicity": ethnicity,
                "age": _pick(rng, AGE),
                "looked_after": _yes(rng, 0.15, 0),
                "first_time_entrant": _yes(rng, 0.45 if not court else 0.2, 0),
                "custodial_sentence": _yes(rng, 0.06 if court else 0, 0),
                "serious_violence": _yes(rng, 0.05, 0),
                "accommodation_suitable_end": _yes(rng, 0.93),
                "ete_suitable_end": _yes(rng, ete),
                "send_identified": _yes(rng, 0.3, 0),
                "send_plan": _yes(rng, 0.6, 0),
                "mh_need": "yes" if mh_need else "no",
                "mh_offered": "yes" if mh_offered else "no",
                "mh_attending": "yes" if mh_offered and rng.random() < 0.7 else "no",
                "sm_need": "yes" if sm_need else "no",
                "sm_offered": "yes" if sm_offered else "no",
                "sm_attending": "yes" if sm_offered and rng.random() < 0.6 else "no",
                "ooc_completed": "" if court else _yes(rng, 0.88, 0),
                "early_help": _yes(rng, 0.2, 0),
                "child_in_need": _yes(rng, 0.18, 0),
                "child_protection": _yes(rng, 0.07, 0),
                "victims_consenting": consenting,
                "victims_engaged_rj": min(consenting, rng.choice([0, 1])),
                # Offences the disposal dealt with (area context: offences per 1,000).
                "offences": rng.choice([1, 1, 2, 3, 4]) if court else rng.choice([1, 1, 2]),
            }
        )
    return rows


def cohort(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for i in range(1, 361):
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        reoffended = rng.random() < 0.33
        rows.append(
            {
                "reference": f"DEMO-R{i:04d}",
                "cohort_start": start.isoformat(),
                "sex": _pick(rng, SEX),
                "ethnicity": _pick(rng, ETHNICITY),
                "age": _pick(rng, AGE),
                "reoffended": "yes" if reoffended else "no",
                "reoffences": rng.randint(1, 6) if reoffended else 0,
            }
        )
    return rows


def board(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    meeting = dt.date(2023, 5, 10)
    while meeting <= dt.date(2025, 3, 31):
        for partner in PARTNERS:
            rows.append(
                {
                    "meeting_date": meeting.isoformat(),
                    "partner": partner,
                    "attended": _yes(rng, 0.8, 0),
                }
            )
        meeting += dt.timedelta(days=91)
    return rows


def population(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for year in (2023, 2024):
        for sex in ("female", "male"):
            for ethnicity, share in POPULATION_SHARE.items():
                for age in range(10, 18):
                    rows.append(
                        {
                            "year": year,
                            "sex": sex,
                            "ethnicity": ethnicity,
                            "age": age,
                            "count": round(30_000 / 2 / 8 * share / 100 * rng.uniform(0.9, 1.1)),
                        }
                    )
    return rows


def seed(context: Any) -> None:
    service = context.service
    if service is None or IndicatorRecord.objects.filter(service=service).exists():
        return
    rng = random.Random(context.seed)
    for record_set, rows in (
        ("interventions", interventions(rng)),
        ("reoffending_cohort", cohort(rng)),
        ("board_attendance", board(rng)),
        ("population", population(rng)),
    ):
        batch = services.import_records(
            actor=None,
            service=service,
            record_set=record_set,
            filename=f"demo-{record_set}.csv",
            data=_csv(rows),
        )
        context.log(f"Imported {batch.created} demo {record_set} records for {service.code}.")
