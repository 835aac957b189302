"""`yjaudit compliance import-events|import-memberships|figures|uncovered|settings`: National
Standards compliance and risk forum coverage (the `practice` app).

Errors are printed one per line as ``file:row:column: message`` (the header is row 1)
and exit with status 2, having written nothing. The CLI is a system job: it sees every
case of the service (case references included), as the service's administrators do.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from .django import setup_django
from .errors import CliError, warn
from .i18n import _, ngettext
from .tables import render_table

PROGRESS_FROM = 500  # rows: below this an import is quick enough to need no bar


@click.group()
def compliance() -> None:
    """National Standards compliance and risk forum coverage."""


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


def _import(file: Path, service_code: str, kind: str, dry_run: bool, as_json: bool) -> None:
    setup_django()
    from django.db import transaction

    from yjaudit.cases.importing.reader import ImportFileError
    from yjaudit.practice import services

    data = _read(file)
    service = _service(service_code)
    try:
        with transaction.atomic():
            batch = services.start_import(
                actor=None, service=service, kind=kind, filename=file.name, data=data
            )
            if dry_run:
                transaction.set_rollback(True)
            elif batch.created < PROGRESS_FROM:
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
    except ImportFileError as exc:
        for problem in exc.problems:
            click.echo(problem.format(str(file)), err=True)
        count = len(exc.problems)
        raise CliError(
            ngettext(
                "%(n)s problem; nothing was imported", "%(n)s problems; nothing was imported", count
            )
            % {"n": count}
        ) from None
    for heading in batch.columns_dropped:
        warn(
            _("%(file)s: column %(column)r not used and never stored")
            % {"file": file, "column": heading}
        )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "service": service.code,
                    "kind": kind,
                    "rows": batch.rows,
                    "written": 0 if dry_run else batch.created,
                    "new": batch.created,
                    "already_held": batch.unchanged,
                    "dry_run": dry_run,
                    "columns_dropped": batch.columns_dropped,
                }
            )
        )
        return
    counts = {"service": service.code, "rows": batch.rows, "kind": kind, "n": batch.created}
    if dry_run:
        click.echo(_("%(service)s: %(rows)s %(kind)s rows: %(n)s would be written.") % counts)
    else:
        click.echo(_("%(service)s: %(rows)s %(kind)s rows: %(n)s written.") % counts)


_import_options = [
    click.argument("file", type=click.Path(dir_okay=False, path_type=Path)),
    click.option("--service", "service_code", required=True, help="The service's code."),
    click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing."),
    click.option("--json", "as_json", is_flag=True, help="Print JSON."),
]


def _with_import_options(func: Any) -> Any:
    for option in reversed(_import_options):
        func = option(func)
    return func


@compliance.command("import-events")
@_with_import_options
def import_events(file: Path, service_code: str, dry_run: bool, as_json: bool) -> None:
    """Import case events (case reference, event type, date) from a CSV or XLSX export:
    all or nothing; events already held are left alone."""
    _import(file, service_code, "events", dry_run, as_json)


@compliance.command("import-memberships")
@_with_import_options
def import_memberships(file: Path, service_code: str, dry_run: bool, as_json: bool) -> None:
    """Import risk forum memberships (case reference, forum, from, to)."""
    _import(file, service_code, "memberships", dry_run, as_json)


def _month(text: str, default: Any) -> Any:
    from yjaudit.compliance import Month

    if not text:
        return default
    try:
        year, month = (int(p) for p in text.split("-"))
        return Month(year, month) if 1 <= month <= 12 and 2000 <= year <= 2100 else None
    except ValueError:
        return None


@compliance.command("figures")
@click.option("--service", "service_code", required=True, help="The service's code.")
@click.option("--month", default="", help="A month such as 2025-03 (default: the last).")
@click.option(
    "--by",
    type=click.Choice(["service", "team", "case_manager"]),
    default="service",
    show_default=True,
    help="The scope of each row.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def figures(service_code: str, month: str, by: str, as_json: bool) -> None:
    """Occasions due, met, missed and not yet due per standard for a month."""
    setup_django()
    from django.utils import timezone

    from yjaudit.compliance import Scope
    from yjaudit.practice import selectors

    service = _service(service_code)
    today = timezone.localdate()
    chosen = _month(month, selectors.latest_month(service, today))
    if chosen is None:
        raise CliError(_("unknown month %(month)r: use YYYY-MM, e.g. 2025-03") % {"month": month})
    scope = Scope(by)
    cases = selectors.visible_cases(service, None)
    names = selectors.names(service)
    found = [
        f
        for f in selectors.figures(
            service, cases, [chosen], as_of=today, scopes=tuple({Scope.SERVICE, scope})
        )
        if f.scope is scope
    ]
    out: list[dict[str, Any]] = [
        {
            "rule": f.rule,
            "month": f.month.label,
            "scope": f.scope.value,
            "group": names.of(f.scope, f.group),
            "due": f.due,
            "met": f.met,
            "missed": f.missed,
            "not_yet_due": f.not_yet_due,
            "rate": f.rate,
            "missed_cases": list(f.missed_cases),
        }
        for f in found
    ]
    if as_json:
        click.echo(
            json.dumps({"service": service.code, "month": chosen.label, "figures": out}, indent=2)
        )
        return
    click.echo(f"{service.code} {selectors.rule_set(service).id} {chosen.label}")
    click.echo(
        render_table(
            [
                _("Standard"),
                _("Group"),
                _("Due"),
                _("Met"),
                _("Missed"),
                _("Not yet due"),
                _("Met %"),
            ],
            [
                [
                    r["rule"],
                    r["group"],
                    str(r["due"]),
                    str(r["met"]),
                    str(r["missed"]),
                    str(r["not_yet_due"]),
                    "" if r["rate"] is None else f"{r['rate']:.0%}",
                ]
                for r in out
            ],
        )
    )


@compliance.command("uncovered")
@click.option("--service", "service_code", required=True, help="The service's code.")
@click.option(
    "--on", "on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="The day (default: today)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def uncovered(service_code: str, on: dt.datetime | None, as_json: bool) -> None:
    """Open cases at or above the risk threshold that no risk forum holds."""
    setup_django()
    from django.utils import timezone

    from yjaudit.compliance import Scope
    from yjaudit.practice import selectors

    service = _service(service_code)
    day = on.date() if on else timezone.localdate()
    names = selectors.names(service)
    gaps = selectors.uncovered(service, selectors.visible_cases(service, None), day)
    out: list[dict[str, Any]] = [
        {
            "reference": u.reference,
            "case_manager": names.of(Scope.CASE_MANAGER, u.case_manager),
            "team": names.of(Scope.TEAM, u.team),
            "risk": u.risk.label,
            "since": u.since.isoformat(),
            "days_uncovered": u.days_uncovered,
        }
        for u in gaps
    ]
    if as_json:
        click.echo(
            json.dumps({"service": service.code, "on": day.isoformat(), "uncovered": out}, indent=2)
        )
        return
    threshold = selectors.forum_policy(service).threshold.label
    click.echo(
        _("%(service)s on %(day)s: %(n)s uncovered at %(threshold)s or higher")
        % {"service": service.code, "day": day.isoformat(), "n": len(out), "threshold": threshold}
    )
    click.echo(
        render_table(
            [_("Case"), _("Case manager"), _("Team"), _("Risk"), _("Since"), _("Days")],
            [
                [
                    r["reference"],
                    r["case_manager"],
                    r["team"],
                    r["risk"],
                    r["since"],
                    str(r["days_uncovered"]),
                ]
                for r in out
            ],
        )
    )


@compliance.command("settings")
@click.option("--service", "service_code", required=True, help="The service's code.")
@click.option("--rules", "rule_set", default="", help="A bundled rule set's id.")
@click.option(
    "--threshold",
    type=click.Choice(["", "low", "medium", "high", "very-high"]),
    default=None,
    help='Risk forum threshold ("" for the default, Medium).',
)
@click.option("--add-forum", "forum", nargs=2, default=None, metavar="CODE NAME")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def settings(
    service_code: str,
    rule_set: str,
    threshold: str | None,
    forum: tuple[str, str] | None,
    as_json: bool,
) -> None:
    """Show or change the service's rule set, forum threshold and its own forums."""
    setup_django()
    from yjaudit.practice import selectors, services

    service = _service(service_code)
    try:
        if rule_set or threshold is not None:
            current = selectors.settings_of(service)
            services.set_settings(
                actor=None,
                service=service,
                rule_set=rule_set or current.rule_set,
                threshold=current.threshold if threshold is None else threshold,
            )
        if forum:
            services.add_forum(actor=None, service=service, code=forum[0], name=forum[1])
    except services.SettingsError as exc:
        raise CliError(str(exc)) from None
    policy = selectors.forum_policy(service)
    out = {
        "service": service.code,
        "rules": selectors.rule_set(service).id,
        "threshold": policy.threshold.label,
        "forums": [{"code": f.id, "name": f.name} for f in policy.forums],
    }
    if as_json:
        click.echo(json.dumps(out, indent=2))
        return
    click.echo(
        _("%(service)s: rules %(rules)s, threshold %(threshold)s")
        % {"service": service.code, "rules": out["rules"], "threshold": out["threshold"]}
    )
    click.echo(_("forums: ") + ", ".join(f["code"] for f in out["forums"]))
