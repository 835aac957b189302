"""Role matrix entries for the API tokens and sign-out-everywhere pages."""

from __future__ import annotations

from typing import Any

from .matrix import NOBODY, SIGNED_IN, Expect, World, roles


def _administrators_token(w: World) -> dict[str, Any]:
    """A token of service A's administrator: only its owner may revoke it (others: 404)."""
    from yjaudit.accounts.services import api_token_create

    issued = api_token_create(user=w.users["administrator"], name="matrix", days=1, verified=True)
    return {"pk": issued.token.pk}


ENTRIES: dict[str, Expect] = {
    "accounts:api_token_revoke": Expect(post=roles("administrator"), kwargs=_administrators_token),
    # GET asks to confirm; the POST (covered in tests/security/test_tokens.py) signs out.
    "accounts:sign_out_everywhere": Expect(get=SIGNED_IN),
    # Single sign-on is off by default: both send everyone to the password sign-in. When
    # on, they are public (anyone may start a sign-in; tests/accounts/test_sso.py).
    "accounts:sso_login": Expect(get=NOBODY),
    "accounts:sso_callback": Expect(get=NOBODY),
    # Each person's own e-mail language (yjaudit.notifications).
    "notifications:language": Expect(get=SIGNED_IN, post=SIGNED_IN),
}
