"""The import graph of `src/yjaudit`, read with `ast` (nothing is imported).

Every `import` counts, at module level or inside a function: a deferred import is
still a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Edge:
    importer: str  # dotted module name
    imported: str  # dotted name as written (a module, or a module's attribute)
    line: int


def module_name(path: Path, src: Path) -> str:
    parts = ["yjaudit", *path.relative_to(src).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def edges_of(source: str, module: str, *, is_package: bool) -> Iterator[Edge]:
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield Edge(module, f"{base}.{alias.name}", node.lineno)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield Edge(module, alias.name, node.lineno)


def load(src: Path) -> list[Edge]:
    edges: list[Edge] = []
    for path in sorted(src.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = module_name(path, src)
        source = path.read_text(encoding="utf-8")
        edges.extend(edges_of(source, module, is_package=path.name == "__init__.py"))
    return [e for e in edges if e.imported.startswith("yjaudit.")]
