"""The national picture on the loopback stack (issue 15): 155 services with eight rounds
each in PostgreSQL, two app nodes and two workers (bench/_stack.py), 50 people at once.

    BENCH national-list-p50 / -p95     the inspectorate's cross-service results page,
                                       /benchmarks/national/: every service's latest results
    BENCH national-reports-p50 / -p95  the list of round reports, /reports/ (paged)
    BENCH national-results-p50 / -p95  a round's results page, any service's (inspectors
                                       and auditors)
    BENCH national-save-p50 / -p95     a standard's answers saved in a case audit
    BENCH national-throughput          requests answered per second (and with one node)
    BENCH-NODE ...                     per node: requests, errors, p50/p95
    BENCH national-solo-<kind>-p50     one request at a time (no queue): the service time

`ratio=` is the same load against ONE node of the same stack (run just after, same
people, same seconds) divided by the two-node figure: what the second node buys. On this
2-core machine both nodes share the CPUs with PostgreSQL, so expect little.

The people: 40 auditors (one per service for the first 40 services), each saving the
answers of a standard in their draft case audits and now and then opening their round's
results; 10 inspectors holding the inspector role in all 155 services, opening the list
of every round's reports and the results of rounds anywhere. Each waits 2-6 s between
requests (people reading a page), signs in through the sign-in form and its TOTP code.

Sizes: YJAUDIT_BENCH_NATIONAL_SERVICES (155), _ROUNDS (8), _CASES (30 per round),
_USERS (50), _SECONDS (60 per phase); `--quick` or YJAUDIT_BENCH_NATIONAL_SIZE=small: 12
services, 20 users, 20 s. Needs PostgreSQL (YJAUDIT_BENCH_PG, default 127.0.0.1:5432;
database YJAUDIT_BENCH_NATIONAL_DB, default yjaudit_bench_national, kept as a template
after migrating and dropped at the end) and Redis (YJAUDIT_STACK_REDIS_URL, databases
10 and 11, or YJAUDIT_BENCH_NATIONAL_BROKER_DB and _CACHE_DB: both are emptied); without
either it prints a BENCH-SKIP line.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import _load, _stack

PG = os.environ.get("YJAUDIT_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
REDIS = os.environ.get("YJAUDIT_STACK_REDIS_URL", "redis://127.0.0.1:6379")
# Between two requests a person reads the page or answers the next questions (seconds).
THINK_S = (2.0, 6.0)
SOLO_REQUESTS = 8  # per kind of request, one at a time on an idle stack: the service time


def _size(quick: bool) -> dict[str, int]:
    small = quick or os.environ.get("YJAUDIT_BENCH_NATIONAL_SIZE") == "small"
    defaults = {"services": 12, "users": 20, "seconds": 20} if small else {}

    def value(name: str, default: int) -> int:
        return int(
            os.environ.get(f"YJAUDIT_BENCH_NATIONAL_{name.upper()}", defaults.get(name, default))
        )

    return {
        "services": value("services", 155),
        "rounds": value("rounds", 8),
        "cases": value("cases", 30),
        "users": value("users", 50),
        "seconds": value("seconds", 60),
    }


def _p(result: _load.LoadResult, kind: str, p: float) -> float:
    return _load.percentile(result.timings(kind), p)


def run(quick: bool = False) -> None:
    name = os.environ.get("YJAUDIT_BENCH_NATIONAL_DB", "yjaudit_bench_national")
    database_url = f"{PG.rstrip('/')}/{name}"
    if not _stack.postgres_reachable(database_url):
        print(f"BENCH-SKIP national: no PostgreSQL at {PG}", flush=True)
        return
    if not _stack.redis_reachable(REDIS):
        print(f"BENCH-SKIP national: no Redis at {REDIS}", flush=True)
        return
    size = _size(quick)
    inspectors = max(1, size["users"] // 5)
    auditors = size["users"] - inspectors
    with tempfile.TemporaryDirectory(prefix="yjaudit-national-") as tmp:
        config = _stack.StackConfig(
            database_url=database_url,
            var_dir=Path(tmp) / "stack",
            redis_url=REDIS,
            # Redis databases of its own (the bench empties them), e.g. beside other users.
            broker_db=int(os.environ.get("YJAUDIT_BENCH_NATIONAL_BROKER_DB", "10")),
            cache_db=int(os.environ.get("YJAUDIT_BENCH_NATIONAL_CACHE_DB", "11")),
        )
        stack = _stack.Stack(config)
        try:
            stack.prepare()
            started = time.monotonic()
            world_file = Path(tmp) / "world.json"
            out = stack.python(
                "-m", "bench._seed",
                "--services", str(size["services"]), "--rounds", str(size["rounds"]),
                "--cases", str(size["cases"]), "--auditors", str(auditors),
                "--inspectors", str(inspectors), "--out", str(world_file),
            )  # fmt: skip
            world: dict[str, Any] = json.loads(world_file.read_text())
            print(
                f"BENCH national-seed {time.monotonic() - started:.1f} s "
                f"({out.strip().splitlines()[-1]})",
                flush=True,
            )
            with stack:
                _measure(stack, world, size)
        finally:
            stack.stop()
            _stack.drop_database(database_url)


def _measure(stack: _stack.Stack, world: dict[str, Any], size: dict[str, int]) -> None:
    urls = stack.urls
    one = {"app1": urls["app1"]}
    # Warm both nodes (templates, frameworks, first scores) and sign everybody in once.
    warm = _load.run_load(urls, world, 20, think=THINK_S)
    if warm.signed_in < len(world["users"]):
        raise AssertionError(f"sign-in failed: {warm.problems[:5]}")
    _prime(urls, world, warm.cookies)
    _solo(urls, world, warm.cookies)
    # Two nodes first: the one-node reference then runs on caches at least as warm, so the
    # ratio, if anything, understates what the second node buys.
    ours = _load.run_load(urls, world, size["seconds"], think=THINK_S, cookies=warm.cookies)
    reference = _load.run_load(one, world, size["seconds"], think=THINK_S, cookies=warm.cookies)
    users = len(world["users"])
    note = f"users={users} services={size['services']} rounds={world['rounds']}"
    kinds = (("list", "national"), ("reports", "reports"), ("results", "results"), ("save", "save"))
    for label, kind in kinds:
        for p in (50, 95):
            value, ref = _p(ours, kind, p), _p(reference, kind, p)
            n = len(ours.timings(kind))
            print(
                f"BENCH national-{label}-p{p} {value:.3f} s ratio={ref / value:.2f} n={n} {note}",
                flush=True,
            )
    rate = len(ours.attempts) / (ours.ended - ours.started)
    ref_rate = len(reference.attempts) / (reference.ended - reference.started)
    print(f"BENCH national-throughput {rate:.1f} req/s one-node={ref_rate:.1f} req/s", flush=True)
    for line in ours.lines():
        print(f"BENCH-NODE two nodes: {line}", flush=True)
    for line in reference.lines():
        print(f"BENCH-NODE one node: {line}", flush=True)
    problems = ours.problems + reference.problems
    for problem in problems[:10]:
        print(f"  problem: {problem}", flush=True)
    errors = len(ours.errors()) + len(reference.errors())
    assert not errors and not problems, f"{errors} errors, {len(problems)} wrong answers"


def _prime(urls: dict[str, str], world: dict[str, Any], cookies: list[dict[str, str]]) -> None:
    """Open the results across services until every round's summary is in the shared
    cache (each request scores for a bounded time): what the first reader after a
    deployment, or after many rounds changed, waits through, reload by reload."""
    inspector = next(i for i, u in enumerate(world["users"]) if u["role"] == "inspector")
    balancer = _load.Balancer(urls)
    user = _load.VirtualUser(
        inspector, world["users"][inspector], "", balancer, _load.Recorder(), lambda: True,
        (0, 0), [],
    )  # fmt: skip
    user.session.cookies = dict(cookies[inspector])
    started = time.monotonic()
    n = 0
    while n < 100:
        n += 1
        r = user.session.request("national", "GET", "/benchmarks/national/")
        if r.status == 200 and b"still being prepared" not in r.body:
            break
    print(
        f"BENCH national-prime {time.monotonic() - started:.1f} s requests={n} "
        "(until every round is summarised, after the 20 s warm-up)",
        flush=True,
    )


def _solo(urls: dict[str, str], world: dict[str, Any], cookies: list[dict[str, str]]) -> None:
    """Each kind of request alone, one after another: what it costs without a queue."""
    auditor = next(i for i, u in enumerate(world["users"]) if u["role"] == "auditor")
    inspector = next(i for i, u in enumerate(world["users"]) if u["role"] == "inspector")
    timings: dict[str, list[float]] = {}
    for index in (auditor, inspector):
        balancer = _load.Balancer(urls)
        recorder = _load.Recorder()
        user = _load.VirtualUser(
            index, world["users"][index], "", balancer, recorder, lambda: True, (0, 0), []
        )
        user.session.cookies = dict(cookies[index])
        for _ in range(SOLO_REQUESTS * 2):
            user.step()
        for a in recorder.attempts:
            timings.setdefault(a.kind, []).append(a.seconds)
    for kind, values in sorted(timings.items()):
        print(
            f"BENCH national-solo-{kind}-p50 {_load.percentile(values, 50):.3f} s n={len(values)}",
            flush=True,
        )
