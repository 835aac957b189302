"""The `yjaudit` command (console script `yjaudit = "yjaudit.cli.main:main"`).

Each command group lives in its own module and is registered below with one
`main.add_command(...)` line. Commands that need the database import Django inside
the command (see `django.py`), so `frameworks list/show/validate` and `score` run
without one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from yjaudit import __version__

from .answers import answers
from .benchmarks import benchmarks
from .cases import cases
from .compliance import compliance
from .disproportionality import disproportionality
from .errors import CliBug
from .frameworks import frameworks
from .i18n import _, activate, choose, gettext_noop, localise
from .indicators import indicators
from .listing import rounds, staff
from .notifications import notifications
from .plans import plans
from .questionnaires import questionnaires
from .report import report
from .retention import retention
from .sample import sample
from .score import score


class YjauditGroup(click.Group):
    """A group that turns any unexpected error into one line instead of a traceback, and
    speaks the language chosen for the run (see `i18n`)."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        argv = sys.argv[1:] if args is None else list(args)
        activate(choose(argv, os.environ))  # before parsing, so --help is translated too
        localise(self)
        return super().main(argv, *rest, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:
            if os.environ.get("YJAUDIT_DEBUG"):
                raise
            raise CliBug(
                _(
                    "unexpected %(kind)s: %(error)s "
                    "(this is a bug in yjaudit; set YJAUDIT_DEBUG=1 to see where)"
                )
                % {"kind": type(exc).__name__, "error": exc}
            ) from None


@click.group(cls=YjauditGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="yjaudit")
@click.option(
    "--language",
    type=click.Choice(["en", "cy"]),
    help=gettext_noop(
        "Language of messages and help: en (English) or cy (Cymraeg). "
        "Default: YJAUDIT_LANGUAGE, else Welsh if LANG or LC_ALL starts with cy."
    ),
)
def main(language: str | None) -> None:
    """yjaudit: inspect youth justice casework the way the inspectorate does.

    Bad input stops a command with one message naming the file, row (the header is
    row 1) and column, and exit status 2. Warnings go to stderr.
    """


main.add_command(frameworks)
main.add_command(score)
main.add_command(cases)
main.add_command(sample)
main.add_command(report)
main.add_command(answers)
main.add_command(plans)
main.add_command(disproportionality)
main.add_command(indicators)
main.add_command(rounds)
main.add_command(staff)
main.add_command(questionnaires)
main.add_command(benchmarks)
main.add_command(compliance)
main.add_command(notifications)
main.add_command(retention)
