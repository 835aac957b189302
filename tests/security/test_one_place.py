"""Permission decisions are made in `yjaudit.organisations.permissions` only.

A view that reads `is_superuser` or compares a role name decides for itself; these
checks find such code anywhere else in `src/yjaudit`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import yjaudit

SRC = Path(yjaudit.__file__).parent
DECIDER = SRC / "organisations" / "permissions.py"
ROLE_NAMES = {
    "administrator",
    "qa_lead",
    "auditor",
    "manager",
    "practitioner",
    "board_member",
    "inspector",
    "platform",
}

# path (relative to src/yjaudit) -> why it may compare a role: not an access decision.
ROLE_COMPARISONS_ALLOWED = {
    "organisations/services.py": "refuses to remove a service's last administrator (an invariant)",
}


def _modules() -> list[Path]:
    return [
        p
        for p in sorted(SRC.rglob("*.py"))
        if p != DECIDER and "migrations" not in p.parts and "tests" not in p.parts
    ]


def _is_role(node: ast.AST, compared: str) -> bool:
    # A role name as text, against something about roles ("practitioner" is also a
    # report's name: `kind == "practitioner"` is not a role check).
    if isinstance(node, ast.Constant) and node.value in ROLE_NAMES:
        return "role" in compared.lower()
    # Role.ADMINISTRATOR, Role.QA_LEAD, ...
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Role"
        and node.attr.isupper()
    )


def _operands(node: ast.Compare) -> list[ast.AST]:
    out: list[ast.AST] = [node.left, *node.comparators]
    for side in list(out):
        if isinstance(side, ast.Tuple | ast.List | ast.Set):
            out.extend(side.elts)
    return out


def decisions_in(source: str) -> list[str]:
    """Lines of `source` that decide access: superuser/staff flags read, roles compared."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("is_superuser", "is_staff")
            and isinstance(node.ctx, ast.Load)
        ):
            found.append(f"{node.lineno}: reads .{node.attr}")
        if isinstance(node, ast.Compare) and any(
            _is_role(n, ast.unparse(node)) for n in _operands(node)
        ):
            found.append(f"{node.lineno}: compares a role ({ast.unparse(node)[:60]})")
    return found


def test_the_detector_finds_copied_decisions() -> None:
    copied = """
def view(request, audit):
    if request.user.is_superuser:
        return True
    if "qa_lead" in roles or grant.role == Role.AUDITOR:
        return False
    user.is_staff = True  # setting a flag is not a decision
"""
    assert [line.split(":")[0] for line in decisions_in(copied)] == ["3", "5", "5"]


def test_no_permission_decision_outside_permissions_py() -> None:
    problems = []
    for path in _modules():
        relative = path.relative_to(SRC).as_posix()
        for line in decisions_in(path.read_text(encoding="utf-8")):
            if "compares a role" in line and relative in ROLE_COMPARISONS_ALLOWED:
                continue
            problems.append(f"src/yjaudit/{relative}:{line}")
    assert not problems, (
        "Ask yjaudit.organisations.permissions instead of deciding here:\n" + "\n".join(problems)
    )
