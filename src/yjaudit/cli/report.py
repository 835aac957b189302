"""`yjaudit report ROUND_ID --kind round|trend|practitioner|board --format
html|pdf|docx|xlsx --output FILE [--staff ID] [--language en|cy]`: write a report file.

The report's language is the run's (`i18n.choose`): --language, else YJAUDIT_LANGUAGE, else
Welsh when LC_ALL (or LANG, when LC_ALL is not set) starts with "cy" (e.g. cy_GB.UTF-8),
else English."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .django import setup_django
from .errors import CliError
from .i18n import LANGUAGES, _
from .i18n import language as cli_language

KINDS = ("round", "trend", "practitioner", "board")
FORMATS = ("html", "pdf", "docx", "xlsx")


@click.command()
@click.argument("round_id", type=int)
@click.option("--kind", type=click.Choice(KINDS), default="round", show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), help="Default: from --output's suffix."
)
@click.option(
    "-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), required=True
)
@click.option("--staff", "staff_id", type=int, help="Staff member id (practitioner feedback).")
@click.option(
    "--benchmarks",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Benchmark figures (CSV or YAML) instead of this system's other services.",
)
@click.option(
    "--rounds",
    type=click.IntRange(1, 40),
    default=8,
    show_default=True,
    help="Rounds in a trend or board pack.",
)
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    help="en or cy (Welsh). Default: YJAUDIT_LANGUAGE, else cy when LANG starts with cy.",
)
def report(
    round_id: int,
    kind: str,
    fmt: str | None,
    out: Path,
    staff_id: int | None,
    benchmarks: Path | None,
    rounds: int,
    language: str | None,
) -> None:
    """Write a round's report: round, trend, practitioner feedback or board pack."""
    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise CliError(
            _("--format: give one of %(formats)s (or an --output ending in one)")
            % {"formats": ", ".join(FORMATS)}
        )
    if kind == "practitioner" and staff_id is None:
        raise CliError(_("--staff: practitioner feedback needs the staff member's id"))
    if kind != "practitioner" and staff_id is not None:
        raise CliError(_("--staff: only for --kind practitioner"))
    setup_django()
    from yjaudit.audits.models import AuditRound
    from yjaudit.organisations.models import StaffMember
    from yjaudit.reports import sources
    from yjaudit.reports.benchmarks import BenchmarkFileError
    from yjaudit.reports.make import build_document
    from yjaudit.reports.render import render

    audit_round = (
        AuditRound.objects.filter(pk=round_id)
        .select_related("service", "framework_edition")
        .first()
    )
    if audit_round is None:
        raise CliError(_("no audit round %(id)s") % {"id": round_id})
    staff = None
    if staff_id is not None:
        staff = StaffMember.objects.filter(pk=staff_id, service=audit_round.service).first()
        if staff is None:
            raise CliError(
                _("--staff: no staff member %(id)s in %(service)s")
                % {"id": staff_id, "service": audit_round.service.code}
            )
    progress: Callable[[Any], None] | None = None
    with contextlib.ExitStack() as stack:
        if kind in ("trend", "board"):
            total = len(sources.service_rounds(audit_round, rounds))
            bar = stack.enter_context(
                click.progressbar(length=total, label=_("Scoring rounds"), file=sys.stderr)
            )

            def tick(_r: AuditRound) -> None:
                bar.update(1)

            progress = tick
        try:
            doc = build_document(
                audit_round,
                kind,
                staff=staff,
                benchmarks_file=benchmarks,
                rounds=rounds,
                progress=progress,
                # The run's language, chosen by `i18n.choose` before the command line was
                # parsed (this command's --language included), so always one of LANGUAGES.
                language=language or cli_language(),
            )
        except BenchmarkFileError as exc:
            raise CliError(f"--benchmarks: {exc}") from None
    data = render(doc, fmt)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise CliError(
            _("--output: cannot write %(file)s: %(error)s") % {"file": out, "error": exc.strerror}
        ) from None
    click.echo(
        _("%(file)s: %(kind)s report for round %(id)s (%(format)s, %(size)s bytes)")
        % {"file": out, "kind": kind, "id": round_id, "format": fmt, "size": f"{len(data):,}"}
    )
