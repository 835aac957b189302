"""Which functions of yjaudit write to the database, and which record an audit-trail row.

A static reading of the source (no Django needed): every module under `src/yjaudit` is
parsed; a call graph links each function to the functions it calls (same module, or
names and modules it imports from yjaudit). A function

- *writes* if it calls an ORM write (`.save()`, `.delete()`, `.create(...)`,
  `.bulk_create`, `.bulk_update`, `.get_or_create`, `.update_or_create`, or `.update(...)`
  on a queryset) or calls a function that writes;
- *records* if it calls `yjaudit.audittrail.services.record` or a function that records.

This is path-insensitive (a function that records in one branch and writes in another
counts as recording): it finds service functions that never record, which is how the
trail's gaps have come about (`apply_rules`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

RECORD = "yjaudit.audittrail.services.record"
ORM_WRITES = {
    "save",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}


@dataclass
class Function:
    name: str  # dotted: package.module.function or package.module.Class.method
    module: str
    public: bool
    line: int
    calls: set[str] = field(default_factory=set)
    writes_here: list[str] = field(default_factory=list)  # the write calls themselves


def module_name(path: Path, src: Path) -> str:
    """`src/yjaudit/audits/rounds/services.py` -> `yjaudit.audits.rounds.services`."""
    parts = ["yjaudit", *path.relative_to(src).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(tree: ast.Module, module: str, is_package: bool) -> dict[str, str]:
    """Local name -> dotted name it stands for."""
    package = module if is_package else module.rpartition(".")[0]
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
    return names


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _is_orm_write(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr == "update":
        # queryset.update(...): on a call chain (`.filter(...).update`) or a manager.
        receiver = func.value
        return isinstance(receiver, ast.Call) or (
            isinstance(receiver, ast.Attribute) and receiver.attr == "objects"
        )
    if func.attr == "save" and call.args:
        return False  # workbook.save(buffer), document.save(stream): not a model
    return func.attr in ORM_WRITES


def _functions(tree: ast.Module, module: str) -> Iterator[tuple[str, bool, ast.AST]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield f"{module}.{node.name}", not node.name.startswith("_"), node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    public = not node.name.startswith("_") and not item.name.startswith("_")
                    yield f"{module}.{node.name}.{item.name}", public, item


def parse_module(source: str, module: str, is_package: bool = False) -> list[Function]:
    tree = ast.parse(source)
    imported = _imports(tree, module, is_package)
    local = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    out = []
    for name, public, node in _functions(tree, module):
        fn = Function(name, module, public, getattr(node, "lineno", 0))
        for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
            if _is_orm_write(call):
                fn.writes_here.append(f"line {call.lineno}: {ast.unparse(call.func)}")
            dotted = _dotted(call.func)
            if dotted is None:
                continue
            head, _, rest = dotted.partition(".")
            if head in imported:
                fn.calls.add(imported[head] + (f".{rest}" if rest else ""))
            elif not rest and head in local:
                fn.calls.add(f"{module}.{head}")
        out.append(fn)
    return out


@dataclass
class Program:
    functions: dict[str, Function]
    # A package's re-exported name -> the function it stands for
    # (`yjaudit.audits.case_audits.services.submit` -> `...services.workflow.submit`).
    aliases: dict[str, str] = field(default_factory=dict)

    def _closure(self, start: str, seen: set[str]) -> Iterator[Function]:
        start = self.aliases.get(start, start)
        if start in seen or start not in self.functions:
            return
        seen.add(start)
        fn = self.functions[start]
        yield fn
        for callee in fn.calls:
            yield from self._closure(callee, seen)

    def records(self, name: str) -> bool:
        return name == RECORD or any(RECORD in fn.calls for fn in self._closure(name, set()))

    def writes(self, name: str, allowed: set[str] | None = None) -> list[str]:
        """Write calls reachable from `name` (empty when it writes nothing), not looking
        inside the `allowed` functions it calls."""
        seen = set(allowed or ()) - {name}
        return [f"{fn.name} {w}" for fn in self._closure(name, seen) for w in fn.writes_here]


def load(src: Path, skip: tuple[str, ...] = ()) -> Program:
    """Every module under `src` (the yjaudit package folder), but those in `skip`."""
    functions: dict[str, Function] = {}
    aliases: dict[str, str] = {}
    for path in sorted(src.rglob("*.py")):
        module = module_name(path, src)
        if any(part in skip for part in path.relative_to(src).parts):
            continue
        source = path.read_text(encoding="utf-8")
        is_package = path.name == "__init__.py"
        for fn in parse_module(source, module, is_package=is_package):
            functions[fn.name] = fn
        if is_package:
            for local, target in _imports(ast.parse(source), module, True).items():
                aliases[f"{module}.{local}"] = target
    return Program(functions, aliases)
