"""python -m django backup --to DIR: database and private media, with a SHA-256 manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yjaudit.operations.backup import BackupError
from yjaudit.operations.services import take_backup


class Command(BaseCommand):
    help = "Back up the database (online) and the private media folder into a new directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, type=Path, help="a new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = take_backup(to=options["to"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(f["bytes"] for f in manifest["files"].values())
        self.stdout.write(
            f"Backed up {manifest['engine']} database and {len(manifest['files']) - 1} media "
            f"files ({total} bytes) to {options['to']}."
        )
