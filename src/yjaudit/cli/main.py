"""The `yjaudit` command (console script `yjaudit = "yjaudit.cli.main:main"`).

Each command group lives in its own module and is registered with one line in
`LAZY_COMMANDS` (imported only when it runs; `main.add_command(...)` works too).
Commands that need the database import Django inside the command (see `django.py`), so
`frameworks list/show/validate` and `score` run without one.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from yjaudit import __version__

from .errors import CliBug
from .i18n import _, activate, choose, gettext_noop, localise

# Command name -> "module:attribute" under yjaudit.cli, imported only when the command
# runs (Click's lazily loaded subcommands). Importing every command module at start-up
# cost each `yjaudit` process about 0.5 s of CPU (numpy, the interchange formats, ...)
# whatever it ran. A command added with `main.add_command(...)` below works as well.
LAZY_COMMANDS: dict[str, str] = {
    "frameworks": "frameworks:frameworks",
    "score": "score:score",
    "cases": "cases:cases",
    "sample": "sample:sample",
    "report": "report:report",
    "answers": "answers:answers",
    "plans": "plans:plans",
    "disproportionality": "disproportionality:disproportionality",
    "indicators": "indicators:indicators",
    "rounds": "listing:rounds",
    "staff": "listing:staff",
    "questionnaires": "questionnaires:questionnaires",
    "benchmarks": "benchmarks:benchmarks",
    "compliance": "compliance:compliance",
    "notifications": "notifications:notifications",
    "retention": "retention:retention",
}


class YjauditGroup(click.Group):
    """A group that turns any unexpected error into one line instead of a traceback, and
    imports a command's module only when that command is asked for, and speaks the
    language chosen for the run (see `i18n`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            module, attribute = LAZY_COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(f"yjaudit.cli.{module}"), attribute)
            localise(command)
            self.add_command(command, cmd_name)
        return command

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        argv = sys.argv[1:] if args is None else list(args)
        activate(choose(argv, os.environ))  # before parsing, so --help is translated too
        localise(self, deep=False)  # each command as it is loaded (get_command) ...
        for command in list(self.commands.values()):  # ... or again, if loaded before
            localise(command)
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
