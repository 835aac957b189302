"""Which incoming X-Request-ID values are kept.

`yjaudit.audittrail.context.RequestContextMiddleware` sets the request id (and keeps any
short ASCII value a client sends). Logs and the audit trail should carry an id a proxy
chose, never text a client smuggled in (spaces, quotes, control characters, a case
reference pasted into a header): only short tokens of letters, digits and `-_.:` are kept.
"""

from __future__ import annotations

import re

REQUEST_ID_META = "HTTP_X_REQUEST_ID"
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")


def is_safe_request_id(value: str) -> bool:
    return _SAFE.fullmatch(value) is not None
