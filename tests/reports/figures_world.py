"""One round with everything a disclosure or a figure can go wrong on.

30 cases with planted references (`REF_PREFIX`) and case managers with planted names
(`STAFF_PREFIX`), small groups (3 girls, one 10-year-old, a custody case or two), a
sample drawn by the real service, answers from the seeded generator, 27 case audits
submitted and 3 left in progress (draft, returned), a case that answered only part of a
standard (so the engine's warning names it), and judgement and override reasons that
name a case.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from cases.factories import make_user
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.models import AuditRound, CaseAnswer, CaseAudit, JudgementRating, RatingOverride
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.cases.models import Case
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Role, Service, StaffMember, Team

from .answering import answer_round

REF_PREFIX = "ZQPLANT"
STAFF_PREFIX = "Plantstaff"
N = 30


@dataclass
class FiguresWorld:
    service: Service
    round: AuditRound
    users: dict[str, Any]
    references: list[str]
    staff_names: list[str]
    in_progress: list[CaseAudit]


def build(framework_id: str = "hmip-youth-2021", *, override: bool = True) -> FiguresWorld:
    sync_bundled_frameworks(actor=None)
    service = Service.objects.create(code="ZQ", name="Zedquay YJS", nation="england")
    teams = [Team.objects.create(service=service, name=n) for n in ("North", "South")]
    staff = [
        StaffMember.objects.create(
            service=service, team=teams[i % 2], name=f"{STAFF_PREFIX} Person{i}"
        )
        for i in range(4)
    ]
    rng = random.Random(5)
    cases = []
    for i in range(N):
        court = i % 3 != 0
        disposal = "dto" if i in (4, 17) else ("referral-order" if court else "youth-caution")
        cases.append(
            Case(
                service=service,
                reference=f"{REF_PREFIX}-{i:04d}",
                case_manager=staff[i % 4],
                team=staff[i % 4].team,
                disposal_type=disposal,
                disposal_category="court" if court else "out-of-court",
                setting="custody" if disposal == "dto" else "community",
                resettlement=disposal == "dto",
                start_date=dt.date(2024, 1, 10) + dt.timedelta(days=rng.randrange(60)),
                sex="female" if i in (2, 11, 23) else "male",
                ethnicity=["white", "white", "black", "asian", "mixed"][i % 5],
                age_at_start=10 if i == 7 else 14 + i % 4,
                rosh=["low", "medium", "high"][i % 3],
            )
        )
    Case.objects.bulk_create(cases)
    users = {
        role: make_user(f"zq-{role}", service, role)
        for role in (Role.QA_LEAD, Role.AUDITOR, Role.BOARD_MEMBER, Role.MANAGER, Role.INSPECTOR)
    }
    audit_round = create_round(
        actor=None,
        service=service,
        framework_edition=get_current_edition(framework_id),
        name="2024 Q1 self-audit",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 3, 31),
        sample_rule="fixed-n",
        requested_size=N,
    )
    draw_sample(actor=None, audit_round=audit_round, seed=7)
    audit_round.refresh_from_db()
    answer_round(audit_round, quality=0.7)
    audit_services.ensure_audits(actor=None, audit_round=audit_round)
    audits = list(
        CaseAudit.objects.filter(round=audit_round).select_related("case").order_by("case_id")
    )
    # Work in progress: its answers must never show in a figure.
    in_progress = audits[:3]
    for audit, status in zip(in_progress, ("draft", "returned", "draft"), strict=True):
        audit.status = status
        audit.save()
    # A case answered only part of a standard: the engine's warning names it.
    partial = audits[5]
    kq = (
        CaseAnswer.objects.filter(audit=partial, question_id__regex=r"^2\.1\.\d+$")
        .order_by("question_id")
        .first()
    )
    if kq is not None:
        kq.delete()
    named = audits[6].case.reference
    JudgementRating.objects.filter(round=audit_round).update(reasons=f"see case {named}")
    if override:
        RatingOverride.objects.create(
            round=audit_round, standard_id="2.1", rating="Good", reason=f"case {named} shows it"
        )
    results.bump(audit_round.pk)
    results.clear_cache()
    return FiguresWorld(
        service=service,
        round=audit_round,
        users=users,
        references=[c.reference for c in cases],
        staff_names=[s.name for s in staff],
        in_progress=in_progress,
    )
