"""Who may do what, written out by hand: the expectation the permission table is tested against.

This module deliberately does NOT import `yjaudit.organisations.permissions`. Each cell is
one role's answer for one action in the role's own service:

    Y    allowed on every record of the service
    own  allowed only on records linked to the user's own staff member (practitioners) or
         the staff they line-manage (managers), see `permissions.scope`
    -    refused

`platform` is the pseudo-role of Django superusers (platform operators). Changing a cell
in `permissions.ACTIONS` without changing it here (or the other way round) fails
`test_permission_table.py`, and the URL matrix (`matrix*.py`) takes its roles from here.
"""

from __future__ import annotations

ROLES = (
    "administrator",
    "qa_lead",
    "auditor",
    "manager",
    "practitioner",
    "board_member",
    "inspector",
    "platform",
)

_GRID = """
action                       admin  qa   aud  mgr  prac  board  insp  platform
service.view                 Y      Y    Y    Y    Y     Y      Y     Y
service.create               -      -    -    -    -     -      -     Y
service.manage               Y      -    -    -    -     -      -     Y
team.manage                  Y      -    -    -    -     -      -     -
staff.view                   Y      Y    Y    Y    -     -      Y     -
staff.manage                 Y      -    -    -    -     -      -     -
user.view                    Y      -    -    -    -     -      -     -
user.invite                  Y      -    -    -    -     -      -     -
role.manage                  Y      -    -    -    -     -      -     -
audittrail.view              Y      -    -    -    -     -      -     Y
framework.view               Y      Y    Y    Y    Y     Y      Y     Y
framework.manage             -      -    -    -    -     -      -     Y
case.view                    Y      Y    Y    Y    own   -      Y     -
case.manage                  Y      Y    -    -    -     -      -     -
case.archive                 Y      Y    -    -    -     -      -     -
case.import                  Y      Y    -    -    -     -      -     -
case.export                  Y      Y    -    Y    -     -      Y     -
round.view                   Y      Y    Y    Y    -     -      Y     -
round.manage                 Y      Y    -    -    -     -      -     -
round.archive                Y      Y    -    -    -     -      -     -
sample.draw                  Y      Y    -    -    -     -      -     -
audit.view                   Y      Y    Y    Y    own   -      Y     -
audit.review                 Y      Y    Y    Y    -     -      Y     -
audit.answer                 -      Y    Y    -    -     -      -     -
audit.moderate               -      Y    -    -    -     -      -     -
audit.second_mark            -      Y    Y    -    -     -      -     -
audit.signoff                -      Y    -    Y    -     -      -     -
audit.reopen                 -      Y    -    -    -     -      -     -
audit.judge                  -      Y    -    -    -     -      -     -
audit.results                Y      Y    Y    Y    -     Y      Y     -
report.view                  Y      Y    Y    Y    -     Y      Y     -
report.export                Y      Y    -    Y    -     Y      Y     -
report.practitioner          -      Y    -    -    own   -      -     -
report.practitioner_managed  -      Y    -    own  -     -      -     -
plan.view                    Y      Y    Y    Y    Y     Y      Y     -
plan.manage                  Y      Y    -    Y    -     -      -     -
plan.archive                 Y      Y    -    Y    -     -      -     -
plan.progress                Y      Y    -    Y    own   -      -     -
plan.evidence                Y      Y    Y    Y    Y     -      Y     -
plan.overdue                 Y      Y    -    Y    -     -      -     -
monitoring.view              Y      Y    -    Y    -     Y      Y     -
monitoring.manage            Y      Y    -    -    -     -      -     -
voice.view                   Y      Y    -    Y    -     Y      Y     -
voice.manage                 -      Y    -    Y    -     -      -     -
voice.enter                  Y      Y    -    Y    -     -      -     -
voice.free_text              -      Y    -    Y    -     -      Y     -
benchmark.view               Y      Y    Y    Y    -     Y      Y     Y
benchmark.import             -      -    -    -    -     -      -     Y
results.national             Y      Y    Y    Y    -     Y      Y     Y
practice.view                Y      Y    -    Y    own   Y      Y     -
practice.cases               Y      Y    -    Y    own   -      Y     -
practice.manage              Y      Y    -    -    -     -      -     -
schedule.view                Y      -    -    -    -     -      -     Y
retention.run                Y      -    -    -    -     -      -     -
retention.erase              Y      -    -    -    -     -      -     -
retention.export             Y      -    -    -    -     -      -     -
"""

# Two-factor authentication: needed by everyone except roles that see no case data.
# (A user holding several roles needs it unless every one of them is exempt.)
TWO_FACTOR = {
    "administrator": True,
    "qa_lead": True,
    "auditor": True,
    "manager": True,
    "practitioner": True,
    "board_member": False,
    "inspector": True,
    "platform": True,
}


def _parse(grid: str) -> dict[str, dict[str, str]]:
    lines = [line.split() for line in grid.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    if len(header) != len(ROLES) + 1:
        raise ValueError("The grid's header must name every role once.")
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"Row {row[0]!r} must have one cell per role.")
        if row[0] in table:
            raise ValueError(f"Action {row[0]!r} is listed twice.")
        cells = dict(zip(ROLES, row[1:], strict=True))
        bad = {c for c in cells.values() if c not in ("Y", "own", "-")}
        if bad:
            raise ValueError(f"Row {row[0]!r}: unknown cells {sorted(bad)}.")
        table[row[0]] = cells
    return table


EXPECTED: dict[str, dict[str, str]] = _parse(_GRID)


def allowed_roles(action: str) -> frozenset[str]:
    """Roles (platform excluded) allowed `action` on some records of their service."""
    return frozenset(
        role for role, cell in EXPECTED[action].items() if cell != "-" and role != "platform"
    )
