"""A round ready for auditing, for the case audit tests (pages, API, CLI, browser)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cases.factories import make_caseload, make_people, make_service, make_user
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.models import AuditRound, CaseAudit, SampledCase
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Role, RoleGrant


@dataclass
class AuditWorld:
    service: Any
    round: AuditRound
    audits: list[CaseAudit]
    users: dict[str, Any]
    staff: list[Any]
    extra: dict[str, Any] = field(default_factory=dict)

    def audit(self, category: str = "court") -> CaseAudit:
        return next(a for a in self.audits if a.case.disposal_category == category)


def build_world(
    framework_id: str = "hmip-style-local-audit", n: int = 8, code: str = "DERBY"
) -> AuditWorld:
    sync_bundled_frameworks()
    service = make_service(code=code, name=f"{code.title()} YJS")
    _, _, staff = make_people(service)
    users = {
        "qa": make_user(f"{code}-qa", service, Role.QA_LEAD),
        "auditor": make_user(f"{code}-auditor", service, Role.AUDITOR),
        "second": make_user(f"{code}-second", service, Role.AUDITOR),
        "manager": make_user(f"{code}-manager", service, Role.MANAGER),
        "practitioner": make_user(f"{code}-prac", service, Role.PRACTITIONER),
        "board": make_user(f"{code}-board", service, Role.BOARD_MEMBER),
    }
    staff[0].user = users["practitioner"]
    staff[0].save()
    cases = make_caseload(service, n)
    for i, case in enumerate(cases):
        case.case_manager = staff[i % 2]
        case.team = staff[i % 2].team
        case.save()
    audit_round = AuditRound.objects.create(
        service=service,
        framework_edition=get_current_edition(framework_id),
        name="Quarter 1",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=n,
        status="in-progress",
    )
    for i, case in enumerate(cases):
        SampledCase.objects.create(round=audit_round, case=case, stratum="all", position=i + 1)
    audit_services.ensure_audits(actor=users["qa"], audit_round=audit_round)
    audits = list(CaseAudit.objects.filter(round=audit_round).select_related("case"))
    return AuditWorld(service, audit_round, audits, users, staff)


def grant(user: Any, service: Any, role: str) -> None:
    RoleGrant.objects.get_or_create(user=user, service=service, role=role)
