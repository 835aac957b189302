"""The operations app's reads: readiness checks (can this node serve requests right now?).

Each check answers a short fixed name on failure, never the exception: the response is
public, and a driver's message can name hosts, users or file paths.
"""

from __future__ import annotations

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

# When every migration was last seen applied (monotonic seconds). Reading the migration
# graph costs tens of milliseconds; probes come every few seconds, and once applied,
# migrations stay applied until the next deploy (which restarts the process).
_migrations_ok_at: float | None = None


def database_failure() -> str | None:
    """None if the database answers a trivial query and every migration is applied."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("readiness: database unreachable", exc_info=True)
        return "database"
    global _migrations_ok_at
    ttl = settings.YJAUDIT_READYZ_MIGRATIONS_SECONDS
    if _migrations_ok_at is not None and time.monotonic() - _migrations_ok_at < ttl:
        return None
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.warning("readiness: migration state unreadable", exc_info=True)
        return "migrations"
    if pending:
        return "migrations"
    _migrations_ok_at = time.monotonic()
    return None


def forget_migration_check() -> None:
    """Check the migrations afresh on the next probe (tests; after a manual migrate)."""
    global _migrations_ok_at
    _migrations_ok_at = None


def cache_failure() -> str | None:
    """None if no shared cache is configured, or it answers a read (probes never write)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    # A per-process memory cache cannot be unreachable; only a shared one needs probing.
    if backend.endswith(("LocMemCache", "DummyCache")):
        return None
    try:
        caches["default"].get(f"yjaudit-readyz-{uuid.uuid4().hex}")
    except Exception:
        logger.warning("readiness: cache unreachable", exc_info=True)
        return "cache"
    return None


def readiness_failures() -> list[str]:
    return [name for name in (database_failure(), cache_failure()) if name is not None]
