"""Answer saves on the embedded deployment, as `make run` serves it (issue 9.3).

SQLite, the demo settings, and Django's threaded development server (what `runserver`
runs, without the reloader) in this process; 20 signed-in auditors each save answers
one after another as fast as the page's autosave sends them (the next as soon as the
last is answered), on their own case audit of a hmip-youth-2021 round.

    BENCH embedded-save-p50 / -p95   one autosave request (seconds)
    BENCH embedded-save-errors       failed saves (must be 0) and answers checked stored

The reference is the same run, in the same process, on a copy of the same database with
SQLite's defaults (rollback journal, deferred transactions, 5 s timeout): what the
product shipped before. `ratio` is reference / ours. After each run every answer the
server said it saved is read back from the database: ours must have stored all of them
and had no failed save. Runs in a child process with a scratch database folder.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
USERS = 20
SAVES_PER_USER = 8
TIME_LIMIT_S = 60
FRAMEWORK = "hmip-youth-2021"


def run(quick: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="yjaudit-bench-") as var:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            DJANGO_SETTINGS_MODULE="yjaudit.config.settings.demo",
            YJAUDIT_VAR_DIR=var,
            YJAUDIT_BENCH_QUICK="1" if quick else "",
        )
        code = subprocess.call(
            [sys.executable, "-c", "from bench.embedded_saves import main; main()"],
            cwd=ROOT,
            env=env,
            timeout=TIME_LIMIT_S * 3,
        )
    assert code == 0, f"embedded save bench failed (exit {code})"


# -- the world (not timed) -------------------------------------------------------------


def _build_world() -> dict[str, Any]:
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings

    from yjaudit.accounts.testing import make_user, verified_login
    from yjaudit.audits.case_audits import selectors as audit_selectors
    from yjaudit.audits.case_audits import services as audit_services
    from yjaudit.audits.models import AuditRound, CaseAudit, SampledCase
    from yjaudit.cases.models import Case
    from yjaudit.frameworks.selectors import get_current_edition
    from yjaudit.frameworks.services import sync_bundled_frameworks
    from yjaudit.organisations.models import Service, StaffMember, Team

    call_command("migrate", verbosity=0, interactive=False)
    sync_bundled_frameworks(actor=None)
    service = Service.objects.create(code="EMB", name="Embedded YJS", nation="england")
    team = Team.objects.create(service=service, name="North")
    worker = StaffMember.objects.create(service=service, team=team, name="W")
    audit_round = AuditRound.objects.create(
        service=service,
        framework_edition=get_current_edition(FRAMEWORK),
        name="Embedded round",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="fixed-n",
        requested_size=USERS,
        status="in-progress",
    )
    for i in range(USERS):
        case = Case.objects.create(
            service=service,
            reference=f"EMB-{i:03d}",
            team=team,
            case_manager=worker,
            disposal_type="yro",
            disposal_category="court",
            setting="community",
            start_date=dt.date(2024, 1, 1) + dt.timedelta(days=i),
            sex="male",
            ethnicity="white",
            rosh="medium",
        )
        SampledCase.objects.create(round=audit_round, case=case, stratum="x", position=i + 1)
    audit_services.ensure_audits(actor=None, audit_round=audit_round)
    audits = list(CaseAudit.objects.filter(round=audit_round).order_by("pk"))
    plan = []
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # set-up only: never signed in
    for u, audit in enumerate(audits):
        with override_settings(PASSWORD_HASHERS=fast):
            user = make_user(f"auditor{u}@embedded.example", service=service, roles=["auditor"])
        client = Client()
        verified_login(client, user)
        layout = audit_selectors.audit_layout(audit)
        plan.append(
            {
                "pk": audit.pk,
                "version": audit.version,
                "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "questions": [(s.id, q.id) for s in layout for q in s.visible],
            }
        )
    return {"plan": plan, "session_cookie": settings.SESSION_COOKIE_NAME}


# -- the load --------------------------------------------------------------------------


class Auditor(threading.Thread):
    """One person with the answering page open: each change saved by the page's script,
    one request at a time, the version and base taken from the last answer."""

    def __init__(self, port: int, world: dict[str, Any], index: int, saves: int):
        super().__init__(daemon=True)
        self.port, self.saves = port, saves
        self.audit = dict(world["plan"][index])
        self.index = index
        self.cookies = {world["session_cookie"]: self.audit["cookie"]}
        self.timings: list[float] = []
        self.errors: list[str] = []
        self.saved: dict[str, tuple[str, str]] = {}  # what the server said it stored
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: bytes | None = None, **headers: str) -> Any:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {"Host": f"127.0.0.1:{self.port}", "Cookie": cookie, **headers}
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        finally:
            self.conn.close()  # the development server closes after each response
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                k, _, rest = value.partition("=")
                self.cookies[k.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def run(self) -> None:
        try:
            self._run()
        except Exception as exc:  # an error, never a crash hiding the others
            self.errors.append(f"auditor {self.index}: {type(exc).__name__}: {exc}")

    def _run(self) -> None:
        import json

        sid = self.audit["questions"][0][0]
        page_path = f"/audits/{self.audit['pk']}/standard/{sid}/"
        status, page = self.request("GET", page_path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            self.errors.append(f"auditor {self.index}: answering page {status}")
            return
        token = match.group(1).decode()
        base: dict[str, tuple[str, str]] = {}
        origin = f"http://127.0.0.1:{self.port}"
        for i in range(self.saves):
            sid, qid = self.audit["questions"][i % len(self.audit["questions"])]
            value, note = ("yes", "no")[(i + self.index) % 2], f"auditor {self.index} save {i}"
            was = base.get(qid, ("", ""))
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "version": self.audit["version"],
                    f"answer-{qid}": value,
                    f"note-{qid}": note,
                    f"base-{qid}": was[0],
                    f"basenote-{qid}": was[1],
                }
            ).encode()
            started = time.perf_counter()
            status, data = self.request(
                "POST",
                f"/audits/{self.audit['pk']}/standard/{sid}/save/",
                body,
                **{
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                    "Origin": origin,
                    "Referer": origin + page_path,
                },
            )
            self.timings.append(time.perf_counter() - started)
            if status == 200 and json.loads(data).get("ok") is True:
                self.audit["version"] = json.loads(data)["version"]
                base[qid] = self.saved[qid] = (value, note)
            else:
                first_line = data[:120].decode(errors="replace").splitlines()[:1]
                self.errors.append(f"save {status}: {first_line}")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def _quiet_handler() -> Any:
    from django.core.servers.basehttp import WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Quiet


def _phase(world: dict[str, Any], saves: int) -> dict[str, Any]:
    """Serve the app as runserver does (threads, one per request) and run the auditors."""
    from django.core.servers.basehttp import ThreadedWSGIServer, get_internal_wsgi_application
    from django.db import connections

    from yjaudit.audits.models import CaseAnswer

    server = ThreadedWSGIServer(("127.0.0.1", 0), _quiet_handler())
    server.set_app(get_internal_wsgi_application())
    port = server.server_address[1]
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        auditors = [Auditor(port, world, i, saves) for i in range(USERS)]
        started = time.perf_counter()
        for a in auditors:
            a.start()
        deadline = time.monotonic() + TIME_LIMIT_S
        for a in auditors:
            a.join(max(0.0, deadline - time.monotonic()))
        elapsed = time.perf_counter() - started
        unfinished = sum(1 for a in auditors if a.is_alive())
    finally:
        server.shutdown()
        server.server_close()
    # Every answer the server said it saved is in the database, as the last save left it.
    missing = 0
    checked = 0
    for a in auditors:
        stored = {
            r.question_id: (r.value, r.note)
            for r in CaseAnswer.objects.filter(audit_id=a.audit["pk"], question_id__in=a.saved)
        }
        checked += len(a.saved)
        missing += sum(1 for q, want in a.saved.items() if stored.get(q) != want)
    connections.close_all()
    timings = [t for a in auditors for t in a.timings]
    return {
        "timings": timings,
        "errors": [e for a in auditors for e in a.errors],
        "unfinished": unfinished,
        "elapsed": elapsed,
        "checked": checked,
        "missing": missing,
    }


def main() -> None:
    import logging

    import django

    django.setup()
    from django.db import connections

    # The reference's failed saves are counted below, not logged one by one.
    logging.disable(logging.ERROR)

    quick = bool(os.environ.get("YJAUDIT_BENCH_QUICK"))
    saves = 3 if quick else SAVES_PER_USER
    config = connections.settings["default"]
    assert config["ENGINE"] == "django.db.backends.sqlite3", "the embedded bench needs SQLite"
    ours_options, ours_name = dict(config["OPTIONS"]), config["NAME"]
    reference_name = str(Path(ours_name).with_name("reference.sqlite3"))

    # One world, built with SQLite's defaults, copied for the reference before ours
    # turns on WAL (the journal mode is kept in the file).
    connections.close_all()
    config["OPTIONS"] = {}
    world = _build_world()
    connections.close_all()
    shutil.copyfile(ours_name, reference_name)

    config["NAME"] = reference_name
    reference = _phase(world, saves)
    config["NAME"], config["OPTIONS"] = ours_name, ours_options
    ours = _phase(world, saves)

    p50, p95 = _percentile(ours["timings"], 50), _percentile(ours["timings"], 95)
    r50, r95 = _percentile(reference["timings"], 50), _percentile(reference["timings"], 95)
    # The reference's times include its failed saves, which fail fast ("database is
    # locked"): the stored saves per second compare what each run actually kept.
    note = f"n={len(ours['timings'])} users={USERS} sqlite=wal+immediate"
    print(f"BENCH embedded-save-p50 {p50:.3f} s ratio={r50 / p50:.1f} {note}", flush=True)
    print(f"BENCH embedded-save-p95 {p95:.3f} s ratio={r95 / p95:.1f} {note}", flush=True)
    kept = (ours["checked"] - ours["missing"]) / ours["elapsed"]
    kept_ref = (reference["checked"] - reference["missing"]) / reference["elapsed"]
    print(
        f"BENCH embedded-saves-stored-per-s {kept:.1f} ratio={kept / max(kept_ref, 1e-9):.1f} "
        f"(reference {kept_ref:.1f}/s)",
        flush=True,
    )
    print(
        f"BENCH embedded-save-errors errors={len(ours['errors'])} "
        f"stored={ours['checked'] - ours['missing']}/{ours['checked']} "
        f"reference_errors={len(reference['errors'])} "
        f"reference_stored={reference['checked'] - reference['missing']}/{reference['checked']} "
        f"seconds={ours['elapsed']:.1f} reference_seconds={reference['elapsed']:.1f}",
        flush=True,
    )
    for e in ours["errors"][:5]:
        print(f"  error: {e}", file=sys.stderr, flush=True)
    assert not ours["unfinished"], f"{ours['unfinished']} auditors did not finish in time"
    assert not ours["errors"], f"{len(ours['errors'])} failed saves"
    assert ours["missing"] == 0, f"{ours['missing']} answers said saved are not stored"
