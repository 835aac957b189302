"""A small register with hand-made timelines (dates worked out by hand below).

Referral orders starting Monday 3 March 2025: 20 working days (no bank holiday in
March 2025) end on Monday 31 March. The YRO's 15 working days end on Monday 24 March.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from yjaudit.accounts.testing import make_user
from yjaudit.cases.services import create_case
from yjaudit.organisations.models import Service, StaffMember, Team

START = dt.date(2025, 3, 3)

EVENTS_CSV = (
    "Case reference,Event type,Date,Child's name,Address\n"
    "P-1,Assessment,31/03/2025,Plantedname Alpha,1 Planted Road\n"
    "P-2,assessment,2025-04-01,Plantedname Beta,2 Planted Road\n"
    "P-1,Home visit,05/03/2025,Plantedname Alpha,1 Planted Road\n"
    "p-1,home_visit,05/03/2025,Plantedname Alpha,1 Planted Road\n"
)
MEMBERSHIPS_CSV = "Reference,Forum,From,To\nP-1,IPC,01/03/2025,\n"


@dataclass
class Register:
    service: Service
    team: Team
    alice: StaffMember
    bob: StaffMember
    cases: dict[str, Any]


@pytest.fixture
def register(db: Any) -> Register:
    return build_register()


def build_register() -> Register:
    service = Service.objects.create(name="Demoshire YJS", code="DEMO", nation="england")
    team = Team.objects.create(service=service, name="North")
    alice = StaffMember.objects.create(service=service, team=team, name="Alice Casemanager")
    bob = StaffMember.objects.create(service=service, team=team, name="Bob Casemanager")
    cases = {}
    for ref, disposal, staff, rosh, sw in (
        ("P-1", "referral-order", alice, "high", "low"),
        ("P-2", "referral-order", bob, "medium", "low"),
        ("P-3", "yro", bob, "low", "low"),
    ):
        cases[ref] = create_case(
            actor=None,
            service=service,
            data={
                "reference": ref,
                "disposal_type": disposal,
                "start_date": START,
                "case_manager_id": staff.pk,
                "team_id": team.pk,
                "rosh": rosh,
                "safety_wellbeing": sw,
            },
        )
    return Register(service, team, alice, bob, cases)


@pytest.fixture
def loaded(register: Register) -> Register:
    from yjaudit.practice import services

    for kind, text in (("events", EVENTS_CSV), ("memberships", MEMBERSHIPS_CSV)):
        services.import_file(
            actor=None,
            service=register.service,
            kind=kind,
            filename=f"{kind}.csv",
            data=text.encode(),
        )
    return register


@pytest.fixture
def users(register: Register) -> dict[str, Any]:
    return build_users(register)


def build_users(register: Register) -> dict[str, Any]:
    service = register.service
    out = {
        role: make_user(f"{role}@demo.example", service=service, roles=[role])
        for role in ("qa_lead", "manager", "board_member", "practitioner", "auditor")
    }
    register.alice.user = out["practitioner"]
    register.alice.save()
    return out
