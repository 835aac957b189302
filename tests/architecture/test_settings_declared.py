"""Every setting the code reads is declared, once, in config/settings/base.py.

A default written beside the reader (`getattr(settings, "X", default)`) is a second
place the value lives; a setting read but declared nowhere cannot be found by a
deployment. This reads src/ with `ast`.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import global_settings

import yjaudit
from yjaudit.config.settings import base

SRC = Path(yjaudit.__file__).parent

# (module, setting) read with a default beside it today, with what fixes it; the test
# fails on any other, and on a listed one that is gone.
KNOWN: dict[tuple[str, str], str] = {
    ("monitoring/report.py", "YJAUDIT_REPORT_MARKING"): (
        "declared in base.py; read it as settings.YJAUDIT_REPORT_MARKING (monitoring's owner)"
    ),
}


def _reads(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(settings read, settings read with a default) in one module."""
    read: set[str] = set()
    defaulted: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "settings"
            and node.attr.isupper()
        ):
            read.add(node.attr)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "hasattr"}
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            read.add(node.args[1].value)
            if node.func.id == "getattr" and len(node.args) == 3:
                defaulted.add(node.args[1].value)
    return read, defaulted


def scan(src: Path) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    read: dict[tuple[str, str], int] = {}
    defaulted: dict[tuple[str, str], int] = {}
    for path in sorted(src.rglob("*.py")):
        where = path.relative_to(src).as_posix()
        if where.startswith("config/settings/") or "/migrations/" in where:
            continue
        names, with_default = _reads(ast.parse(path.read_text(encoding="utf-8")))
        read.update({(where, n): 1 for n in names})
        defaulted.update({(where, n): 1 for n in with_default})
    return read, defaulted


def declared(name: str) -> bool:
    return hasattr(base, name) or hasattr(global_settings, name)


def test_every_setting_read_is_declared() -> None:
    read, _ = scan(SRC)
    missing = sorted(f"{where}: {name}" for where, name in read if not declared(name))
    assert not missing, "Declare these in config/settings/base.py:\n" + "\n".join(missing)


def test_no_default_beside_a_reader() -> None:
    _, defaulted = scan(SRC)
    new = sorted(f"{w}: {n}" for w, n in defaulted if (w, n) not in KNOWN)
    gone = [k for k in KNOWN if k not in defaulted]
    assert not new, "Read these as settings.NAME (the default lives in base.py):\n" + "\n".join(new)
    assert not gone, f"Fixed: take these out of KNOWN: {gone}"


def test_the_scan_finds_reads_and_defaults() -> None:
    tree = ast.parse(
        "from django.conf import settings\n"
        "a = settings.YJAUDIT_X\n"
        "b = getattr(settings, 'YJAUDIT_Y', 3)\n"
        "c = hasattr(settings, 'YJAUDIT_Z')\n"
    )
    read, defaulted = _reads(tree)
    assert read == {"YJAUDIT_X", "YJAUDIT_Y", "YJAUDIT_Z"}
    assert defaulted == {"YJAUDIT_Y"}
    assert not declared("YJAUDIT_Y") and declared("YJAUDIT_2FA_EXEMPT_ROLES")


def test_every_plug_in_setting_is_declared() -> None:
    """A plug-in named in config.plugins.PLUGINS but not declared in base.py would fail at
    its first use (settings.NAME), far from where it was added."""
    from yjaudit.config import plugins
    from yjaudit.config.settings import base

    missing = [name for name in plugins.PLUGINS if not hasattr(base, name)]
    assert not missing, f"Declare in config/settings/base.py: {missing}"
