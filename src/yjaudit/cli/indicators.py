"""`yjaudit indicators list|import|comparators|figures`: performance indicators.

Errors are printed one per line as ``file:row:column: message`` (the header is row 1)
and exit with status 2, having written nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .django import setup_django
from .errors import CliError, warn
from .i18n import _, language
from .tables import render_table

PROGRESS_FROM = 500  # records: below this an import is quick enough to need no bar


@click.group()
def indicators() -> None:
    """Performance indicators: definitions, records and figures."""


@indicators.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_sets(as_json: bool) -> None:
    """The bundled indicator sets and their indicators."""
    from yjaudit.indicators import bundled_indicator_sets

    # Titles in the language the CLI speaks (ids and kinds stay as they are).
    sets = list(bundled_indicator_sets(language()))
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "name": s.name,
                        "indicators": [
                            {
                                "id": i.id,
                                "title": i.title,
                                "kind": str(i.kind),
                                "inferred": i.inferred,
                            }
                            for i in s.indicators
                        ],
                    }
                    for s in sets
                ],
                indent=2,
            )
        )
        return
    for s in sets:
        click.echo(f"\n{s.id}: {s.name}")
        click.echo(
            render_table(
                [_("Indicator"), _("Kind"), _("Title")],
                [[i.id, str(i.kind) + (" *" if i.inferred else ""), i.title] for i in s.indicators],
            )
        )
    click.echo("\n" + _("* definition inferred: no published definition was found"))


def _service(code: str) -> Any:
    from yjaudit.organisations.models import Service

    service = Service.objects.filter(code=code.upper()).first()
    if service is None:
        raise CliError(_("no service with code %(code)r") % {"code": code})
    return service


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise CliError(
            _("%(file)s: cannot read the file: %(error)s") % {"file": file, "error": exc.strerror}
        ) from None


def _fail(name: str, problems: list[Any]) -> None:
    for problem in problems:
        click.echo(problem.format(name), err=True)
    count = len(problems)
    raise CliError(f"{count} problem{'s' if count != 1 else ''}; nothing was imported")


@indicators.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--service", "service_code", required=True, help="The service's code.")
@click.option(
    "--records",
    "record_set",
    required=True,
    type=click.Choice(["interventions", "reoffending_cohort", "board_attendance", "population"]),
    help="What the file holds.",
)
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
def import_records(file: Path, service_code: str, record_set: str, dry_run: bool) -> None:
    """Import records from a CSV or XLSX export (all or nothing; updates by key)."""
    setup_django()
    from django.db import transaction

    from yjaudit.cases.importing.reader import ImportFileError
    from yjaudit.monitoring import selectors, services
    from yjaudit.monitoring.importing import check_file

    data = _read(file)
    service = _service(service_code)
    try:
        parsed = check_file(
            record_set=record_set,
            filename=file.name,
            data=data,
            remembered=selectors.remembered_mapping(service, record_set),
        )
        if dry_run:
            found = selectors.changes(
                service, record_set, [(k, v) for _row, k, v in parsed.records]
            )
            created, updated = found.created, found.updated
        else:
            with transaction.atomic():
                batch = services.start_import(
                    actor=None,
                    service=service,
                    record_set=record_set,
                    filename=file.name,
                    data=data,
                )
                if batch.created < PROGRESS_FROM:
                    batch = services.commit_import(actor=None, batch=batch)
                else:
                    with click.progressbar(
                        length=batch.created, label=_("Importing"), file=sys.stderr
                    ) as bar:
                        done = [0]

                        def step(n: int) -> None:
                            bar.update(n - done[0])
                            done[0] = n

                        batch = services.commit_import(actor=None, batch=batch, progress=step)
            created, updated = batch.created, batch.updated
    except ImportFileError as exc:
        _fail(str(file), exc.problems)
    for heading in parsed.dropped:
        warn(
            _("%(file)s: column %(column)r not used and never stored")
            % {"file": file, "column": heading}
        )
    counts = {
        "service": service.code,
        "n": len(parsed.records),
        "set": record_set,
        "created": created,
        "updated": updated,
    }
    if dry_run:
        message = _(
            "%(service)s: %(n)s %(set)s records: %(created)s would be created, %(updated)s updated."
        )
    else:
        message = _(
            "%(service)s: %(n)s %(set)s records: %(created)s were created, %(updated)s updated."
        )
    click.echo(message % counts)


@indicators.command("comparators")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_comparators(file: Path) -> None:
    """Import comparator figures (columns indicator, period, name, value[, source])."""
    setup_django()
    from yjaudit.cases.importing.reader import ImportFileError
    from yjaudit.monitoring import services

    try:
        count = services.import_comparators(actor=None, filename=file.name, data=_read(file))
    except ImportFileError as exc:
        _fail(str(file), exc.problems)
    click.echo(_("%(n)s comparator figures imported.") % {"n": count})


@indicators.command("figures")
@click.option("--service", "service_code", required=True, help="The service's code.")
@click.option("--set", "set_id", default="yjb-kpi-2023", show_default=True, help="Indicator set.")
@click.option("--quarter", default="", help='A quarter such as "2025-26 Q1" (default: the last).')
@click.option("--by", default="", help="A breakdown, e.g. ethnicity.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def figures(service_code: str, set_id: str, quarter: str, by: str, as_json: bool) -> None:
    """Each indicator's figure for a quarter, with its 95% interval."""
    setup_django()
    from django.utils import timezone

    from yjaudit.indicators import find_indicator_set, quarter_containing, quarters_ending
    from yjaudit.monitoring import selectors
    from yjaudit.spec import FrameworkFileError

    service = _service(service_code)
    try:
        indicator_set = find_indicator_set(set_id)
    except FrameworkFileError as exc:
        raise CliError(str(exc.problems[0]) if exc.problems else str(exc)) from None
    today = timezone.localdate()
    latest = quarter_containing(today, indicator_set.year_starts_month).previous()
    chosen = latest
    if quarter:
        matches = [q for q in quarters_ending(latest, 40) if q.label == quarter]
        if not matches:
            raise CliError(
                _("unknown quarter %(quarter)r: use a label such as %(latest)r")
                % {"quarter": quarter, "latest": latest.label}
            )
        chosen = matches[0]
    tables = selectors.Tables(service)
    out: list[dict[str, Any]] = []
    for ind in indicator_set.indicators:
        if by and by not in ind.breakdowns:
            continue
        figs = selectors.figure(
            tables, indicator_set, ind, chosen, today=today, by=(by,) if by else ()
        )
        for f in figs or []:
            out.append(
                {
                    "indicator": ind.id,
                    "period": f.period,
                    "group": list(f.group),
                    # A small cell's counts are not shown, here as on every page.
                    "numerator": None if f.suppressed else f.numerator,
                    "denominator": None if f.suppressed else f.denominator,
                    "value": f.value,
                    "ci_low": f.ci_low,
                    "ci_high": f.ci_high,
                    "suppressed": f.suppressed,
                    "note": f.note,
                }
            )
    if as_json:
        click.echo(
            json.dumps({"service": service.code, "quarter": chosen.label, "figures": out}, indent=2)
        )
        return
    click.echo(f"{service.code} {indicator_set.id} {chosen.label}")
    click.echo(
        render_table(
            [_("Indicator"), _("Group"), "n", "N", _("Value"), _("95% interval"), _("Note")],
            [
                [
                    r["indicator"],
                    ", ".join(r["group"]),
                    "" if r["numerator"] is None else str(r["numerator"]),
                    "" if r["denominator"] is None else str(r["denominator"]),
                    "" if r["value"] is None else f"{r['value']:.1f}",
                    "" if r["ci_low"] is None else f"{r['ci_low']:.1f}-{r['ci_high']:.1f}",
                    r["note"],
                ]
                for r in out
            ],
            right={2, 3, 4},
        )
    )
