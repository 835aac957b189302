"""Archive and restore from the command line, each with `--reason`:

    yjaudit rounds archive ROUND_ID --reason TEXT     yjaudit rounds restore ROUND_ID
    yjaudit plans archive PLAN_ID --reason TEXT       yjaudit plans restore PLAN_ID
    yjaudit plans findings archive|restore FINDING_ID
    yjaudit plans actions archive|restore ACTION_ID
    yjaudit cases archive REFERENCE --service CODE --reason TEXT   (and restore)

Nothing is deleted; the service functions record who (the system, for the CLI), when
and why in the audit trail. A refusal (already archived, not archived, no reason) is bad
input: one message, exit status 2.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import click

from .django import setup_django
from .errors import CliError

Act = Callable[[Any, str], Any]


def _run(act: Act, target: Any, reason: str, done: str) -> None:
    from django.core.exceptions import ValidationError

    from yjaudit.errors import DomainError

    try:
        act(target, reason)
    except DomainError as exc:
        raise CliError(str(exc)) from None
    except ValidationError as exc:
        raise CliError(" ".join(exc.messages)) from None
    click.echo(done)


def _uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise CliError(f"{value!r} is not {what} id (a UUID, shown in its address)") from None


def _round(round_id: str) -> Any:
    from yjaudit.audits.models import AuditRound

    if not round_id.isdigit():
        raise CliError(f"{round_id!r} is not a round id (a number: see `yjaudit rounds list`)")
    found = AuditRound.objects.select_related("service").filter(pk=int(round_id)).first()
    if found is None:
        raise CliError(f"no round with id {round_id}")
    return found


def _plan(plan_id: str) -> Any:
    from yjaudit.improvement.models import ImprovementPlan

    found = ImprovementPlan.objects.filter(pk=_uuid(plan_id, "a plan")).first()
    if found is None:
        raise CliError(f"no plan with id {plan_id}")
    return found


def _finding(finding_id: str) -> Any:
    from yjaudit.improvement.models import Finding

    found = Finding.objects.select_related("plan").filter(pk=_uuid(finding_id, "a finding")).first()
    if found is None:
        raise CliError(f"no finding with id {finding_id}")
    return found


def _action(action_id: str) -> Any:
    from yjaudit.improvement.models import Action

    found = (
        Action.objects.select_related("plan", "parent")
        .filter(pk=_uuid(action_id, "an action"))
        .first()
    )
    if found is None:
        raise CliError(f"no action with id {action_id}")
    return found


def _case(reference: str, service_code: str) -> Any:
    from yjaudit.cases.models import Case
    from yjaudit.organisations.selectors import services_by_code

    service = services_by_code(service_code).first()
    if service is None:
        raise CliError(f"--service {service_code}: no service has that code")
    found = Case.objects.filter(service=service, reference__iexact=reference).first()
    if found is None:
        raise CliError(f"no case {reference} in {service_code}")
    return found


reason_required = click.option(
    "--reason", required=True, help="Why it is archived (kept with it and in the audit trail)."
)
reason_optional = click.option(
    "--reason", default="", help="Why it is restored (optional; kept in the audit trail)."
)


def pair(
    noun: str, argument: str, find: Callable[[str], Any], archive: Act, restore: Act
) -> tuple[click.Command, click.Command]:
    """`archive ID --reason` and `restore ID [--reason]` for one kind of thing."""

    @click.command("archive")
    @click.argument(argument)
    @reason_required
    def archive_command(reason: str, **kwargs: str) -> None:
        setup_django()
        ident = kwargs[argument.lower()]
        _run(archive, find(ident), reason, f"{noun} {ident} archived.")

    @click.command("restore")
    @click.argument(argument)
    @reason_optional
    def restore_command(reason: str, **kwargs: str) -> None:
        setup_django()
        ident = kwargs[argument.lower()]
        _run(restore, find(ident), reason, f"{noun} {ident} restored.")

    archive_command.help = f"Archive the {noun.lower()} (kept, never deleted) with --reason."
    restore_command.help = f"Restore the archived {noun.lower()}."
    return archive_command, restore_command


def _round_archive(target: Any, reason: str) -> Any:
    from yjaudit.audits.rounds.services import archive_round

    return archive_round(actor=None, audit_round=target, reason=reason)


def _round_restore(target: Any, reason: str) -> Any:
    from yjaudit.audits.rounds.services import restore_round

    return restore_round(actor=None, audit_round=target, reason=reason)


def _improvement(name: str, key: str) -> Act:
    def act(target: Any, reason: str) -> Any:
        from yjaudit.improvement import services

        return getattr(services, name)(actor=None, reason=reason, **{key: target})

    return act


round_archive, round_restore = pair("Round", "ROUND_ID", _round, _round_archive, _round_restore)
plan_archive, plan_restore = pair(
    "Plan",
    "PLAN_ID",
    _plan,
    _improvement("archive_plan", "plan"),
    _improvement("restore_plan", "plan"),
)
finding_archive, finding_restore = pair(
    "Finding",
    "FINDING_ID",
    _finding,
    _improvement("archive_finding", "finding"),
    _improvement("restore_finding", "finding"),
)
action_archive, action_restore = pair(
    "Action",
    "ACTION_ID",
    _action,
    _improvement("archive_action", "action"),
    _improvement("restore_action", "action"),
)


@click.group("findings")
def plan_findings() -> None:
    """A plan's findings (key strengths, areas for improvement)."""


@click.group("actions")
def plan_actions() -> None:
    """A plan's actions."""


plan_findings.add_command(finding_archive)
plan_findings.add_command(finding_restore)
plan_actions.add_command(action_archive)
plan_actions.add_command(action_restore)


@click.command("archive")
@click.argument("reference")
@click.option("--service", "service_code", required=True, help="The service's code, e.g. DERBY.")
@reason_required
def case_archive(reference: str, service_code: str, reason: str) -> None:
    """Archive a case (no new sample draws it; past audits untouched) with --reason."""
    setup_django()
    from yjaudit.cases.services import archive_case

    _run(
        lambda case, why: archive_case(actor=None, case=case, reason=why),
        _case(reference, service_code),
        reason,
        f"Case {reference} archived.",
    )


@click.command("restore")
@click.argument("reference")
@click.option("--service", "service_code", required=True, help="The service's code, e.g. DERBY.")
@reason_optional
def case_restore(reference: str, service_code: str, reason: str) -> None:
    """Restore an archived case (new samples may draw it again)."""
    setup_django()
    from yjaudit.cases.services import restore_case

    _run(
        lambda case, why: restore_case(actor=None, case=case, reason=why),
        _case(reference, service_code),
        reason,
        f"Case {reference} restored.",
    )
