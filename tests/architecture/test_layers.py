"""The layer rules of docs/architecture.md, checked over the import graph.

Lower layers never import higher ones; pure packages import only pure packages;
services, selectors and models never import a view, API, form or URL module; and no
two apps import each other (directly or round a loop). Every import counts, deferred
ones included. `KNOWN` lists the imports that break a rule today, each with what
fixes it: the test fails on any other, and on a listed one that is gone (so the list
only shrinks).
"""

from __future__ import annotations

from pathlib import Path

import yjaudit

from .import_graph import Edge, edges_of, load

SRC = Path(yjaudit.__file__).parent

# Module prefix -> rank; the longest matching prefix wins. A module may import only
# modules of its own rank or lower. Ranks group into the layers of docs/architecture.md.
PURE = 0
RANKS: dict[str, int] = {
    # The root package (its version) and anything not placed below: a new package
    # starts as pure, so its first import of an app asks for a place here.
    "yjaudit": PURE,
    # Pure packages: no Django, no app; they may import each other.
    **{
        f"yjaudit.{name}": PURE
        for name in (
            "spec",
            "engine",
            "interchange",
            "sampling",
            "narrative",
            "charts",
            "reliability",
            "stats",
            "indicators",
            "compliance",
            "questionnaires",
            "errors",
        )
    },
    # Platform: settings and limits, the trail, who may do what, accounts, the UI kit
    # (web) and the API kit (permissions, parsers, filters, errors).
    "yjaudit.config": 10,
    "yjaudit.audittrail": 20,
    "yjaudit.organisations": 30,
    "yjaudit.audittrail.selectors": 35,  # reading the trail asks permissions
    "yjaudit.audittrail.views": 35,
    "yjaudit.audittrail.presenters": 35,
    "yjaudit.audittrail.urls": 35,
    "yjaudit.audittrail.admin": 35,
    "yjaudit.notifications": 38,  # e-mail outbox: told by audits, plans and accounts
    "yjaudit.accounts": 40,
    "yjaudit.web": 50,
    "yjaudit.api": 60,
    # Background jobs (platform: apps register kinds and schedules by dotted path).
    "yjaudit.jobs": 65,
    # Domain apps, each above the ones it builds on.
    "yjaudit.frameworks": 70,
    "yjaudit.cases": 80,
    "yjaudit.audits": 90,
    "yjaudit.improvement": 100,
    "yjaudit.reports": 110,
    "yjaudit.monitoring": 120,
    "yjaudit.voice": 125,
    # Published inspection ratings beside a round's figures (reads reports' sources).
    "yjaudit.benchmarking": 115,
    "yjaudit.practice": 125,
    # Operations (health, metrics, request logs, backup and restore): over the platform,
    # beside the domain apps, which it never imports.
    "yjaudit.operations": 130,
    # Retention, erasure and access requests: reads and anonymises every domain app.
    "yjaudit.retention": 127,
    # Interfaces: the site shell (URLs, navigation, home), the API's routes and
    # platform endpoints, the CLI. They may import anything below.
    **{
        name: 200
        for name in (
            "yjaudit.config.urls",
            "yjaudit.config.wsgi",
            "yjaudit.site",  # navigation, home, its URL; web (the UI kit) imports no app
            "yjaudit.api.urls",
            "yjaudit.api.views",
            "yjaudit.api.organisations",
            "yjaudit.api.audittrail",
            "yjaudit.cli",
            "yjaudit.organisations.management",  # manage.py commands
        )
    },
}

READ_WRITE = ("services", "selectors", "models")
PRESENTATION = ("views", "api", "forms", "urls", "presenters")

# Imports that break a rule today: (importer, imported) -> what would fix it.
KNOWN: dict[tuple[str, str], str] = {}


def rank_of(module: str) -> int:
    best = max((p for p in RANKS if module == p or module.startswith(p + ".")), key=len)
    return RANKS[best]


def place_of(module: str) -> str:
    return max((p for p in RANKS if module == p or module.startswith(p + ".")), key=len)


def _kinds(module: str) -> set[str]:
    return set(module.split(".")[2:])


def violations(edges: list[Edge]) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for e in edges:
        mine, theirs = rank_of(e.importer), rank_of(e.imported)
        where = f"line {e.line}"
        if theirs > mine:
            found[(e.importer, e.imported)] = (
                f"{place_of(e.importer)} ({mine}) imports the higher "
                f"{place_of(e.imported)} ({theirs}), {where}"
            )
        elif (
            e.importer.split(".")[:2] == e.imported.split(".")[:2]
            and _kinds(e.importer) & set(READ_WRITE)
            and _kinds(e.imported) & set(PRESENTATION)
        ):
            found[(e.importer, e.imported)] = f"a service/selector/model imports a page, {where}"
    return found


def test_every_module_has_a_layer() -> None:
    modules = {e.importer for e in load(SRC)}
    placed = {m: place_of(m) for m in modules}
    assert placed and all(place != "yjaudit" for m, place in placed.items() if m != "yjaudit")


def test_no_import_breaks_a_layer_rule() -> None:
    found = violations(load(SRC))
    new = {k: v for k, v in found.items() if k not in KNOWN}
    gone = [k for k in KNOWN if k not in found]
    assert not new, "Imports against docs/architecture.md:\n" + "\n".join(
        f"{a} -> {b}: {why}" for (a, b), why in sorted(new.items())
    )
    assert not gone, f"Fixed: take these out of KNOWN: {gone}"


def _edges(source: str, module: str) -> list[Edge]:
    return [
        e for e in edges_of(source, module, is_package=False) if e.imported.startswith("yjaudit.")
    ]


def test_a_lower_layer_importing_a_higher_one_is_caught() -> None:
    lower = _edges("from yjaudit.reports import sources\n", "yjaudit.organisations.selectors")
    assert (
        "(30) imports the higher yjaudit.reports (110)"
        in violations(lower)[("yjaudit.organisations.selectors", "yjaudit.reports.sources")]
    )
    pure = _edges("from yjaudit.cases.models import Case\n", "yjaudit.engine.build")
    assert violations(pure)
    deferred = _edges("def f():\n    from .views import x\n", "yjaudit.cases.services")
    assert violations(deferred)
    loop = _edges("import yjaudit.cases.selectors\n", "yjaudit.audits.selectors") + _edges(
        "from yjaudit.audits import selectors\n", "yjaudit.cases.services"
    )
    assert list(violations(loop)) == [("yjaudit.cases.services", "yjaudit.audits.selectors")]


def test_allowed_imports_pass() -> None:
    ok = _edges("from yjaudit.engine import score\n", "yjaudit.audits.selectors") + _edges(
        "from yjaudit.web.forms import GovukDateField\n", "yjaudit.improvement.forms"
    )
    assert violations(ok) == {}


def test_the_ui_kit_is_below_every_app() -> None:
    # web (forms, template tags, base templates, middleware) has no shell exception: the
    # navigation and home page live in yjaudit.site.
    assert {p: r for p, r in RANKS.items() if p.startswith("yjaudit.web")} == {"yjaudit.web": 50}
    assert rank_of("yjaudit.site.navigation") == 200
