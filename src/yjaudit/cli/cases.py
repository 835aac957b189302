"""`yjaudit cases import FILE --service CODE [--dry-run] [--kind children|victims]`.

Errors are printed one per line as ``file:row:column: message`` (the header is row 1)
and exit with status 2, having written nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from . import archiving
from .django import setup_django
from .errors import CliError, warn
from .i18n import _

if TYPE_CHECKING:
    from yjaudit.cases.importing.reader import Problem

PROGRESS_FROM = 200  # rows: below this an import is quick enough to need no bar


@click.group()
def cases() -> None:
    """The case register."""


cases.add_command(archiving.case_archive)
cases.add_command(archiving.case_restore)


@cases.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--service", "service_code", required=True, help="The service's code, e.g. DERBY.")
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@click.option(
    "--kind",
    type=click.Choice(["children", "victims"]),
    default="children",
    show_default=True,
    help="Which register the file feeds: children's cases or victims' cases.",
)
def import_cases(file: Path, service_code: str, dry_run: bool, kind: str) -> None:
    """Import or update cases from a CSV or XLSX export (all or nothing)."""
    setup_django()
    from yjaudit.cases import services
    from yjaudit.cases.importing.reader import ImportFileError
    from yjaudit.organisations.models import Service

    name = str(file)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise CliError(
            _("%(file)s: cannot read the file: %(error)s") % {"file": name, "error": exc.strerror}
        ) from None
    service = Service.objects.filter(code=service_code.upper()).first()
    if service is None:
        raise CliError(_("no service with code %(code)r") % {"code": service_code})
    try:
        rows = len(services.read_upload(data, file.name).rows)
        if dry_run or rows < PROGRESS_FROM:
            plan = services.import_file(
                actor=None,
                service=service,
                filename=file.name,
                data=data,
                dry_run=dry_run,
                kind=kind,
            )
        else:
            with click.progressbar(length=rows, label=_("Importing"), file=sys.stderr) as bar:

                def step(n: int) -> None:
                    bar.update(n)

                plan = services.import_file(
                    actor=None,
                    service=service,
                    filename=file.name,
                    data=data,
                    progress=step,
                    kind=kind,
                )
    except ImportFileError as exc:
        _report(name, exc.problems)
    except services.ImportRejected as exc:
        _report(name, exc.plan.problems)
    except services.ImportConflict as exc:
        raise CliError(f"{name}: {exc}") from None
    for column in plan.identifying_columns:
        warn(
            _("%(file)s: column %(column)r ignored (identifying data is never stored)")
            % {"file": name, "column": column}
        )
    counts = {
        "service": service.code,
        "created": len(plan.creates),
        "updated": len(plan.updates),
        "unchanged": len(plan.unchanged),
    }
    if dry_run:
        done = _(
            "%(service)s: %(created)s cases would be created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        )
    else:
        done = _(
            "%(service)s: %(created)s cases were created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        )
    click.echo(done % counts)


def _report(name: str, problems: Sequence[Problem]) -> NoReturn:
    for problem in problems:
        click.echo(problem.format(name), err=True)
    count = len(problems)
    raise CliError(f"{count} problem{'s' if count != 1 else ''}; nothing was imported")
