"""Backup and restore against PostgreSQL with pg_dump/pg_restore (databases yj_ops_*)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from yjaudit.operations.backup import BackupError, backup, restore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]
SERVER = {
    "ENGINE": "django.db.backends.postgresql",
    "HOST": os.environ.get("YJAUDIT_TEST_PGHOST", "127.0.0.1"),
    "PORT": "5432",
    "USER": "postgres",
    "PASSWORD": "",
}
NAMES = ("yj_ops_source", "yj_ops_restored")


def _admin(sql: str) -> None:
    with psycopg.connect(
        host=SERVER["HOST"],
        port=SERVER["PORT"],
        user=SERVER["USER"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _db(name: str) -> dict[str, Any]:
    return {**SERVER, "NAME": name}


def _connect(name: str) -> psycopg.Connection[Any]:
    return psycopg.connect(
        host=SERVER["HOST"], port=SERVER["PORT"], user=SERVER["USER"], dbname=name
    )


def _rows(name: str) -> list[tuple[Any, ...]]:
    with _connect(name) as conn:
        cases = conn.execute("SELECT * FROM ops_case ORDER BY id").fetchall()
        answers = conn.execute("SELECT * FROM ops_answer ORDER BY id").fetchall()
    return [*cases, *answers]


@pytest.fixture
def databases() -> Iterator[None]:
    try:
        _admin("SELECT 1")
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    for name in NAMES:
        _admin(f"DROP DATABASE IF EXISTS {name}")
    _admin(f"CREATE DATABASE {NAMES[0]}")
    yield
    for name in NAMES:
        _admin(f"DROP DATABASE IF EXISTS {name}")


def _seed(name: str) -> None:
    with _connect(name) as conn:
        conn.execute(
            "CREATE TABLE ops_case (id serial PRIMARY KEY, reference text UNIQUE, "
            "start date, flags jsonb)"
        )
        conn.execute(
            "CREATE TABLE ops_answer (id serial PRIMARY KEY, "
            "case_id int REFERENCES ops_case(id), value text, note text, saved timestamptz)"
        )
        for i in range(50):
            conn.execute(
                "INSERT INTO ops_case (reference, start, flags) VALUES (%s, %s, %s)",
                (f"C{i:04d}", f"2025-01-{i % 28 + 1:02d}", '{"looked_after": true}'),
            )
            conn.execute(
                "INSERT INTO ops_answer (case_id, value, note, saved) VALUES (%s, %s, %s, now())",
                (i + 1, ["yes", "no", "partly"][i % 3], f"Nodyn {i}: ŵ ŷ"),
            )


def test_postgres_backup_destroy_restore(databases: None, tmp_path: Path) -> None:
    _seed(NAMES[0])
    media = tmp_path / "private"
    (media / "improvement" / "evidence").mkdir(parents=True)
    (media / "improvement" / "evidence" / "abc").write_bytes(b"%PDF-1.4 evidence")
    before = _rows(NAMES[0])

    manifest = backup(tmp_path / "b", database=_db(NAMES[0]), media_root=media)
    assert manifest["engine"] == "postgresql" and manifest["database"] == "database.pgdump"

    _admin(f"DROP DATABASE {NAMES[0]}")
    shutil.rmtree(media)
    _admin(f"CREATE DATABASE {NAMES[1]}")
    restore(tmp_path / "b", database=_db(NAMES[1]), media_root=media)

    assert _rows(NAMES[1]) == before
    assert (media / "improvement" / "evidence" / "abc").read_bytes() == b"%PDF-1.4 evidence"

    # Now in use: refused without --force (nothing changed), replaced with it.
    with _connect(NAMES[1]) as conn:
        conn.execute("UPDATE ops_answer SET value = 'changed'")
    with pytest.raises(BackupError, match="already has 2 tables"):
        restore(tmp_path / "b", database=_db(NAMES[1]), media_root=tmp_path / "empty")
    with _connect(NAMES[1]) as conn:
        assert conn.execute("SELECT DISTINCT value FROM ops_answer").fetchall() == [("changed",)]
    restore(tmp_path / "b", force=True, database=_db(NAMES[1]), media_root=tmp_path / "m2")
    assert _rows(NAMES[1]) == before
