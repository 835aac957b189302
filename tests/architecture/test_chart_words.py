"""Charts on pages and in reports speak the reader's language: `yjaudit.charts` is pure and
writes only the words its caller gives it (`ChartLabels`, English by default), so every
caller draws a chart with `labels=` and builds them with `yjaudit.web.charts.chart_labels`
(gettext for every word, overrides for its own). A `ChartLabels(...)` built elsewhere
leaves each word it does not name in English ("No figure", "64.6% to 100%")."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "yjaudit"
DRAWS = {"bar_chart", "trend_chart"}
MAY_BUILD_LABELS = {SRC / "web" / "charts.py"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _calls() -> list[tuple[Path, ast.Call]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if (SRC / "charts") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                found.append((path, node))
    return found


def test_every_chart_is_drawn_with_words_from_its_caller() -> None:
    calls = _calls()
    assert any(_name(c.func) in DRAWS for _, c in calls), "the scan finds the charts"
    missing = [
        f"{path.relative_to(SRC)}:{call.lineno}"
        for path, call in calls
        if _name(call.func) in DRAWS and not any(k.arg == "labels" for k in call.keywords)
    ]
    assert not missing, f"charts drawn with the English defaults: {missing}"


def test_chart_words_are_built_only_through_gettext() -> None:
    built = [
        f"{path.relative_to(SRC)}:{call.lineno}"
        for path, call in _calls()
        if _name(call.func) == "ChartLabels" and path not in MAY_BUILD_LABELS
    ]
    assert not built, f"use yjaudit.web.charts.chart_labels(...) instead: {built}"
