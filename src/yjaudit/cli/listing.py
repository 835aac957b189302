"""Lists for the operator: `yjaudit rounds list`, `plans list`, `staff list`.

Each prints an aligned table, or with `--json` one JSON array (the same fields), so
scripts never parse the table. `--service CODE` narrows to one service; an unknown code
is bad input (exit 2), never an empty list that looks like "nothing there".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import click

from . import archiving
from .django import setup_django
from .errors import CliError
from .i18n import _, gettext_noop
from .tables import render_table

Row = dict[str, Any]

service_option = click.option(
    "--service", "service_code", metavar="CODE", help="Only this service (its code, e.g. DERBY)."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def services(code: str | None) -> Any:
    from yjaudit.organisations.selectors import services_by_code

    found = services_by_code(code)
    if code and not found.exists():
        raise CliError(_("--service %(code)s: no service has that code") % {"code": code})
    return found


def emit(rows: Sequence[Row], columns: Sequence[tuple[str, str]], as_json: bool) -> None:
    """`columns` pairs each row key with its table heading (JSON keeps every key)."""
    if as_json:
        click.echo(json.dumps(list(rows), indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(_("None found."))
        return
    table = [[_cell(row[key]) for key, _ in columns] for row in rows]
    click.echo(render_table([_(heading) for _key, heading in columns], table))


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return "" if value is None else str(value)


def listing(
    name: str, read: Callable[[Any], Sequence[Row]], columns: Sequence[tuple[str, str]]
) -> click.Command:
    """A `list` command over `read(services)`."""

    @click.command(name="list")
    @service_option
    @json_option
    def command(service_code: str | None, as_json: bool) -> None:
        setup_django()
        emit(read(services(service_code)), columns, as_json)

    command.help = f"List {name}, oldest service first (--json for scripts)."
    return command


def round_rows(scope: Any) -> list[Row]:
    from yjaudit.audits.rounds.selectors import round_list

    return [
        {
            "id": r.pk,
            "service": r.service.code,
            "name": r.name,
            "framework": r.framework_edition.framework_id,
            "framework_version": r.framework_edition.version,
            "status": r.get_status_display(),
            "period_start": r.period_start.isoformat(),
            "period_end": r.period_end.isoformat(),
            "archived": r.archived_at is not None,
        }
        for r in round_list(services=scope)
        .select_related("framework_edition")
        .order_by("service__code", "period_start", "pk")
    ]


def plan_rows(scope: Any) -> list[Row]:
    from yjaudit.improvement.selectors import plans_in

    return [
        {
            "id": str(p.pk),
            "service": p.service.code,
            "title": p.title,
            "source": p.get_source_kind_display(),
            "submission_due": p.submission_due.isoformat() if p.submission_due else None,
            "submitted_on": p.submitted_on.isoformat() if p.submitted_on else None,
            "archived": p.archived_at is not None,
        }
        for p in plans_in(scope).order_by("service__code", "created_at")
    ]


def staff_rows(scope: Any) -> list[Row]:
    from yjaudit.organisations.selectors import staff_in

    return [
        {
            "id": s.pk,
            "service": s.service.code,
            "name": s.name,
            "role": s.get_role_display(),
            "team": s.team.name if s.team else None,
            "line_manager": s.line_manager.name if s.line_manager else None,
            "has_account": s.user_id is not None,
            "active": s.active,
        }
        for s in staff_in(scope).order_by("service__code", "name", "pk")
    ]


rounds_list = listing(
    "audit rounds",
    round_rows,
    [
        ("id", gettext_noop("Id")),
        ("service", gettext_noop("Service")),
        ("name", gettext_noop("Round")),
        ("framework", gettext_noop("Framework")),
        ("status", gettext_noop("Status")),
        ("period_start", gettext_noop("From")),
        ("period_end", gettext_noop("To")),
        ("archived", gettext_noop("Archived")),
    ],
)
plans_list = listing(
    "improvement plans",
    plan_rows,
    [
        ("id", gettext_noop("Id")),
        ("service", gettext_noop("Service")),
        ("title", gettext_noop("Plan")),
        ("source", gettext_noop("Source")),
        ("submission_due", gettext_noop("Due")),
        ("submitted_on", gettext_noop("Submitted")),
        ("archived", gettext_noop("Archived")),
    ],
)
staff_list = listing(
    "staff",
    staff_rows,
    [
        ("id", gettext_noop("Id")),
        ("service", gettext_noop("Service")),
        ("name", gettext_noop("Name")),
        ("role", gettext_noop("Role")),
        ("team", gettext_noop("Team")),
        ("line_manager", gettext_noop("Line manager")),
        ("has_account", gettext_noop("Account")),
        ("active", gettext_noop("Active")),
    ],
)


@click.group()
def rounds() -> None:
    """Audit rounds."""


@click.group()
def staff() -> None:
    """Staff records (case managers, operational managers)."""


rounds.add_command(rounds_list)
rounds.add_command(archiving.round_archive)
rounds.add_command(archiving.round_restore)
staff.add_command(staff_list)
