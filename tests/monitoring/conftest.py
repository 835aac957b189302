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
