"""Seed the demo: calls each installed app's optional `demo.seed(context)` in order.

Only when settings.YJAUDIT_DEMO is true (demo settings); safe to run again.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from yjaudit.organisations.demo_support import DemoContext

NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def demo_steps() -> list[tuple[str, Any]]:
    """(app label, seed function) for every installed yjaudit app with a demo module."""
    steps = []
    for config in apps.get_app_configs():
        if not config.name.startswith("yjaudit."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name == f"{config.name}.demo":
                continue
            raise
        seed = getattr(module, "seed", None)
        if callable(seed):
            steps.append((config.label, seed))
    return steps


class Command(BaseCommand):
    help = "Create the demo service, staff, users and data (demo settings only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.YJAUDIT_DEMO:
            raise CommandError("Demo data is only created with demo settings (YJAUDIT_DEMO).")
        context = DemoContext(log=lambda message: self.stdout.write(f"  {message}"))
        # The demo's made-up events (samples drawn, audits signed off) e-mail nobody.
        with transaction.atomic(), override_settings(EMAIL_BACKEND=NO_MAIL):
            for label, seed in demo_steps():
                self.stdout.write(f"Demo: {label}")
                seed(context)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo users: see README.md."))
