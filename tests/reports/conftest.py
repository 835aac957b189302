import datetime as dt
from typing import Any

import pytest

from cases.factories import make_user
from yjaudit.audits.case_audits.round_scores import clear_cache
from yjaudit.audits.rounds.services import create_round, draw_sample
from yjaudit.cases.models import Case
from yjaudit.frameworks.models import FrameworkEdition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.organisations.models import Role, Service, StaffMember, Team

from .answering import answer_round


@pytest.fixture(autouse=True)
def fresh_results(settings: Any) -> Any:
    """Reports read rounds through the case-audit app's own round_score."""
    settings.YJAUDIT_REPORT_ROUND_SCORE = "yjaudit.audits.case_audits.round_scores.round_score"
    settings.YJAUDIT_REPORT_BENCHMARKS_FILE = ""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def editions(db: Any) -> dict[str, FrameworkEdition]:
    sync_bundled_frameworks(actor=None)
    return {e.framework_id: e for e in FrameworkEdition.objects.filter(is_current=True)}


def make_caseload(
    service: Service, n: int, year: int, staff: list[StaffMember], seed: int = 1
) -> None:
    import random

    rng = random.Random(seed)
    cases = []
    for i in range(n):
        court = rng.random() < 0.6
        disposal = rng.choice(
            ["referral-order", "yro", "dto"] if court else ["youth-caution", "community-resolution"]
        )
        cases.append(
            Case(
                service=service,
                reference=f"{service.code}-{year}-{i:04d}",
                case_manager=staff[i % len(staff)],
                disposal_type=disposal,
                disposal_category="court" if court else "out-of-court",
                setting="custody" if disposal == "dto" else "community",
                resettlement=disposal == "dto",
                start_date=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(300)),
                sex="male" if rng.random() < 0.85 else "female",
                ethnicity=rng.choice(["white", "white", "white", "black", "asian", "mixed"]),
                rosh=rng.choice(["low", "low", "medium", "high"]),
            )
        )
    Case.objects.bulk_create(cases)


class World:
    def __init__(self, editions: dict[str, FrameworkEdition]):
        self.editions = editions
        self.services: dict[str, Service] = {}
        self.staff: dict[str, list[StaffMember]] = {}
        self.managers: dict[str, StaffMember] = {}
        self.years: set[tuple[str, int]] = set()

    def service(self, code: str, name: str | None = None) -> Service:
        if code not in self.services:
            svc = Service.objects.create(
                code=code, name=name or f"{code.title()} YJS", nation="england"
            )
            team = Team.objects.create(service=svc, name="North")
            manager = StaffMember.objects.create(
                service=svc, team=team, name=f"Morgan Lead {code}", role="operational_manager"
            )
            staff = [
                StaffMember.objects.create(
                    service=svc, team=team, name=f"Case Manager {code} {i}", line_manager=manager
                )
                for i in range(1, 5)
            ]
            self.services[code] = svc
            self.staff[code] = staff
            self.managers[code] = manager
        return self.services[code]

    def caseload(self, code: str, year: int) -> None:
        key = (code, year)
        if key not in self.years:
            self.years.add(key)
            make_caseload(self.services[code], 130, year, self.staff[code], seed=year)

    def round(
        self,
        code: str,
        framework_id: str = "hmip-youth-2021",
        *,
        year: int = 2024,
        quarter: int = 4,
        size: int = 20,
        quality: float = 0.75,
        kind: str = "self-audit",
        name: str | None = None,
        note: str = "",
        answered: bool = True,
    ) -> Any:
        svc = self.service(code)
        self.caseload(code, year)
        start = dt.date(year, 3 * (quarter - 1) + 1, 1)
        end = dt.date(year, 3 * quarter, 28)
        r = create_round(
            actor=None,
            service=svc,
            framework_edition=self.editions[framework_id],
            name=name or f"{year} Q{quarter} {kind}",
            kind=kind,
            period_start=start,
            period_end=end,
            sample_rule="fixed-n",
            requested_size=size,
        )
        draw_sample(actor=None, audit_round=r, seed=year * 10 + quarter)
        r.refresh_from_db()
        if answered:
            answer_round(r, quality=quality, note=note)
        return r


@pytest.fixture
def world(editions: dict[str, FrameworkEdition]) -> World:
    return World(editions)


@pytest.fixture
def qa_user(world: World) -> Any:
    return make_user("qa-reports", world.service("DERBY", "Derby YJS"), role=Role.QA_LEAD)
