"""A load generator for the loopback stack: standard library threads and http.client.

Each virtual user signs in as a person would (the sign-in form, then the six-digit code
of the authenticator app, computed from the TOTP key the seed gave it: RFC 6238), then
works for the given time: auditors save a standard's answers in their case audits (the
answering page's JSON save), open an answering page now and then and their round's
results; inspectors open the results across services (`/benchmarks/national/`), the list
of round reports (`/reports/`, paged) and the results of rounds in any service.

There is no load balancer in the stack, so this spreads requests over the nodes itself,
round robin, as a balancer would: a probe thread asks each node's /readyz every half
second and only nodes answering 200 get requests. Every failed attempt is counted as an
error of its node. A connection refused (the request never reached the node) is sent to
another node, as a balancer does; so is a GET whose connection closed without an answer
(nginx's `proxy_next_upstream error`); a POST whose connection closed, a timeout, or a
5xx is not retried (the request may have run) and is counted as lost.

Every attempt is recorded (node, kind, start time, duration, status or error), so the
caller can report per node: requests, errors, p50/p95, and when the errors happened.
"""

from __future__ import annotations

import hmac
import http.client
import itertools
import json
import random
import struct
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HOST = "127.0.0.1"
ORIGIN = f"https://{HOST}"  # as the TLS-ending proxy presents the site
TIMEOUT_S = 60
# People arrive over a minute, not in the same second: a few sign-ins at a time (each
# hashes a password on purpose slowly; fifty at once would starve the probes).
SIGN_INS = threading.Semaphore(4)


def totp(key_hex: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows now for this secret (RFC 6238, SHA-1)."""
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), "sha1").digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


@dataclass
class Attempt:
    node: str
    kind: str
    at: float  # time.time() when sent
    seconds: float
    status: int | None  # None: no HTTP answer
    error: str = ""  # "refused", "reset", "http 502", ...

    @property
    def failed(self) -> bool:
        return bool(self.error)


class Balancer:
    """Round robin over the nodes whose /readyz answers 200 (probed every half second)."""

    def __init__(self, urls: dict[str, str], interval: float = 0.5) -> None:
        self.ports = {name: int(urllib.parse.urlparse(u).port or 80) for name, u in urls.items()}
        self.up = dict.fromkeys(urls, True)
        self.interval = interval
        self._next = itertools.count()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._probe, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _probe(self) -> None:
        # Out after a refused connection or three answers other than 200 in a row; back in
        # after one good probe. A probe that times out leaves the node as it was: a busy
        # node is slow, not gone (ejecting it would only pile its load on the others).
        failures = dict.fromkeys(self.ports, 0)
        while not self._stop.wait(self.interval):
            for name, port in self.ports.items():
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
                try:
                    conn.request("GET", "/readyz", headers={"Host": HOST})
                    ok = conn.getresponse().status == 200
                    failures[name] = 0 if ok else failures[name] + 1
                except ConnectionRefusedError:
                    ok, failures[name] = False, 3
                except TimeoutError:
                    continue
                except (OSError, http.client.HTTPException):
                    ok, failures[name] = False, failures[name] + 1
                finally:
                    conn.close()
                with self._lock:
                    self.up[name] = ok or failures[name] < 3

    def mark_down(self, name: str) -> None:
        with self._lock:
            self.up[name] = False

    def pick(self, avoid: set[str]) -> str | None:
        with self._lock:
            live = [n for n, ok in self.up.items() if ok and n not in avoid]
        if not live:
            return None
        return live[next(self._next) % len(live)]


@dataclass
class Response:
    node: str
    status: int
    body: bytes
    headers: dict[str, str]


class Failed(Exception):
    """A request that got no usable answer (recorded as an error already)."""


@dataclass
class Recorder:
    attempts: list[Attempt] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, attempt: Attempt) -> None:
        with self.lock:
            self.attempts.append(attempt)


class Session:
    """One person's browser: cookies, and requests through the balancer."""

    def __init__(self, balancer: Balancer, recorder: Recorder) -> None:
        self.balancer, self.recorder = balancer, recorder
        self.cookies: dict[str, str] = {}

    def request(
        self, kind: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> Response:
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = ORIGIN
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if kind == "save":
            headers["Accept"] = "application/json"
        tried: set[str] = set()
        while True:
            node = self.balancer.pick(tried)
            waited = time.monotonic()
            while node is None and not tried and time.monotonic() - waited < 30:
                time.sleep(0.2)  # every node out for the moment: wait as a balancer queues
                node = self.balancer.pick(tried)
            if node is None:
                raise Failed(f"{kind}: no node left to try")
            tried.add(node)
            started, at = time.perf_counter(), time.time()
            conn = http.client.HTTPConnection(HOST, self.balancer.ports[node], timeout=TIMEOUT_S)
            try:
                conn.request(method, path, body=body, headers=headers)
                raw = conn.getresponse()
                data = raw.read()
            except ConnectionRefusedError:
                # Never reached the node: a balancer sends it to another one.
                self.recorder.add(
                    Attempt(node, kind, at, time.perf_counter() - started, None, "refused")
                )
                self.balancer.mark_down(node)
                continue
            except (OSError, http.client.HTTPException) as exc:
                error = "reset" if isinstance(exc, ConnectionError) else type(exc).__name__
                self.recorder.add(
                    Attempt(node, kind, at, time.perf_counter() - started, None, error)
                )
                if method == "GET" and not isinstance(exc, TimeoutError):
                    # Closed without an answer: a balancer tries a GET again elsewhere
                    # (nginx's proxy_next_upstream), never a POST that may have run.
                    continue
                raise Failed(f"{kind} on {node}: {error}") from exc
            finally:
                conn.close()
            seconds = time.perf_counter() - started
            error = f"http {raw.status}" if raw.status >= 500 else ""
            self.recorder.add(Attempt(node, kind, at, seconds, raw.status, error))
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    k, _, rest = value.partition("=")
                    self.cookies[k.strip()] = rest.split(";", 1)[0]
            if error:
                raise Failed(f"{kind} on {node}: {error}")
            return Response(node, raw.status, data, {k.lower(): v for k, v in raw.getheaders()})

    def sign_in(self, email: str, password: str, key_hex: str) -> None:
        self.request("sign-in", "GET", "/accounts/sign-in/")  # the CSRF cookie
        r = self.request(
            "sign-in", "POST", "/accounts/sign-in/", {"username": email, "password": password}
        )
        if r.status != 302 or "two-factor" not in r.headers.get("location", ""):
            raise Failed(f"sign-in {email}: {r.status}")
        r = self.request("sign-in", "POST", "/accounts/two-factor/verify/", {"code": totp(key_hex)})
        if r.status != 302:
            raise Failed(f"two-factor {email}: {r.status}")


class VirtualUser(threading.Thread):
    def __init__(
        self,
        index: int,
        user: dict[str, Any],
        password: str,
        balancer: Balancer,
        recorder: Recorder,
        until: Callable[[], bool],
        think: tuple[float, float],
        problems: list[str],
    ) -> None:
        super().__init__(daemon=True)
        self.index, self.user, self.password = index, user, password
        self.session = Session(balancer, recorder)
        self.until, self.think, self.problems = until, think, problems
        self.rng = random.Random(index)
        self.signed_in = threading.Event()
        self.go = threading.Event()
        self.cookies: dict[str, str] | None = None  # a session from an earlier run: reused

    def run(self) -> None:
        try:
            if self.cookies:
                self.session.cookies = dict(self.cookies)
            else:  # a TOTP code is accepted once: a second run reuses the session
                with SIGN_INS:
                    self.session.sign_in(self.user["email"], self.password, self.user["key"])
        except Failed as exc:
            self.problems.append(str(exc))
            return
        finally:
            self.signed_in.set()
        self.go.wait()
        while not self.until():
            time.sleep(self.rng.uniform(*self.think))
            if self.until():
                break
            try:
                self.step()
            except Failed as exc:
                self.problems.append(str(exc))

    def step(self) -> None:
        r = self.rng.random()
        if self.user["role"] == "inspector":
            if r < 0.35:
                # The inspectorate's results across services (issue 15).
                self._get("national", "/benchmarks/national/", b'id="national-results"')
            elif r < 0.5:
                self._get("reports", "/reports/", b'id="round-reports"')
            else:
                pk = self.rng.choice(self.user["rounds"])
                self._get("results", f"/audits/round/{pk}/results/", b"<h1")
            return
        audit = self.rng.choice(self.user["audits"])
        sid, questions = self.rng.choice(audit["standards"])
        if r < 0.75:
            self.save(audit, sid, questions)
        elif r < 0.9:
            self._get("page", f"/audits/{audit['pk']}/standard/{sid}/", b"<form")
        else:
            self._get("results", f"/audits/round/{self.user['round']}/results/", b"<h1")

    def _get(self, kind: str, path: str, expect: bytes) -> None:
        r = self.session.request(kind, "GET", path)
        if r.status != 200 or expect not in r.body:
            self.problems.append(f"{kind} {path}: {r.status} on {r.node}")

    def save(self, audit: dict[str, Any], sid: str, questions: list[Any]) -> None:
        """A standard's answers, as the answering page's script sends them."""
        form = {"version": str(audit["version"])}
        for q, codes in questions:
            form[f"answer-{q}"] = self.rng.choice([c for c in codes if c != "na"] or codes)
            form[f"note-{q}"] = ""
        r = self.session.request(
            "save", "POST", f"/audits/{audit['pk']}/standard/{sid}/save/", form
        )
        if r.status == 200:
            audit["version"] = json.loads(r.body)["version"]
        else:
            self.problems.append(
                f"save {audit['pk']}/{sid}: {r.status} on {r.node} {r.body[:120]!r}"
            )


@dataclass
class LoadResult:
    attempts: list[Attempt]
    problems: list[str]
    started: float
    ended: float
    signed_in: int
    cookies: list[dict[str, str]] = field(default_factory=list)  # per person, to reuse

    def by_node(self) -> dict[str, list[Attempt]]:
        out: dict[str, list[Attempt]] = {}
        for a in self.attempts:
            if a.kind != "sign-in":
                out.setdefault(a.node, []).append(a)
        return out

    def timings(self, kind: str) -> list[float]:
        return [a.seconds for a in self.attempts if a.kind == kind and not a.failed]

    def errors(self, node: str | None = None) -> list[Attempt]:
        return [a for a in self.attempts if a.failed and (node is None or a.node == node)]

    def lines(self) -> list[str]:
        """Per node: requests, errors (by kind of error), p50 and p95 of the answered."""
        out = []
        nodes = sorted({a.node for a in self.attempts})
        for node in nodes:
            mine = [a for a in self.attempts if a.node == node]
            ok = [a.seconds for a in mine if not a.failed]
            errors: dict[str, int] = {}
            for a in mine:
                if a.failed:
                    errors[a.error] = errors.get(a.error, 0) + 1
            detail = ", ".join(f"{k} {v}" for k, v in sorted(errors.items())) or "none"
            out.append(
                f"node {node}: requests={len(mine)} errors={sum(errors.values())} ({detail}) "
                f"p50={percentile(ok, 50):.3f}s p95={percentile(ok, 95):.3f}s"
            )
        return out


def run_load(
    urls: dict[str, str],
    world: dict[str, Any],
    seconds: float,
    users: int | None = None,
    think: tuple[float, float] = (0.5, 1.5),
    during: Callable[[float], None] | None = None,
    cookies: list[dict[str, str]] | None = None,
) -> LoadResult:
    """Sign in `users` people of the world (all if None), then run the mix for `seconds`.
    `during(t0)` runs in the calling thread once the load started (faults are injected
    there); the load ends `seconds` after t0 whatever `during` does."""
    balancer = Balancer(urls)
    recorder = Recorder()
    problems: list[str] = []
    people = world["users"][: users or len(world["users"])]
    deadline = [float("inf")]
    vus = [
        VirtualUser(
            i,
            u,
            world["password"],
            balancer,
            recorder,
            lambda: time.time() > deadline[0],
            think,
            problems,
        )
        for i, u in enumerate(people)
    ]
    for vu, jar in zip(vus, cookies or [], strict=False):
        vu.cookies = jar
    balancer.start()
    try:
        for vu in vus:
            vu.start()
        for vu in vus:
            vu.signed_in.wait(120)
        signed = sum(1 for vu in vus if vu.is_alive())
        recorder.attempts.clear()  # sign-in is set-up, not the load measured
        started = time.time()
        deadline[0] = started + seconds
        for vu in vus:
            vu.go.set()
        if during is not None:
            during(started)
        for vu in vus:
            vu.join(max(1.0, deadline[0] - time.time() + TIMEOUT_S))
        ended = time.time()
    finally:
        deadline[0] = 0
        balancer.stop()
    jars = [dict(vu.session.cookies) for vu in vus]
    return LoadResult(list(recorder.attempts), problems, started, ended, signed, jars)
