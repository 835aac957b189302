"""A scratch database with one service, its caseload and answered rounds, for the
report benchmarks. Nothing here is timed."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def scratch_database() -> Iterator[None]:
    """Django on a throwaway test database (in-memory SQLite, or test_<name> elsewhere)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjaudit.config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _answer(audit_round: Any, quality: float, rng: random.Random) -> None:
    from yjaudit.audits.case_audits import services as audit_services
    from yjaudit.audits.models import CaseAnswer, CaseAudit, JudgementRating

    fw = audit_round.framework_edition.spec()
    audit_services.ensure_audits(actor=None, audit_round=audit_round)
    done = set(
        CaseAnswer.objects.filter(audit__round=audit_round).values_list("audit_id", "question_id")
    )
    rows = []
    for audit in CaseAudit.objects.filter(round=audit_round).select_related("case"):
        category = audit.case.disposal_category
        for standard in fw.standards:
            if standard.rated_by != "cases" or standard.scope.value not in ("all", category):
                continue
            for kq in standard.key_questions:
                for qid in (kq.id, *(p.id for p in kq.prompts)):
                    if (audit.pk, qid) in done:
                        continue
                    values = [
                        v for v in fw.questions[qid].answer_type.values if v.points is not None
                    ]
                    values.sort(key=lambda v: v.points or 0)
                    value = values[-1] if rng.random() < quality else values[0]
                    rows.append(CaseAnswer(audit=audit, question_id=qid, value=value.value))
    CaseAnswer.objects.bulk_create(rows, batch_size=2000)
    # Only submitted work counts in figures: the reports must have a full round to print.
    CaseAudit.objects.filter(round=audit_round).update(status="submitted")
    for standard in fw.standards:
        scheme = fw.rating_scheme(standard.rating_scheme)
        if standard.rated_by == "judgement" and scheme is not None:
            label = sorted(scheme.bands, key=lambda b: b.lower)[-2].label
            JudgementRating.objects.create(
                round=audit_round, standard_id=standard.id, rating=label, reasons="minutes"
            )


def build(rounds: int, cases: int, code: str = "BENCH") -> Any:
    """`rounds` quarterly rounds of `cases` cases each on HMIP 2021 for service `code`;
    returns the latest."""
    from yjaudit.audits.rounds.services import create_round, draw_sample
    from yjaudit.cases.models import Case
    from yjaudit.frameworks.models import FrameworkEdition
    from yjaudit.frameworks.services import sync_bundled_frameworks
    from yjaudit.organisations.models import Service, StaffMember

    sync_bundled_frameworks(actor=None)
    edition = FrameworkEdition.objects.get(framework_id="hmip-youth-2021", is_current=True)
    service = Service.objects.create(code=code, name=f"{code.title()} YJS", nation="england")
    staff = [StaffMember.objects.create(service=service, name=f"Worker {i}") for i in range(8)]
    rng = random.Random(1)
    start = dt.date(2022, 1, 1)
    Case.objects.bulk_create(
        Case(
            service=service,
            reference=f"{code}-{i:05d}",
            case_manager=staff[i % len(staff)],
            disposal_type=(kind := rng.choice(["referral-order", "yro", "dto", "youth-caution"])),
            disposal_category="out-of-court" if kind == "youth-caution" else "court",
            setting="custody" if kind == "dto" else "community",
            resettlement=kind == "dto",
            start_date=start + dt.timedelta(days=rng.randrange(30)),
            sex=rng.choice(["male", "male", "female"]),
            ethnicity=rng.choice(["white", "black", "asian", "mixed"]),
        )
        for i in range(max(cases * 2, 200))
    )
    latest = None
    for i in range(rounds):
        begin = dt.date(2022 + (i // 4), 3 * (i % 4) + 1, 1)
        r = create_round(
            actor=None,
            service=service,
            framework_edition=edition,
            name=f"{begin.year} Q{i % 4 + 1}",
            kind="self-audit",
            period_start=begin,
            period_end=begin + dt.timedelta(days=85),
            sample_rule="fixed-n",
            requested_size=cases,
        )
        draw_sample(actor=None, audit_round=r, seed=i)
        _answer(r, 0.6 + 0.03 * i, rng)
        latest = r
    assert latest is not None
    return latest
