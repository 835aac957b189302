"""Services with children's cases, a victims' register and operational managers, for
the tests of rounds on victims' cases and on managers' oversight (and the journeys)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cases.factories import make_caseload, make_people, make_service
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.selectors import audit_layout
from yjaudit.audits.models import CaseAudit
from yjaudit.cases import services as case_services
from yjaudit.cases.models import Case
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Service, StaffMember, StaffRole


def victims_csv(cases: list[Case], n: int) -> str:
    lines = ["Victim reference,Victim name,Linked case,Consent to contact,RJ offered,RJ taken up"]
    for i in range(n):
        rj = "Yes" if i % 3 else "No"
        lines.append(f"VIC-{i:03d},Someone {i},{cases[i].reference},Yes,{rj},No")
    return "\n".join(lines) + "\n"


def victims_service(code: str = "VICT", victims: int = 12, actor: Any = None) -> Service:
    sync_bundled_frameworks()
    service = make_service(code=code, name=f"{code.title()} YJS")
    _, _, staff = make_people(service)
    cases = make_caseload(service, 40)
    for i, case in enumerate(cases):
        case.case_manager = staff[i % 2]
        case.team = staff[i % 2].team
        case.save()
    data = victims_csv(cases, victims).encode()
    case_services.import_file(
        actor=actor, service=service, filename="victims.csv", data=data, kind="victims"
    )
    return service


def oversight_service(code: str = "OVER", cases_each: int = 8) -> tuple[Service, list[str]]:
    """Three operational managers (Manager A, B, C), each over two case managers."""
    sync_bundled_frameworks()
    service = make_service(code=code, name=f"{code.title()} YJS")
    north, south, _staff = make_people(service)
    managers = [
        StaffMember.objects.create(
            service=service, team=north, name=f"Manager {x}", role=StaffRole.OPERATIONAL_MANAGER
        )
        for x in "ABC"
    ]
    workers = [
        StaffMember.objects.create(
            service=service, team=south, name=f"Worker {i}", line_manager=managers[i // 2]
        )
        for i in range(6)
    ]
    cases = make_caseload(service, cases_each * 6, seed=5)
    for i, case in enumerate(cases):
        case.case_manager = workers[i % 6]
        case.team = south
        case.start_date = dt.date(2024, 1, 1)
        case.save()
    return service, [m.name for m in managers]


def answer_all(audit: CaseAudit, actor: Any, value: str = "yes") -> CaseAudit:
    """Answer every visible question of the audit with `value`, then submit it."""
    answers = [
        audit_services.AnswerInput(q.id, value) for s in audit_layout(audit) for q in s.visible
    ]
    audit_services.save_answers(actor=actor, audit=audit, version=audit.version, answers=answers)
    audit.refresh_from_db()
    return audit_services.submit(actor=actor, audit=audit)
