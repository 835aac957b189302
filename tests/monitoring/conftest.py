from __future__ import annotations

from typing import Any

import pytest

from yjaudit.accounts.testing import make_user
from yjaudit.organisations.models import Service


@pytest.fixture
def service(db: Any) -> Service:
    return Service.objects.create(name="Demoshire YJS", code="DEMO", nation="england")


@pytest.fixture
def other_service(db: Any) -> Service:
    return Service.objects.create(name="Otherton YJS", code="OTHER", nation="england")


@pytest.fixture
def qa(service: Service) -> Any:
    return make_user("qa@demo.example", service=service, roles=["qa_lead"])


HEADER = (
    "Reference,Start date,End date,Intervention type,Sex,Ethnicity,Age,"
    "Accommodation suitable end,Child's name,Address\n"
)
INTERVENTIONS_CSV = (
    HEADER
    + """Y-001,01/01/2025,15/04/2025,court,female,white,15,yes,Plantedname Alpha,1 Planted Road
Y-002,2025-02-01,2025-05-20,court,male,black,16,no,Plantedname Beta,2 Planted Road
Y-003,01/03/2025,20/05/2025,out-of-court,male,white,14,yes,Plantedname Gamma,3 Planted Road
Y-004,01/03/2025,21/05/2025,court,male,white,17,yes,Plantedname Delta,4 Planted Road
Y-005,01/03/2025,22/05/2025,court,female,asian,13,yes,Plantedname Epsilon,5 Planted Road
Y-006,01/03/2025,,court,female,white,13,,Plantedname Zeta,6 Planted Road
"""
)


# A quarter with enough children to show figures: 2025-26 Q1 (April to June 2025).
# Per ethnicity: (children ending in the quarter, of whom in suitable accommodation).
# Asian children are 3: below KPI 1's minimum of 5, so their cell is suppressed.
Q1_MIX = {"white": (30, 27), "black": (8, 6), "asian": (3, 3), "not-known": (6, 5)}
PLANTED = "PLANTEDREF"


def quarter_records_csv() -> str:
    lines = [HEADER.rstrip("\n")]
    n = 0
    for ethnicity, (total, suitable) in Q1_MIX.items():
        for i in range(total):
            n += 1
            sex = "female" if i % 3 == 0 else "male"
            end = f"{1 + i % 28:02d}/{4 + i % 3:02d}/2025"
            lines.append(
                f"{PLANTED}-{n:03d},01/01/2025,{end},court,{sex},{ethnicity},15,"
                f"{'yes' if i < suitable else 'no'},Plantedname Child{n},{n} Planted Road"
            )
    # Earlier quarters, for the trend: 10 children each, 8 in suitable accommodation.
    for q, month in enumerate(("01", "10", "07")):
        for i in range(10):
            n += 1
            year = "2025" if month == "01" else "2024"
            lines.append(
                f"{PLANTED}-{n:03d},01/01/2024,15/{month}/{year},out-of-court,male,white,"
                f"{14 + q},{'yes' if i < 8 else 'no'},Plantedname Child{n},{n} Planted Road"
            )
    return "\n".join(lines) + "\n"


def population_csv() -> str:
    lines = ["Year,Sex,Ethnicity,Age,Count"]
    for age in range(9, 19):  # 9 and 18 are outside the 10-17 population
        for sex, ethnicity, count in (
            ("male", "white", 400),
            ("female", "white", 380),
            ("male", "black", 30),
            ("female", "black", 28),
            ("male", "asian", 50),
            ("female", "asian", 52),
        ):
            lines.append(f"2025,{sex},{ethnicity},{age},{count}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def quarter_data(service: Service) -> Service:
    """The service with a quarter's records, population figures and a comparator."""
    from yjaudit.monitoring import services

    services.import_records(
        actor=None,
        service=service,
        record_set="interventions",
        filename="q1.csv",
        data=quarter_records_csv().encode(),
    )
    services.import_records(
        actor=None,
        service=service,
        record_set="population",
        filename="population.csv",
        data=population_csv().encode(),
    )
    services.set_comparator(
        actor=None,
        indicator_id="kpi1-accommodation",
        period="2025-26 Q1",
        name="England and Wales",
        value=89.0,
    )
    return service
