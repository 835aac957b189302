"""Role matrix entries for operations (health probes and metrics)."""

from __future__ import annotations

from .matrix import NOBODY, PUBLIC, Expect

ENTRIES: dict[str, Expect] = {
    # For load balancers: public, and they show no data.
    "operations:healthz": Expect(get=PUBLIC),
    "operations:readyz": Expect(get=PUBLIC),
    # Machine access only (a bearer token or an allowed address, none by default): no
    # person's role opens it. tests/operations/test_metrics.py covers the token and list.
    "operations:metrics": Expect(get=NOBODY),
}
