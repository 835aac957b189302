"""Role matrix entries for published inspection ratings (written out by hand, not read
from the permission table). The ratings are national and public: every role that sees
aggregates may read them; only the platform operator may import them (national data). A
round's comparison follows the round's aggregate reports."""

from __future__ import annotations

from typing import Any

from .matrix import NOBODY, Expect, World, roles
from .matrix_reports import _round

VIEW = roles("administrator", "qa_lead", "auditor", "manager", "board_member", "inspector")
IMPORT = NOBODY  # the platform operator only (not a service role)
# Results across services: aggregates of the services one holds a role in.
NATIONAL = roles("administrator", "qa_lead", "auditor", "manager", "board_member", "inspector")
ROUND = roles("administrator", "qa_lead", "auditor", "manager", "board_member", "inspector")
API = {"version": "v1"}


def _round_kw(w: World) -> dict[str, Any]:
    return {"pk": _round(w).pk}


ENTRIES: dict[str, Expect] = {
    "benchmarking:index": Expect(get=VIEW),
    "benchmarking:import": Expect(get=IMPORT, post=IMPORT),
    "benchmarking:round": Expect(get=ROUND, kwargs=_round_kw),
    "benchmarking:national": Expect(get=NATIONAL),
    "benchmarking:national_csv": Expect(get=NATIONAL),
    "api:benchmark-list": Expect(get=VIEW, kwargs=lambda w: API, scoped=False),
    "api:benchmark-imports": Expect(post=IMPORT, kwargs=lambda w: API, scoped=False),
    "api:benchmark-comparison": Expect(get=ROUND, kwargs=lambda w: {**API, **_round_kw(w)}),
}
