"""The demo seeding contract shared by every app's optional `demo.py`.

`manage.py seed_demo` builds a `DemoContext` and calls, in INSTALLED_APPS order, each
app's `yjaudit.<app>.demo.seed(context)`. Each step must be idempotent (running the
command twice changes nothing) and must write through the app's services (audited as the
system). Steps read what earlier steps made from the context (the demo service, teams,
staff, users) and may leave things for later steps in `context.data`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEMO_SERVICE_CODE = "DEMO"
DEMO_PASSWORD = "correct-horse-demo-2025"  # noqa: S105 - documented demo-only password
# RFC 6238's test key ("12345678901234567890"): every demo user's authenticator secret.
DEMO_TOTP_HEX = "3132333435363738393031323334353637383930"
DEMO_TOTP_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

# username -> role in the demo service (None: platform operator, a Django superuser).
DEMO_USERS: dict[str, str | None] = {
    "admin@demo.example": "administrator",
    "qa@demo.example": "qa_lead",
    "auditor@demo.example": "auditor",
    "manager@demo.example": "manager",
    "practitioner@demo.example": "practitioner",
    "board@demo.example": "board_member",
    "inspector@demo.example": "inspector",
    "platform@demo.example": None,
}


@dataclass
class DemoContext:
    service: Any = None
    teams: list[Any] = field(default_factory=list)
    case_managers: list[Any] = field(default_factory=list)
    operational_managers: list[Any] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)  # role (or "platform") -> user
    data: dict[str, Any] = field(default_factory=dict)
    log: Callable[[str], None] = print
    seed: int = 2025
