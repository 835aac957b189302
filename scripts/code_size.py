"""Print the largest modules and the longest functions under src/ (ast, no dependency).

    python scripts/code_size.py [ROOT] [--modules N] [--functions N]

Lines are physical lines (a module's whole file, a function from its `def` or first
decorator to its last line). Branches are a cyclomatic-ish count: 1 plus each `if`,
`for`, `while`, `except`, `with`, `match` case, conditional expression, comprehension
`if`/`for` and each extra operand of `and`/`or`, in the function's own body (nested
functions and classes are counted on their own).
"""

from __future__ import annotations

import argparse
import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src"

BRANCHES = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.ExceptHandler,
    ast.With,
    ast.AsyncWith,
    ast.IfExp,
    ast.match_case,
    ast.comprehension,
)


@dataclass(frozen=True)
class Function:
    where: str
    name: str
    lines: int
    branches: int


def branches(node: ast.AST) -> int:
    """1 + decision points in `node`'s own body (not in nested defs or classes)."""
    count = 1
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(child, BRANCHES):
            count += 1
            if isinstance(child, ast.comprehension):
                count += len(child.ifs)
        elif isinstance(child, ast.BoolOp):
            count += len(child.values) - 1
        stack.extend(ast.iter_child_nodes(child))
    return count


def functions(tree: ast.Module, where: str) -> list[Function]:
    found: list[Function] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                end = child.end_lineno or child.lineno
                name = f"{prefix}{child.name}"
                found.append(Function(where, name, end - start + 1, branches(child)))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def measure(root: Path) -> tuple[list[tuple[str, int]], list[Function]]:
    modules: list[tuple[str, int]] = []
    funcs: list[Function] = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(root).as_posix()
        modules.append((where, len(text.splitlines())))
        funcs.extend(functions(ast.parse(text, filename=str(path)), where))
    modules.sort(key=lambda m: (-m[1], m[0]))
    funcs.sort(key=lambda f: (-f.lines, -f.branches, f.where, f.name))
    return modules, funcs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=ROOT)
    parser.add_argument("--modules", type=int, default=10)
    parser.add_argument("--functions", type=int, default=15)
    args = parser.parse_args(argv)
    modules, funcs = measure(args.root)
    print(f"Largest modules (of {len(modules)}, migrations left out)")
    print(f"{'lines':>6}  module")
    for where, lines in modules[: args.modules]:
        print(f"{lines:>6}  {where}")
    print()
    print(f"Longest functions (of {len(funcs)})")
    print(f"{'lines':>6} {'branches':>8}  function")
    for f in funcs[: args.functions]:
        print(f"{f.lines:>6} {f.branches:>8}  {f.where}:{f.name}")


if __name__ == "__main__":
    main()
