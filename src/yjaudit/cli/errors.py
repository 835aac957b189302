"""How the CLI fails: one clear message on stderr, exit status 2, never a traceback."""

from __future__ import annotations

from typing import IO, Any, NoReturn

import click

from yjaudit.spec import FrameworkFileError

from .i18n import _, ngettext

BAD_INPUT = 2


class CliError(click.ClickException):
    """Bad input: printed as `error: <message>` on stderr; exit status 2."""

    exit_code = BAD_INPUT

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(_("error: %(message)s") % {"message": self.format_message()}, err=True)


class CliBug(CliError):
    """An unexpected error inside yjaudit, reported in one line; exit status 1."""

    exit_code = 1


def fail(message: str) -> NoReturn:
    raise CliError(message)


def warn(message: str) -> None:
    click.echo(_("warning: %(message)s") % {"message": message}, err=True)


def framework_problem(exc: FrameworkFileError) -> CliError:
    """One message for a framework that cannot be used: its first problem, and a count."""
    if not exc.problems:
        return CliError(str(exc) or _("the framework cannot be used"))
    first = exc.problems[0]
    message = str(first)
    if first.message.startswith("unknown framework"):
        rest = first.message.removeprefix("unknown framework").strip()
        message = _("unknown framework %(file)r %(rest)s") % {"file": first.file, "rest": rest}
    more = len(exc.problems) - 1
    if more:
        message += ngettext(
            " (and %(n)s more problem; `yjaudit frameworks validate %(file)s` lists them all)",
            " (and %(n)s more problems; `yjaudit frameworks validate %(file)s` lists them all)",
            more,
        ) % {"n": more, "file": first.file}
    return CliError(message)
