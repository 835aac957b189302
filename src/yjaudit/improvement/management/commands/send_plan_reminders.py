"""Send improvement plan reminders: actions due within the window, and overdue actions.

Safe to run daily (cron, systemd timer): each reminder is sent once. E-mail goes
through Django's configured backend (console in development and the demo).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yjaudit.improvement.reminders import send_reminders, send_submission_reminders


class Command(BaseCommand):
    help = "E-mail reminders for plan actions due soon or overdue (each reminder once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(dry_run=options["dry_run"])
        verb = "Would send" if options["dry_run"] else "Sent"
        for r in sent:
            self.stdout.write(
                f"{verb} {r.kind} reminder for action {r.action.label} "
                f"of {r.action.plan.title!r} to {r.recipient}"
            )
        self.stdout.write(f"{verb} {len(sent)} reminder(s).")
        if not options["dry_run"]:
            plans = send_submission_reminders()
            self.stdout.write(f"Sent {plans} plan submission reminder(s).")
