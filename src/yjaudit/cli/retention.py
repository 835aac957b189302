"""`yjaudit retention run|erase|export`: retention rules, erasure of one case on request,
and a subject access request's export (docs/retention.md).

The CLI is a system job: its trail rows name no person (the actor is the system).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .django import setup_django
from .errors import CliError
from .i18n import _
from .tables import render_table


@click.group()
def retention() -> None:
    """Retention, erasure and subject access requests."""


def _service(code: str) -> Any:
    from yjaudit.organisations.models import Service

    service = Service.objects.filter(code=code.upper()).first()
    if service is None:
        raise CliError(_("no service with code %(code)r") % {"code": code})
    return service


def _case(service: Any, reference: str) -> Any:
    from yjaudit.retention.selectors import case_by_reference

    case = case_by_reference(service, reference)
    if case is None:
        raise CliError(
            _("%(service)s has no case %(reference)r")
            % {"service": service.code, "reference": reference}
        )
    return case


@retention.command("run")
@click.option("--apply", "apply", is_flag=True, help="Remove or anonymise (default: dry run).")
@click.option("--service", "service_code", default="", help="Only this service's records.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def run(apply: bool, service_code: str, as_json: bool) -> None:
    """What is past retention, kind by kind; with --apply, remove or anonymise it."""
    setup_django()
    from yjaudit.retention import services
    from yjaudit.retention.rules import KINDS

    service = _service(service_code) if service_code else None
    label = _("Applying") if apply else _("Checking")
    with click.progressbar(length=len(KINDS), label=label, file=sys.stderr) as bar:
        result = services.run_retention(
            actor=None, apply=apply, service=service, progress=lambda _kind: bar.update(1)
        )
    if as_json:
        click.echo(json.dumps(result.as_dict()))
        return
    verb = _("done") if apply else _("due")
    rows = [
        [r.kind, r.action, r.cutoff.isoformat(), str(r.count), "inferred" if r.inferred else ""]
        for r in result.results
    ]
    click.echo(render_table([_("kind"), _("action"), _("before"), verb, _("rule")], rows))
    if not apply:
        click.echo(_("Dry run: nothing was changed. Add --apply to remove or anonymise."))


@retention.command("erase")
@click.argument("reference")
@click.option("--service", "service_code", required=True, help="The service's code.")
@click.option("--reason", required=True, help="Why the case is erased (kept in the trail).")
def erase(reference: str, service_code: str, reason: str) -> None:
    """Erase one child's case: identifying data removed, answers kept as figures."""
    setup_django()
    from yjaudit.retention import services

    service = _service(service_code)
    case = _case(service, reference)
    try:
        erasure = services.erase_case(actor=None, case=case, reason=reason)
    except services.RetentionError as exc:
        raise CliError(str(exc)) from None
    click.echo(
        _("%(service)s: case erased; it is now %(token)s.")
        % {"service": service.code, "token": erasure.token}
    )


@retention.command("export")
@click.argument("reference")
@click.option("--service", "service_code", required=True, help="The service's code.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def export(reference: str, service_code: str, output: Path) -> None:
    """Everything held on one case reference, as a ZIP (subject access request)."""
    setup_django()
    from yjaudit.retention import services

    service = _service(service_code)
    case = _case(service, reference)
    data = services.export_case(actor=None, case=case)
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise CliError(
            _("%(file)s: cannot write: %(error)s") % {"file": output, "error": exc.strerror}
        ) from None
    click.echo(_("%(file)s: %(n)s bytes.") % {"file": output, "n": len(data)})
