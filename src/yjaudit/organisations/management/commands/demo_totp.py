"""Print the current two-factor code of a demo user (demo settings only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjaudit.organisations.demo_support import DEMO_USERS


class Command(BaseCommand):
    help = "Show the current 6-digit code for a demo user's authenticator (demo only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="e.g. qa@demo.example")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.YJAUDIT_DEMO:
            raise CommandError("demo_totp works only with demo settings (YJAUDIT_DEMO).")
        username = options["username"]
        if username not in DEMO_USERS:
            raise CommandError(f"{username} is not a demo user ({', '.join(DEMO_USERS)}).")
        user = get_user_model().objects.filter(username=username).first()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
        if device is None:
            raise CommandError(f"{username} has no two-factor device: run seed_demo first.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
