"""Back up and restore the database and the private media folder, with a checked manifest.

A backup is a directory:

    manifest.json        format, when, database engine, SHA-256 and size of every file
    database.sqlite3     SQLite: an online copy (sqlite3 backup API, never a file copy)
    database.pgdump      PostgreSQL: pg_dump custom format
    media/...            the private media folder (uploads, evidence)

Restore checks every file against the manifest before it writes anything, and refuses a
database that already has tables, or a media folder that already has files, unless forced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def _engine(database: Mapping[str, Any]) -> str:
    engine = str(database["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith(("postgresql", "postgis")):
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def _database(database: Mapping[str, Any] | None) -> tuple[Mapping[str, Any], bool]:
    """The settings to use, and whether they are Django's own default connection."""
    if database is None:
        return connections[DEFAULT_DB_ALIAS].settings_dict, True
    return database, False


# SQLite ------------------------------------------------------------------------------------


def _sqlite_connection(database: Mapping[str, Any], is_default: bool) -> sqlite3.Connection:
    if is_default:
        # Django's own connection: also reaches a test run's in-memory database.
        connection = connections[DEFAULT_DB_ALIAS]
        connection.ensure_connection()
        raw: sqlite3.Connection = connection.connection
        return raw
    return sqlite3.connect(str(database["NAME"]))


def _sqlite_dump(database: Mapping[str, Any], is_default: bool, target: Path) -> None:
    source = _sqlite_connection(database, is_default)
    destination = sqlite3.connect(target)
    try:
        # Online backup: a consistent copy while the site keeps working (a file copy of a
        # live WAL database can miss committed pages).
        source.backup(destination)
    finally:
        destination.close()
        if not is_default:
            source.close()


def _sqlite_load(database: Mapping[str, Any], is_default: bool, dump: Path) -> None:
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    destination = _sqlite_connection(database, is_default)
    try:
        source.backup(destination)
    finally:
        source.close()
        if not is_default:
            destination.close()


def _sqlite_tables(database: Mapping[str, Any], is_default: bool) -> list[str]:
    connection = _sqlite_connection(database, is_default)
    try:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    finally:
        if not is_default:
            connection.close()
    return [row[0] for row in rows]


# PostgreSQL --------------------------------------------------------------------------------


def _pg_env(database: Mapping[str, Any]) -> dict[str, str]:
    # Connection details through the environment, so no password shows in `ps`.
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[name] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    env["PGDATABASE"] = str(database["NAME"])
    options = database.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _run(command: list[str], database: Mapping[str, Any]) -> None:
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments are not shell text
            command, env=_pg_env(database), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed on this machine.") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _pg_tables(database: Mapping[str, Any]) -> list[str]:
    import psycopg

    env = _pg_env(database)
    with psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env["PGDATABASE"],
    ) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
    return [row[0] for row in rows]


# Backup and restore ------------------------------------------------------------------------


def database_tables(database: Mapping[str, Any] | None = None) -> list[str]:
    settings_dict, is_default = _database(database)
    if _engine(settings_dict) == "sqlite":
        return _sqlite_tables(settings_dict, is_default)
    return _pg_tables(settings_dict)


def check_target(to: Path) -> None:
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise BackupError(f"{to} is not empty: back up into a new directory.")


def backup(
    to: Path, *, database: Mapping[str, Any] | None = None, media_root: Path | None = None
) -> dict[str, Any]:
    """Write a backup into `to` (new or empty); returns the manifest."""
    settings_dict, is_default = _database(database)
    engine = _engine(settings_dict)
    media = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    check_target(to)
    to.mkdir(parents=True, exist_ok=True)
    to.chmod(0o700)  # children's data: readable by this account only
    if engine == "sqlite":
        dump = to / SQLITE_FILE
        _sqlite_dump(settings_dict, is_default, dump)
    else:
        dump = to / POSTGRES_FILE
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
            settings_dict,
        )
    for source in _files_under(media):
        target = to / MEDIA_DIR / source.relative_to(media)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    files = {
        path.relative_to(to).as_posix(): {"sha256": _sha256(path), "bytes": path.stat().st_size}
        for path in _files_under(to)
    }
    manifest = {
        "format": FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database": dump.name,
        "files": files,
    }
    # Written last: a directory without a manifest is an unfinished backup.
    (to / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return manifest


def verify(source: Path) -> dict[str, Any]:
    """The manifest, once every file in it is present and unchanged and no other file is."""
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{source} has no {MANIFEST}: not a finished backup.") from exc
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source / MANIFEST} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source / MANIFEST}: unknown backup format.")
    files = manifest.get("files")
    if not isinstance(files, dict) or manifest.get("database") not in files:
        raise BackupError(f"{source / MANIFEST}: the file list or database entry is missing.")
    present = {p.relative_to(source).as_posix() for p in _files_under(source)} - {MANIFEST}
    problems = [f"{name}: not in the manifest" for name in sorted(present - files.keys())]
    for name, expected in sorted(files.items()):
        path = source / name
        if name not in present:
            problems.append(f"{name}: missing")
        elif path.stat().st_size != expected.get("bytes") or _sha256(path) != expected.get(
            "sha256"
        ):
            problems.append(f"{name}: SHA-256 does not match the manifest")
    if problems:
        raise BackupError("The backup is damaged or was changed: " + "; ".join(problems[:20]))
    return manifest


def restore(
    source: Path,
    *,
    force: bool = False,
    database: Mapping[str, Any] | None = None,
    media_root: Path | None = None,
) -> dict[str, Any]:
    """Restore the backup in `source`. Nothing is written unless every check passes."""
    settings_dict, is_default = _database(database)
    engine = _engine(settings_dict)
    media = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    manifest = verify(source)
    if manifest["engine"] != engine:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this site uses {engine}."
        )
    tables = database_tables(settings_dict if not is_default else None)
    media_files = list(_files_under(media))
    if not force:
        if tables:
            raise BackupError(
                f"The database already has {len(tables)} tables: restore into an empty "
                "database, or use --force to replace it."
            )
        if media_files:
            raise BackupError(
                f"{media} already holds {len(media_files)} files: use --force to replace them."
            )
    dump = source / manifest["database"]
    if engine == "sqlite":
        _sqlite_load(settings_dict, is_default, dump)
    else:
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        command += ["--single-transaction", f"--dbname={settings_dict['NAME']}"]
        if tables:
            command += ["--clean", "--if-exists"]
        _run([*command, str(dump)], settings_dict)
    if media.exists() and media_files:
        # Forced: the files replaced are kept beside, never deleted.
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        media.rename(media.with_name(f"{media.name}.before-restore-{stamp}"))
    for name in manifest["files"]:
        if name.startswith(f"{MEDIA_DIR}/"):
            target = media / name.removeprefix(f"{MEDIA_DIR}/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target)
    return manifest
