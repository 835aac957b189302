"""Operations that change state, each with its audit-trail row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yjaudit.audittrail.services import record

from . import backup as backups


def take_backup(*, to: Path) -> dict[str, Any]:
    """Back up the database and media into `to`.

    The audit row is written first, so the backup itself shows who took a copy and when.
    """
    backups.check_target(to)
    record(actor=None, action="operations.backup", target=None, after={"directory": to.name})
    return backups.backup(to)


def restore_backup(*, source: Path, force: bool) -> dict[str, Any]:
    """Restore a backup; the audit row goes into the restored database afterwards."""
    manifest = backups.restore(source, force=force)
    record(
        actor=None,
        action="operations.restore",
        target=None,
        after={
            "directory": source.name,
            "backup_created": manifest["created"],
            "files": len(manifest["files"]),
            "forced": force,
        },
    )
    return manifest
