"""python -m django restore --from DIR [--force]: checks the manifest, then restores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yjaudit.operations.backup import BackupError, verify
from yjaudit.operations.services import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`. Every file is checked against the manifest "
        "first; a database with tables or a media folder with files is replaced only "
        "with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", required=True, type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace a database or media folder in use"
        )
        parser.add_argument(
            "--check", action="store_true", help="only check the backup against its manifest"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            try:
                checked = verify(options["source"])
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"The backup of {checked['created']} is complete: "
                f"{len(checked['files'])} files match the manifest."
            )
            return
        try:
            manifest = restore_backup(source=options["source"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created']} "
            f"({len(manifest['files'])} files checked)."
        )
