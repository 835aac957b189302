"""`yjaudit plans import FILE PLAN_ID` and `yjaudit plans export PLAN_ID --output FILE`.

Import reads an Excel sheet in the layout of a plan's table (Action | Timescale | Lead |
Outcome | Progress, numbers and headings in the first column). Problems are printed as
``file:row:column: message``, exit status 2, nothing written. Export writes Word, PDF or
Excel by the output file's extension (or --format).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import click

from . import archiving
from .django import setup_django
from .errors import CliError
from .i18n import _, ngettext
from .listing import plans_list

FORMATS = ("docx", "pdf", "xlsx")


@click.group()
def plans() -> None:
    """Improvement plans."""


plans.add_command(plans_list)
plans.add_command(archiving.plan_archive)
plans.add_command(archiving.plan_restore)
plans.add_command(archiving.plan_findings)
plans.add_command(archiving.plan_actions)


def _plan(plan_id: str) -> Any:
    from yjaudit.improvement.models import ImprovementPlan

    try:
        key = uuid.UUID(plan_id)
    except ValueError:
        raise CliError(
            _("%(id)r is not a plan id (a UUID, shown in the plan's address)") % {"id": plan_id}
        ) from None
    plan = ImprovementPlan.objects.select_related("service").filter(pk=key).first()
    if plan is None:
        raise CliError(_("no plan with id %(id)s") % {"id": plan_id})
    return plan


@plans.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("plan_id")
def import_plan(file: Path, plan_id: str) -> None:
    """Add the recommendations and actions of an Excel sheet to a plan (all or nothing)."""
    setup_django()
    from yjaudit.improvement.importing import PlanImportError, import_plan_sheet

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise CliError(
            _("%(file)s: cannot read the file: %(error)s") % {"file": file, "error": exc.strerror}
        ) from None
    plan = _plan(plan_id)
    try:
        summary = import_plan_sheet(actor=None, plan=plan, data=data)
    except PlanImportError as exc:
        for problem in exc.problems:
            click.echo(problem.format(str(file)), err=True)
        count = len(exc.problems)
        raise CliError(
            ngettext(
                "%(n)s problem; nothing was imported", "%(n)s problems; nothing was imported", count
            )
            % {"n": count}
        ) from None
    click.echo(
        _("%(plan)s: imported %(recommendations)s recommendations and %(actions)s actions.")
        % {
            "plan": plan.title,
            "recommendations": summary.recommendations,
            "actions": summary.actions,
        }
    )


@plans.command("export")
@click.argument("plan_id")
@click.option(
    "-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from --output.")
def export_plan(plan_id: str, out: Path, fmt: str | None) -> None:
    """Write the plan as Word, PDF or Excel in the layout of its table."""
    fmt = fmt or out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise CliError(
            _("%(file)s: say --format %(formats)s or use one of those extensions")
            % {"file": out, "formats": "|".join(FORMATS)}
        )
    setup_django()
    from yjaudit.improvement import exporting

    plan = _plan(plan_id)
    build = {"docx": exporting.to_docx, "pdf": exporting.to_pdf, "xlsx": exporting.to_xlsx}[fmt]
    try:
        out.write_bytes(build(plan))
    except OSError as exc:
        raise CliError(
            _("%(file)s: cannot write the file: %(error)s") % {"file": out, "error": exc.strerror}
        ) from None
    click.echo(_("Wrote %(file)s") % {"file": out})
