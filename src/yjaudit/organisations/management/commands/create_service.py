"""Bootstrap a service and invite its first administrator (platform operators, any settings).

    python -m django create_service --code DERBY --name "Derby Youth Offending Service" \\
        --nation england --admin-email lead@derby.example --base-url https://yjaudit.example.org

The invitation link is e-mailed and also printed, for deployments without e-mail yet: if
the mail server cannot be reached, the service and invitation are still created and the
link printed, with a message saying the e-mail was not sent (it stays in the outbox and
is retried).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse

from yjaudit.accounts.models import Invitation
from yjaudit.accounts.services import invite
from yjaudit.notifications.selectors import invitation_not_sent
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
        try:
            lines = self._create(options)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for line in lines:
            self.stdout.write(line)

    def _create(self, options: dict[str, Any]) -> list[str]:
        """Create the service and invitation in one transaction; the lines to print."""
        code = options["code"].strip().upper()
        links: list[str] = []
        out: list[str] = []
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
                out.append(f"Created service {service.code}: {service.name}")
            else:
                out.append(f"Service {service.code} already exists.")
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
                    out.append(f"Invited {result.email} as administrator: {links[0]}")
                    problem = invitation_not_sent(result.pk)
                    if problem:
                        # Kept in the outbox and retried (`yjaudit notifications send`).
                        self.stderr.write(
                            f"Could not send the invitation e-mail ({problem}); it will be "
                            "retried. Check EMAIL_HOST and EMAIL_PORT; meanwhile give the "
                            "person the link below yourself."
                        )
                else:
                    out.append(f"{options['admin_email']} is now an administrator.")
        return out
