"""A test stack on loopback: app nodes under gunicorn and Celery workers over ONE PostgreSQL
database and ONE Redis (cache and broker), with production settings.

    python scripts/stack.py up [--database-url URL] [--redis-url URL]   # prints the nodes
    python scripts/stack.py status                                      # readiness of each
    python scripts/stack.py down

or, in tests and benchmarks:

    with Stack(StackConfig(database_url=...)) as stack:
        stack.urls            # {"app1": "http://127.0.0.1:PORT", "app2": ...}
        stack.stop_node("app2")       # SIGTERM: gunicorn finishes in-flight requests
        stack.kill_worker("worker1")  # SIGKILL to the worker and its pool processes

Each app node is its own gunicorn (the production config, `yjaudit.config.gunicorn`) on a
free port, named by `YJAUDIT_NODE_NAME`: it answers with `X-Yjaudit-Node` and writes
`node` on every JSON log line. There is no load balancer: the load generator
(`bench/_load.py`) spreads requests over the nodes itself and, like a balancer's health
check, stops sending to a node whose /readyz fails. Settings are the production ones except
static files, served from the source tree (`bench._audit_settings`: no collectstatic).
Beat runs once, as its own process. Logs and files go to the stack's folder
(`var/stack/` for the command line). docs/deploy.md describes the layout.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # the Host header every node is asked with (one site behind a balancer)
START_SECONDS = 90
STATE_FILE = "stack.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def postgres_reachable(url: str) -> bool:
    where = urlparse(url)
    try:
        socket.create_connection((where.hostname or HOST, where.port or 5432), timeout=2).close()
    except OSError:
        return False
    return True


def redis_reachable(url: str) -> bool:
    where = urlparse(url)
    try:
        socket.create_connection((where.hostname or HOST, where.port or 6379), timeout=2).close()
    except OSError:
        return False
    return True


def _admin_url(database_url: str) -> tuple[str, str]:
    """(URL of the server's `postgres` database, the stack database's name)."""
    where = urlparse(database_url)
    name = where.path.lstrip("/")
    return where._replace(path="/postgres").geturl(), name


def schema_fingerprint() -> str:
    """What a migrated database with frameworks loaded depends on: every migration and
    bundled framework file. A template database is kept per fingerprint."""
    digest = hashlib.sha256()
    src = ROOT / "src" / "yjaudit"
    files = sorted(src.glob("*/migrations/*.py")) + sorted((src / "frameworks").rglob("*.yaml"))
    for path in files:
        digest.update(path.relative_to(src).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def drop_database(database_url: str) -> None:
    import psycopg

    admin, name = _admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class StackConfig:
    database_url: str
    var_dir: Path
    redis_url: str = "redis://127.0.0.1:6379"
    broker_db: int = 10
    cache_db: int = 11
    nodes: int = 2
    workers: int = 2
    web_workers: int = 2  # gunicorn workers per node
    worker_concurrency: int = 1  # Celery pool processes per worker
    beat: bool = True
    env: dict[str, str] = field(default_factory=dict)  # extra settings for every process


@dataclass
class Proc:
    name: str
    role: str  # node / worker / beat
    pid: int
    port: int | None = None
    popen: subprocess.Popen[bytes] | None = None

    def alive(self) -> bool:
        if self.popen is not None:
            return self.popen.poll() is None
        try:
            os.kill(self.pid, 0)
        except OSError:
            return False
        return True


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.var = config.var_dir
        self.secret = secrets.token_urlsafe(60)
        self.procs: dict[str, Proc] = {}
        self.stopped_at: dict[str, float] = {}

    # -- environment -------------------------------------------------------------------

    def redis(self, db: int) -> str:
        return f"{self.config.redis_url.rstrip('/')}/{db}"

    def env(self, node: str | None = None) -> dict[str, str]:
        keep = ("DJANGO_", "DATABASE_", "YJAUDIT_", "CELERY_", "REDIS_", "PROMETHEUS_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(keep)}
        env.update(
            DJANGO_SETTINGS_MODULE="bench._audit_settings",
            DJANGO_SECRET_KEY=self.secret,  # the same on every node: sessions and CSRF
            DJANGO_ALLOWED_HOSTS=HOST,
            DJANGO_CONN_MAX_AGE="60",
            DATABASE_URL=self.config.database_url,
            YJAUDIT_VAR_DIR=str(self.var),
            YJAUDIT_JOB_RESULTS_DIR=str(self.var / "job-results"),  # the shared volume
            YJAUDIT_BROKER_URL=self.redis(self.config.broker_db),
            YJAUDIT_CACHE_URL=self.redis(self.config.cache_db),
            YJAUDIT_LOG_LEVEL="INFO",
            YJAUDIT_METRICS_ALLOWED_IPS=HOST,
            YJAUDIT_WORKERS=str(self.config.web_workers),
            PYTHONPATH=str(ROOT),
        )
        env.update(self.config.env)
        if node:
            env["YJAUDIT_NODE_NAME"] = node
        return env

    def manage(self, *args: str, timeout: float = 600) -> str:
        done = subprocess.run(  # noqa: S603 - our own command
            [sys.executable, "-m", "django", *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)}: {done.stderr[-3000:]}")
        return done.stdout

    def python(self, *args: str, timeout: float = 900) -> str:
        """A Python command with the stack's settings (e.g. the seed step)."""
        done = subprocess.run(  # noqa: S603 - our own command
            [sys.executable, *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"python {' '.join(args)}: {done.stderr[-3000:]}")
        return done.stdout

    # -- life cycle --------------------------------------------------------------------

    def prepare(self, fresh_database: bool = True) -> None:
        """A new database, migrated, frameworks loaded; the stack's Redis databases empty.

        Migrating takes a minute on this machine: the migrated database is kept as a
        template (`<name>_tpl_<fingerprint>`) and copied on the next run, until a
        migration or framework file changes."""
        import psycopg
        import redis

        self.var.mkdir(parents=True, exist_ok=True)
        for db in (self.config.broker_db, self.config.cache_db):
            redis.Redis.from_url(self.redis(db)).flushdb()
        if not fresh_database:
            self.manage("migrate", "--noinput")
            return
        admin, name = _admin_url(self.config.database_url)
        template = f"{name[:40]}_tpl_{schema_fingerprint()}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            found = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", (f"{name[:40]}_tpl_%",)
            ).fetchall()
            for (old,) in found:  # templates of earlier schemas
                if old != template:
                    conn.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
            if any(old == template for (old,) in found):
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                return
            conn.execute(f'CREATE DATABASE "{name}"')
        self.manage("migrate", "--noinput")
        subprocess.run(  # noqa: S603 - our own command
            [str(BIN / "yjaudit"), "frameworks", "load"],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            check=True,
            timeout=300,
        )
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')

    def _spawn(self, name: str, role: str, command: list[str], env: dict[str, str]) -> Proc:
        log = (self.var / f"{name}.log").open("ab")
        # Its own session (process group): kill_worker reaches the pool processes too, and
        # `scripts/stack.py up` can leave the processes running when it exits.
        popen = subprocess.Popen(  # noqa: S603 - our own commands
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        proc = Proc(name, role, popen.pid, popen=popen)
        self.procs[name] = proc
        return proc

    def start(self) -> None:
        self.var.mkdir(parents=True, exist_ok=True)
        (self.var / "job-results").mkdir(exist_ok=True)
        for i in range(1, self.config.nodes + 1):
            name = f"app{i}"
            port = free_port()
            env = self.env(name)
            env["YJAUDIT_BIND"] = f"{HOST}:{port}"
            metrics = self.var / f"metrics-{name}"  # per node, emptied at every start
            shutil.rmtree(metrics, ignore_errors=True)
            metrics.mkdir()
            env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
            gunicorn = [str(BIN / "gunicorn"), "-c", "python:yjaudit.config.gunicorn"]
            self._spawn(name, "node", [*gunicorn, "yjaudit.config.wsgi"], env).port = port
        celery = [sys.executable, "-m", "celery", "-A", "yjaudit.jobs.worker"]
        for i in range(1, self.config.workers + 1):
            name = f"worker{i}"
            command = [*celery, "worker", "-n", f"{name}@%h", "--pool", "prefork"]
            command += ["--concurrency", str(self.config.worker_concurrency)]
            self._spawn(name, "worker", [*command, "--loglevel", "INFO"], self.env(name))
        if self.config.beat:
            schedule = str(self.var / "celerybeat-schedule")
            command = [*celery, "beat", "--schedule", schedule, "--loglevel", "INFO"]
            self._spawn("beat", "beat", command, self.env("beat"))
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        waiting = set(self.procs)
        while waiting:
            for name in sorted(waiting):
                proc = self.procs[name]
                if not proc.alive():
                    raise RuntimeError(f"{name} ended at start:\n{self.log_tail(name)}")
                if self._ready(proc):
                    waiting.discard(name)
            if waiting and time.monotonic() > deadline:
                raise RuntimeError(f"not ready after {START_SECONDS} s: {sorted(waiting)}")
            time.sleep(0.3)

    def _ready(self, proc: Proc) -> bool:
        if proc.role == "node":
            return probe(f"http://{HOST}:{proc.port}/readyz") == 200
        text = self.log_tail(proc.name, 20_000)
        if proc.role == "worker":
            return " ready." in text
        return "beat: Starting" in text

    def log_tail(self, name: str, chars: int = 3000) -> str:
        path = self.var / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    @property
    def urls(self) -> dict[str, str]:
        return {p.name: f"http://{HOST}:{p.port}" for p in self.procs.values() if p.role == "node"}

    def stop_node(self, name: str) -> float:
        """SIGTERM an app node (gunicorn stops listening, finishes in-flight requests).
        Returns the time (time.time()) the signal was sent."""
        at = time.time()
        os.kill(self.procs[name].pid, signal.SIGTERM)
        self.stopped_at[name] = at
        return at

    def kill_worker(self, name: str) -> None:
        """SIGKILL a Celery worker and every process of its group (the node dies)."""
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        popen = self.procs[name].popen
        if popen is not None:
            popen.wait(timeout=10)

    def stop(self, timeout: float = 40) -> None:
        for proc in self.procs.values():
            if proc.alive():
                with contextlib.suppress(OSError):
                    os.kill(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in self.procs.values():
            while proc.alive() and time.monotonic() < deadline:
                time.sleep(0.2)
            if proc.alive():
                with contextlib.suppress(OSError):
                    os.killpg(proc.pid, signal.SIGKILL)
            if proc.popen is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.popen.wait(timeout=5)

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the command line's state file -------------------------------------------------

    def save_state(self) -> None:
        state = {
            "database_url": self.config.database_url,
            "procs": [
                {"name": p.name, "role": p.role, "pid": p.pid, "port": p.port}
                for p in self.procs.values()
            ],
        }
        path = self.var / STATE_FILE
        path.write_text(json.dumps(state, indent=2))
        path.chmod(0o600)

    @classmethod
    def from_state(cls, var_dir: Path) -> Stack:
        state = json.loads((var_dir / STATE_FILE).read_text())
        stack = cls(StackConfig(database_url=state["database_url"], var_dir=var_dir))
        for p in state["procs"]:
            stack.procs[p["name"]] = Proc(p["name"], p["role"], p["pid"], p["port"])
        return stack


def probe(url: str, timeout: float = 2) -> int | None:
    """The status of a GET as the balancer's probe sends it, or None if nothing answered."""
    request = urllib.request.Request(url, headers={"Host": HOST})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return None


# -- command line (scripts/stack.py) -----------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="scripts/stack.py", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["up", "status", "down"])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "YJAUDIT_STACK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yjaudit_stack"
        ),
        help="the stack's PostgreSQL database (created afresh by `up`)",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("YJAUDIT_STACK_REDIS_URL", "redis://127.0.0.1:6379")
    )
    parser.add_argument("--broker-db", type=int, default=10)
    parser.add_argument("--cache-db", type=int, default=11)
    parser.add_argument("--var-dir", type=Path, default=ROOT / "var" / "stack")
    parser.add_argument("--keep-database", action="store_true", help="up: migrate, not recreate")
    args = parser.parse_args(argv)
    var = args.var_dir.resolve()
    if args.command == "up":
        if (var / STATE_FILE).exists() and any(
            p.alive() for p in Stack.from_state(var).procs.values()
        ):
            print(f"a stack is already running ({var / STATE_FILE}); `down` first")
            return 1
        config = StackConfig(
            database_url=args.database_url,
            var_dir=var,
            redis_url=args.redis_url,
            broker_db=args.broker_db,
            cache_db=args.cache_db,
        )
        stack = Stack(config)
        stack.prepare(fresh_database=not args.keep_database)
        try:
            stack.start()
        except Exception:
            stack.stop()
            raise
        stack.save_state()
        for name, url in stack.urls.items():
            print(f"{name} {url}")
        print(f"logs in {var}; `python scripts/stack.py down` stops it")
        return 0
    if not (var / STATE_FILE).exists():
        print("no stack here")
        return 1 if args.command == "status" else 0
    stack = Stack.from_state(var)
    if args.command == "status":
        bad = 0
        for proc in stack.procs.values():
            state = "running" if proc.alive() else "stopped"
            line = f"{proc.name:8} {proc.role:6} pid {proc.pid:<7} {state}"
            if proc.role == "node":
                status = probe(f"http://{HOST}:{proc.port}/readyz")
                line += f"  http://{HOST}:{proc.port}  /readyz {status or 'no answer'}"
                bad += status != 200
            bad += not proc.alive()
            print(line)
        return 1 if bad else 0
    stack.stop()
    (var / STATE_FILE).unlink()
    print("stopped")
    return 0
