"""How the CLI fails: one clear message on stderr, exit status 2, never a traceback."""

from __future__ import annotations

from typing import IO, Any, NoReturn

import click

from yjaudit.spec import FrameworkFileError

BAD_INPUT = 2


class CliError(click.ClickException):
    """Bad input: printed as `error: <message>` on stderr; exit status 2."""

    exit_code = BAD_INPUT

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class CliBug(CliError):
    """An unexpected error inside yjaudit, reported in one line; exit status 1."""

    exit_code = 1


def fail(message: str) -> NoReturn:
    raise CliError(message)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def framework_problem(exc: FrameworkFileError) -> CliError:
    """One message for a framework that cannot be used: its first problem, and a count."""
    if not exc.problems:
        return CliError(str(exc) or "the framework cannot be used")
    first = exc.problems[0]
    message = str(first)
    if first.message.startswith("unknown framework"):
        rest = first.message.removeprefix("unknown framework").strip()
        message = f"unknown framework {first.file!r} {rest}"
    more = len(exc.problems) - 1
    if more:
        plural = "s" if more > 1 else ""
        message += (
            f" (and {more} more problem{plural}; "
            f"`yjaudit frameworks validate {first.file}` lists them all)"
        )
    return CliError(message)
