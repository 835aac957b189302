"""`yjaudit benchmarks import|list`: published inspection ratings (docs/benchmarks.md).

Errors are printed one per line as ``file:row:column: message`` (the header is row 1)
and exit with status 2, having written nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .django import setup_django
from .errors import CliError
from .i18n import _, ngettext
from .tables import render_table

PROGRESS_FROM = 200  # rows: below this an import is quick enough to need no bar


@click.group()
def benchmarks() -> None:
    """Published inspection ratings, the national benchmark beside a round's figures."""


def _starter() -> Path:
    import yjaudit.benchmarking

    return Path(yjaudit.benchmarking.__file__).parent / "data" / "hmip-published-ratings.csv"


@benchmarks.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option(
    "--starter", is_flag=True, help="Import the bundled file of published HMIP youth ratings."
)
def import_file(file: Path | None, starter: bool) -> None:
    """Import a CSV or XLSX file of published ratings (all or nothing; updates by
    service, inspection date and framework)."""
    if (file is None) == (not starter):
        raise CliError(_("give a FILE or --starter (one of them)"))
    path = _starter() if starter else file
    assert path is not None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(
            _("%(file)s: cannot read the file: %(error)s") % {"file": path, "error": exc.strerror}
        ) from None
    setup_django()
    from yjaudit.benchmarking import services
    from yjaudit.cases.importing.reader import ImportFileError

    try:
        lines = data.count(b"\n")
        if lines < PROGRESS_FROM:
            batch = services.import_published(actor=None, filename=path.name, data=data)
        else:
            with click.progressbar(length=lines, label=_("Importing"), file=sys.stderr) as bar:
                done = [0]

                def step(n: int) -> None:
                    bar.update(n - done[0])
                    done[0] = n

                batch = services.import_published(
                    actor=None, filename=path.name, data=data, progress=step
                )
    except ImportFileError as exc:
        for problem in exc.problems:
            click.echo(problem.format(str(path)), err=True)
        count = len(exc.problems)
        raise CliError(
            ngettext(
                "%(n)s problem; nothing was imported", "%(n)s problems; nothing was imported", count
            )
            % {"n": count}
        ) from None
    click.echo(
        _("%(file)s: %(added)s added, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "file": path.name,
            "added": batch.created,
            "updated": batch.updated,
            "unchanged": batch.unchanged,
        }
    )


@benchmarks.command("list")
@click.option("--framework", default="", help="Only inspections on this framework id.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_inspections(framework: str, as_json: bool) -> None:
    """The published inspections held, newest first within each framework."""
    setup_django()
    from yjaudit.benchmarking import selectors

    rows = [
        {
            "service": p.service_name,
            "inspection_date": p.inspected,
            "framework": p.framework_id,
            "edition": p.edition,
            "ratings": p.ratings,
            "overall_score": None if p.overall_score is None else float(p.overall_score),
            "source": p.source,
        }
        for p in selectors.inspections(framework or None)
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = [
        (
            r["service"],
            r["inspection_date"],
            r["framework"],
            r["ratings"].get("overall", ""),
            str(len([k for k in r["ratings"] if k != "overall"])),
        )
        for r in rows
    ]
    click.echo(
        render_table(
            (_("Service"), _("Inspected"), _("Framework"), _("Overall"), _("Items rated")), table
        )
    )
