"""The record sets indicators read, and the kind of each field (docs/indicators.md).

Child-level records hold no names or dates of birth: a pseudonymous reference, the age
at the start, and the fields the indicators need. Population figures are counts by
age, sex and ethnicity (a `count` per row).
"""

from __future__ import annotations

from collections.abc import Mapping

from .records import ColumnKind

_CHILD: dict[str, ColumnKind] = {"sex": "text", "ethnicity": "text", "age": "int"}

RECORD_SETS: Mapping[str, Mapping[str, ColumnKind]] = {
    "interventions": {
        "reference": "text",
        "start_date": "date",
        "end_date": "date",
        "intervention_type": "text",  # court, out-of-court, prevention...
        "disposal": "text",
        **_CHILD,
        "looked_after": "bool",
        "first_time_entrant": "bool",
        "custodial_sentence": "bool",
        "serious_violence": "bool",
        # Offences the disposal dealt with (area context: offences per 1,000 aged 10-17).
        "offences": "int",
        "accommodation_suitable_end": "bool",
        "ete_suitable_end": "bool",
        "send_identified": "bool",
        "send_plan": "bool",
        "mh_need": "bool",
        "mh_offered": "bool",
        "mh_attending": "bool",
        "sm_need": "bool",
        "sm_offered": "bool",
        "sm_attending": "bool",
        "ooc_completed": "bool",
        "early_help": "bool",
        "child_in_need": "bool",
        "child_protection": "bool",
        "victims_consenting": "int",
        "victims_engaged_rj": "int",
    },
    "reoffending_cohort": {
        "reference": "text",
        "cohort_start": "date",
        **_CHILD,
        "reoffended": "bool",
        "reoffences": "int",
    },
    "board_attendance": {"meeting_date": "date", "partner": "text", "attended": "bool"},
    "population": {**_CHILD, "year": "int", "count": "int"},
}

# The fields that identify a record within its set and service: importing the same
# record again updates it instead of adding a second one.
KEYS: Mapping[str, tuple[str, ...]] = {
    "interventions": ("reference", "start_date", "intervention_type"),
    "reoffending_cohort": ("reference", "cohort_start"),
    "board_attendance": ("meeting_date", "partner"),
    "population": ("year", "sex", "ethnicity", "age"),
}
# Fields a row must give (the key, and what places the record in a period).
REQUIRED: Mapping[str, tuple[str, ...]] = {
    "interventions": ("reference", "start_date", "intervention_type"),
    "reoffending_cohort": ("reference", "cohort_start", "reoffended"),
    "board_attendance": ("meeting_date", "partner", "attended"),
    "population": ("year", "sex", "ethnicity", "age", "count"),
}
