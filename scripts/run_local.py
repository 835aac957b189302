"""`make run`: the web server, a Celery worker and its beat, started and stopped together.

The embedded default needs no other server: the broker is a folder under var/queue/
(kombu's filesystem transport) unless YJAUDIT_BROKER_URL names Redis. Ctrl-C (or any one
process ending) stops all three. Usage: python scripts/run_local.py HOST:PORT
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def _queue_folders() -> None:
    """The filesystem broker writes into folders that must exist before it starts."""
    var = Path(os.environ.get("YJAUDIT_VAR_DIR", PROJECT / "var"))
    for name in ("messages", "control"):
        (var / "queue" / name).mkdir(parents=True, exist_ok=True)


def main(address: str) -> int:
    _queue_folders()
    py = sys.executable
    worker = [py, "-m", "celery", "-A", "yjaudit.jobs.worker", "worker", "--beat"]
    worker += ["--concurrency", "2", "--loglevel", "INFO"]
    if not os.environ.get("YJAUDIT_BROKER_URL"):
        # The folder broker has no remote control or events: leave them off.
        worker += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    processes = {
        "web": subprocess.Popen([py, "-m", "django", "runserver", address]),  # noqa: S603 - our own commands
        "worker": subprocess.Popen(worker),  # noqa: S603 - our own commands
    }

    def stop(*_: object) -> None:
        for proc in processes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
    finally:
        stop()
        for proc in processes.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    ended = [name for name, p in processes.items() if p.returncode not in (0, -signal.SIGTERM)]
    return 1 if ended else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"))
