"""Seed a stack's database in bulk: services, rounds of case audits with every answer, and
users who sign in with a password and a TOTP code whose secret the load generator knows.

    python -m bench._seed --services 155 --rounds 8 --cases 30 --auditors 40 \
        --inspectors 10 --out world.json      # with the stack's environment (Stack.python)

Realistic sizes, written the fast way (bulk inserts; the answers through PostgreSQL's
COPY), not through the services: the figures are what matter here, not an audit trail of
the seed. Each service has a team, four case managers and twice `--cases` cases; each
round samples `--cases` of them on the HMIP 2021 framework, every visible question
answered. A service's earlier rounds are closed and signed off; its latest is in
progress: its first half submitted (so its results have figures), the rest drafts, shared
out among the service's auditors (answer saves). Inspectors hold the inspector role in
every service (the inspectorate's national view). Writes the world (users, their TOTP
keys, audits, rounds) as JSON for `bench/_load.py`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import random
import time
from pathlib import Path
from typing import Any

FRAMEWORK = "hmip-youth-2021"
PASSWORD = "stack-load-password-" + "7" * 8


def answer(rng: random.Random, codes: list[str]) -> str:
    """One of the question's answers, mostly a rated one (yes more often than no)."""
    rated = [c for c in codes if c != "na"] or codes
    return "yes" if "yes" in rated and rng.random() < 0.5 else rng.choice(rated)


def totp_key(email: str) -> str:
    """A user's TOTP secret (hex, 20 bytes), derived from the address: known to the load."""
    return hashlib.sha1(f"yjaudit-stack:{email}".encode()).hexdigest()  # noqa: S324 - a seed


def seed(
    services: int, rounds: int, cases: int, auditors: int, inspectors: int, seed: int = 7
) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from yjaudit.audits.case_audits import selectors as audit_selectors
    from yjaudit.audits.models import (
        AuditRound,
        AuditStatus,
        CaseAudit,
        RoundAnswersVersion,
        SampledCase,
    )
    from yjaudit.cases.models import Case
    from yjaudit.frameworks.selectors import get_current_edition
    from yjaudit.organisations.models import RoleGrant, Service, StaffMember, Team

    rng = random.Random(seed)
    started = time.monotonic()
    edition = get_current_edition(FRAMEWORK)
    User = get_user_model()
    now = timezone.now()
    with transaction.atomic():
        svc = Service.objects.bulk_create(
            Service(code=f"S{i:03d}", name=f"Service {i:03d}", nation="england")
            for i in range(services)
        )
        teams = Team.objects.bulk_create(Team(service=s, name="North") for s in svc)
        staff = StaffMember.objects.bulk_create(
            StaffMember(service=s, team=t, name=f"Worker {s.code}-{k}")
            for s, t in zip(svc, teams, strict=True)
            for k in range(4)
        )
        case_rows = []
        for n, (s, t) in enumerate(zip(svc, teams, strict=True)):
            for i in range(cases * 2):
                court = i % 5 < 3
                case_rows.append(
                    Case(
                        service=s,
                        reference=f"{s.code}-{i:04d}",
                        team=t,
                        case_manager=staff[n * 4 + i % 4],
                        disposal_type=("dto" if i % 10 == 0 else "yro")
                        if court
                        else "youth-caution",
                        disposal_category="court" if court else "out-of-court",
                        setting="custody" if court and i % 10 == 0 else "community",
                        start_date=dt.date(2023, 1, 1) + dt.timedelta(days=i * 7),
                        sex=rng.choice(["male"] * 6 + ["female"]),
                        ethnicity=rng.choice(["white", "white", "black", "asian", "mixed"]),
                        rosh=rng.choice(["low", "medium", "high"]),
                    )
                )
        all_cases = Case.objects.bulk_create(case_rows, batch_size=5000)
        by_service: dict[int, list[Any]] = {}
        for c in all_cases:
            by_service.setdefault(c.service_id, []).append(c)
        round_rows = []
        for s in svc:
            for r in range(rounds):
                start = dt.date(2023, 1, 1) + dt.timedelta(days=91 * r)
                latest = r == rounds - 1
                round_rows.append(
                    AuditRound(
                        service=s,
                        framework_edition=edition,
                        name=f"{s.name} round {r + 1}",
                        kind="self-audit",
                        period_start=start,
                        period_end=start + dt.timedelta(days=90),
                        sample_rule="fixed-n",
                        requested_size=cases,
                        status="in-progress" if latest else "closed",
                        sampled_at=now,
                    )
                )
        all_rounds = AuditRound.objects.bulk_create(round_rows, batch_size=5000)
        samples = []
        for a in all_rounds:
            pool = by_service[a.service_id]
            chosen = rng.sample(pool, cases)
            samples += [
                SampledCase(round=a, case=c, stratum="all", position=i + 1)
                for i, c in enumerate(chosen)
            ]
        samples = SampledCase.objects.bulk_create(samples, batch_size=5000)
        latest_ids = {a.pk for i, a in enumerate(all_rounds) if i % rounds == rounds - 1}
        audit_rows = []
        for sc in samples:
            if sc.round_id in latest_ids:
                status = AuditStatus.SUBMITTED if sc.position <= cases // 2 else AuditStatus.DRAFT
            else:
                status = AuditStatus.SIGNED_OFF
            audit_rows.append(
                CaseAudit(round_id=sc.round_id, sampled_case=sc, case_id=sc.case_id, status=status)
            )
        audits = CaseAudit.objects.bulk_create(audit_rows, batch_size=5000)
        RoundAnswersVersion.objects.bulk_create(
            RoundAnswersVersion(round=a, version=1) for a in all_rounds
        )
        # Which questions a case is asked depends on its attributes: one layout per profile.
        case_of = {c.pk: c for c in all_cases}
        layouts: dict[tuple[str, ...], list[tuple[str, list[tuple[str, list[str]]]]]] = {}
        for audit in audits:
            case = case_of[audit.case_id]
            key = (case.disposal_type, case.disposal_category, case.setting, case.rosh)
            if key not in layouts:
                fresh = CaseAudit.objects.select_related("round", "case").get(pk=audit.pk)
                layouts[key] = [
                    (s.id, [(q.id, [c for c, _label in q.values]) for q in s.visible])
                    for s in audit_selectors.audit_layout(fresh)
                ]
        buffer = io.StringIO()
        answers = 0
        stamp = now.isoformat()
        for audit in audits:
            case = case_of[audit.case_id]
            key = (case.disposal_type, case.disposal_category, case.setting, case.rosh)
            for _sid, questions in layouts[key]:
                for q, codes in questions:
                    buffer.write(f"{audit.pk}\t{q}\t{answer(rng, codes)}\t\tf\t{stamp}\n")
                    answers += 1
        with connection.cursor() as cursor:
            table = "audits_caseanswer"
            columns = "(audit_id, question_id, value, note, by_rule, updated_at)"
            with cursor.connection.cursor().copy(f"COPY {table} {columns} FROM STDIN") as copy:
                copy.write(buffer.getvalue())
        # Users: one password hash for all (hashing is slow by design), known TOTP keys.
        password = make_password(PASSWORD)
        people = [(f"auditor{u}@stack.example", "auditor") for u in range(auditors)]
        people += [(f"inspector{u}@stack.example", "inspector") for u in range(inspectors)]
        users = User.objects.bulk_create(
            User(username=email, email=email, password=password, first_name=role)
            for email, role in people
        )
        TOTPDevice.objects.bulk_create(
            TOTPDevice(user=u, name="stack", confirmed=True, key=totp_key(u.username))
            for u in users
        )
        grants = []
        latest_by_service = {a.service_id: a for a in all_rounds if a.pk in latest_ids}
        drafts: dict[int, list[CaseAudit]] = {}
        for audit in audits:
            if audit.round_id in latest_ids and audit.status == AuditStatus.DRAFT:
                drafts.setdefault(audit.round_id, []).append(audit)
        world_users = []
        per_service: dict[int, int] = {}
        for u, (email, role) in zip(users, people, strict=True):
            entry: dict[str, Any] = {"email": email, "key": totp_key(email), "role": role}
            if role == "auditor":
                s = svc[int(email[7:].split("@")[0]) % services]
                slot = per_service.get(s.pk, 0)
                per_service[s.pk] = slot + 1
                grants.append(RoleGrant(user=u, service=s, role="auditor"))
                current = latest_by_service[s.pk]
                mine = drafts[current.pk][slot :: max(1, -(-auditors // services))]
                entry["round"] = current.pk
                entry["audits"] = [
                    {
                        "pk": a.pk,
                        "version": a.version,
                        "standards": layouts[
                            (
                                case_of[a.case_id].disposal_type,
                                case_of[a.case_id].disposal_category,
                                case_of[a.case_id].setting,
                                case_of[a.case_id].rosh,
                            )
                        ],
                    }
                    for a in mine
                ]
            else:
                grants += [RoleGrant(user=u, service=s, role="inspector") for s in svc]
                entry["rounds"] = [a.pk for a in all_rounds]  # any round of any service
            world_users.append(entry)
        RoleGrant.objects.bulk_create(grants, batch_size=5000)
    return {
        "password": PASSWORD,
        "users": world_users,
        "services": services,
        "rounds": len(all_rounds),
        "case_audits": len(audits),
        "answers": answers,
        "seconds": round(time.monotonic() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._seed")
    parser.add_argument("--services", type=int, default=155)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--cases", type=int, default=30)
    parser.add_argument("--auditors", type=int, default=40)
    parser.add_argument("--inspectors", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    world = seed(args.services, args.rounds, args.cases, args.auditors, args.inspectors)
    args.out.write_text(json.dumps(world))
    print(
        f"seeded {world['services']} services, {world['rounds']} rounds, "
        f"{world['case_audits']} case audits, {world['answers']} answers "
        f"in {world['seconds']} s"
    )


if __name__ == "__main__":
    main()
