"""The embedded SQLite database is set up for concurrent web use (issue 9.3).

Two connections to one database file, as two web requests: both read an answer count
and write it back plus one. With the shipped options (IMMEDIATE transactions, a busy
timeout, WAL) the second waits for the first and both increments land; with SQLite's
defaults the second fails with "database is locked" (the 500s autosave got).
"""

from __future__ import annotations

import copy
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper

ENGINE = settings.DATABASES["default"]["ENGINE"]
pytestmark = pytest.mark.skipif(
    ENGINE != "django.db.backends.sqlite3", reason="the SQLite options apply to SQLite only"
)


@pytest.fixture(autouse=True)
def _own_database_files(django_db_blocker: Any) -> Any:
    # These tests open their own database files, never the test database.
    with django_db_blocker.unblock():
        yield


def wrapper(path: Path, options: dict[str, Any]) -> DatabaseWrapper:
    config = copy.deepcopy(settings.DATABASES["default"])
    config.update(NAME=str(path), OPTIONS=options)
    return DatabaseWrapper(config, alias=f"sqlite-test-{threading.get_ident()}")


def increment(db: DatabaseWrapper, pause: float = 0.0) -> None:
    """Read, think, write: inside one transaction, as a save does."""
    db.ensure_connection()
    db.set_autocommit(False)
    try:
        # What `transaction.atomic` runs first on SQLite (BEGIN, or BEGIN IMMEDIATE).
        db._start_transaction_under_autocommit()
        with db.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            (n,) = cursor.fetchone()
            time.sleep(pause)
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
        db.commit()
    except Exception:
        db.rollback()
        raise
    finally:
        db.set_autocommit(True)
        db.close()


def race(path: Path, options: dict[str, Any]) -> tuple[int, list[Exception]]:
    setup = wrapper(path, options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()
    errors: list[Exception] = []

    def one(pause: float) -> None:
        try:
            increment(wrapper(path, options), pause)
        except OperationalError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(0.3,)), threading.Thread(target=one, args=(0,))]
    threads[0].start()
    time.sleep(0.1)  # the first has read and is "thinking" when the second starts
    threads[1].start()
    for thread in threads:
        thread.join(30)
    check = wrapper(path, options)
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (n,) = cursor.fetchone()
    check.close()
    return n, errors


def test_shipped_options_are_wal_immediate_with_a_busy_timeout(tmp_path: Path) -> None:
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    db = wrapper(tmp_path / "x.sqlite3", options)
    with db.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == options["timeout"] * 1000
    db.close()


def test_two_writers_queue_and_both_land(tmp_path: Path) -> None:
    n, errors = race(tmp_path / "ours.sqlite3", settings.DATABASES["default"]["OPTIONS"])
    assert errors == [] and n == 2


def test_sqlite_defaults_lose_one_of_the_two(tmp_path: Path) -> None:
    """The reference: why the options are needed (this is what users saw)."""
    n, errors = race(tmp_path / "defaults.sqlite3", {"timeout": 1})
    assert n == 1 and errors and "locked" in str(errors[0])
