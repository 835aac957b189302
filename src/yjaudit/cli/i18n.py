"""The CLI in English or Welsh.

The language is `--language en|cy` (on the main group or a command), else YJAUDIT_LANGUAGE,
else Welsh when LC_ALL (or, when LC_ALL is not set, LANG) starts with "cy", else English
(`choose`, the one place that decides: `report` writes its files in it too). It is chosen
before click parses the command line, so `--help` is in that language too.

Commands that run without Django (frameworks list/show/validate, score) must still speak
Welsh, so the CLI does not use Django's translation machinery: it reads the same compiled
catalogues (`*.mo`, made by `python -m yjaudit.web.pocompile`) with Python's own gettext.
The shared catalogue and the CLI's own (`cli/locale`) are read; in English every message is
its msgid, so English output is exactly what the code says.

Messages in code are marked with `_` (translated now) or `gettext_noop` (a help text that is
translated when help is shown). Commands' docstrings and option help texts are translated
by walking the command tree (`localise`): their Welsh lives in the CLI's catalogue, keyed
by the cleaned text, and a test checks that every one has Welsh. A command that sets
Django up also activates the language there, so a service's error message matches.
"""

from __future__ import annotations

import gettext as pygettext
import inspect
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

SRC = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "cy")
# The CLI's own catalogue first, then the shared one, then every package's (as Django's
# LOCALE_PATHS), so a word the pages already translate reads the same here.
CATALOGUES = (
    SRC / "cli" / "locale",
    SRC / "locale",
    *sorted(p for p in SRC.glob("*/locale") if p.parent.name != "cli"),
)

_state: dict[str, Any] = {"language": "en", "catalogue": pygettext.NullTranslations()}


def choose(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language for this run: the flag, else YJAUDIT_LANGUAGE, else the locale."""
    args = [str(a) for a in argv]  # callers may pass paths
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--language" and i + 1 < len(args):
            return _known(args[i + 1])
        if arg.startswith("--language="):
            return _known(arg.partition("=")[2])
    chosen = environ.get("YJAUDIT_LANGUAGE", "").strip()
    if chosen:
        return _known(chosen)
    # As the C library reads them: a set LC_ALL overrides LANG (LC_ALL=en_GB, LANG=cy_GB
    # is English).
    locale = environ.get("LC_ALL") or environ.get("LANG") or ""
    return "cy" if locale.strip().lower().startswith("cy") else "en"


def _known(code: str) -> str:
    return "cy" if code.strip().lower().startswith("cy") else "en"


def _catalogue(language: str) -> pygettext.NullTranslations:
    if language == "en":
        return pygettext.NullTranslations()
    found: pygettext.NullTranslations | None = None
    for root in CATALOGUES:
        mo = root / language / "LC_MESSAGES" / "django.mo"
        if not mo.exists():
            continue
        with mo.open("rb") as f:
            each = pygettext.GNUTranslations(f)
        if found is None:
            found = each
        else:
            found.add_fallback(each)
    return found or pygettext.NullTranslations()


def activate(language: str) -> None:
    language = _known(language)
    _state["language"] = language
    _state["catalogue"] = _catalogue(language)


def language() -> str:
    return str(_state["language"])


def gettext(message: str) -> str:
    return str(_state["catalogue"].gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    return str(_state["catalogue"].ngettext(singular, plural, n))


def gettext_noop(message: str) -> str:
    """Marks a message that is translated later (when help is shown)."""
    return message


_ = gettext


def help_key(text: str) -> str:
    """The catalogue key of a help text: as click shows it (cleaned, up to a form feed)."""
    return inspect.cleandoc(text).partition("\f")[0]


_ENGLISH = "_yjaudit_english"  # where each help text's English is kept


def _swap(obj: Any, attr: str) -> None:
    originals = obj.__dict__.setdefault(_ENGLISH, {})
    if attr not in originals:
        originals[attr] = getattr(obj, attr, None)
    english = originals[attr]
    if english:
        setattr(obj, attr, gettext(help_key(english)) if language() != "en" else english)


def help_texts(command: click.Command) -> list[str]:
    """Every help text of the command tree (keys in the catalogue), in English."""
    found: list[str] = []
    for obj, attr in _help_fields(command):
        english = obj.__dict__.get(_ENGLISH, {}).get(attr, getattr(obj, attr, None))
        if english:
            found.append(help_key(english))
    return found


def _help_fields(command: click.Command, deep: bool = True) -> list[tuple[Any, str]]:
    fields: list[tuple[Any, str]] = [(command, "help"), (command, "short_help")]
    fields += [(command, "epilog")]
    fields += [(p, "help") for p in command.params if isinstance(p, click.Option)]
    if isinstance(command, click.Group) and deep:
        # Through get_command, so lazily loaded commands (cli.main) are included.
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                fields += _help_fields(sub)
    return fields


def localise(command: click.Command, deep: bool = True) -> None:
    """Put the chosen language's help texts on the command and options (and, when deep,
    every command under it)."""
    for obj, attr in _help_fields(command, deep):
        _swap(obj, attr)
    _set_context_class(command)


class Formatter(click.HelpFormatter):
    """Click's help layout with its own headings and option help in the chosen language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = f"{gettext('Usage:')} "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(gettext(heading))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = [(term, gettext(text) if text else text) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


class Context(click.Context):
    formatter_class = Formatter


def _set_context_class(command: click.Command) -> None:
    command.context_class = Context
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _set_context_class(sub)


# Click's own words in help pages, marked here so the catalogue check asks for their Welsh.
CLICK_WORDS = (
    gettext_noop("Usage:"),
    gettext_noop("Options"),
    gettext_noop("Commands"),
    gettext_noop("Arguments"),
    gettext_noop("Show this message and exit."),
    gettext_noop("Show the version and exit."),
)
