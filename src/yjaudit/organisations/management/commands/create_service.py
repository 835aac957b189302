"""Bootstrap a service and invite its first administrator (platform operators, any settings).

    python -m django create_service --code DERBY --name "Derby Youth Offending Service" \\
        --nation england --admin-email lead@derby.example --base-url https://yjaudit.example.org

The invitation link is e-mailed and also printed, for deployments without e-mail yet.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse

from yjaudit.accounts.models import Invitation
from yjaudit.accounts.services import invite
from yjaudit.organisations.models import Nation, Service
from yjaudit.organisations.services import service_create


class Command(BaseCommand):
    help = "Create a service (if new) and invite its first administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--nation", choices=Nation.values, default=Nation.ENGLAND)
        parser.add_argument("--region", default="")
        parser.add_argument("--admin-email", default="")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["code"].strip().upper()
        links: list[str] = []
        try:
            with transaction.atomic():
                service = Service.objects.filter(code=code).first()
                if service is None:
                    service = service_create(
                        actor=None,
                        name=options["name"],
                        code=code,
                        nation=options["nation"],
                        region=options["region"],
                    )
                    self.stdout.write(f"Created service {service.code}: {service.name}")
                else:
                    self.stdout.write(f"Service {service.code} already exists.")
                if options["admin_email"]:
                    base = options["base_url"].rstrip("/")

                    def accept_url(token: str) -> str:
                        link = base + reverse("accounts:invitation", args=[token])
                        links.append(link)
                        return link

                    result = invite(
                        actor=None,
                        email=options["admin_email"],
                        service=service,
                        role="administrator",
                        accept_url=accept_url,
                    )
                    if isinstance(result, Invitation):
                        self.stdout.write(f"Invited {result.email} as administrator: {links[0]}")
                    else:
                        self.stdout.write(f"{options['admin_email']} is now an administrator.")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
