"""A small OpenID Connect provider run by the tests on loopback: discovery document,
JWKS, authorize and token endpoints (code flow with PKCE), ID tokens signed with a key
generated for the test run. `tamper` makes it misbehave the ways a forged or replayed
sign-in would."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "yjaudit-test-client"
CLIENT_SECRET = "test-only-client-secret"  # a test provider's


class Provider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "signing-1"})
        # Same key id, another key: what a forger who knows the kid would sign with.
        self.rogue = RSAKey.generate_key(2048, parameters={"kid": "signing-1"})
        self.claims: dict[str, Any] = {}
        self.tamper = ""
        self.codes: dict[str, dict[str, str]] = {}
        self.token_requests = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                provider.get(self)

            def do_POST(self) -> None:
                provider.post(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- HTTP ---------------------------------------------------------------------------

    def _json(self, h: BaseHTTPRequestHandler, data: Any, status: int = 200) -> None:
        body = json.dumps(data).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def get(self, h: BaseHTTPRequestHandler) -> None:
        url = urlparse(h.path)
        if url.path == "/.well-known/openid-configuration":
            self._json(
                h,
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token",
                    "jwks_uri": f"{self.issuer}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["pairwise"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                },
            )
        elif url.path == "/jwks":
            self._json(h, {"keys": [self.key.as_dict(private=False)]})
        elif url.path == "/authorize":
            self.authorize(h, {k: v[0] for k, v in parse_qs(url.query).items()})
        else:
            self._json(h, {"error": "not_found"}, 404)

    def authorize(self, h: BaseHTTPRequestHandler, q: dict[str, str]) -> None:
        """The person signs in at the provider (assumed); send them back with a code."""
        ok = (
            q.get("response_type") == "code"
            and q.get("client_id") == CLIENT_ID
            and q.get("code_challenge_method") == "S256"
            and "openid" in q.get("scope", "").split()
        )
        if not ok:
            self._json(h, {"error": "invalid_request"}, 400)
            return
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": q.get("nonce", ""),
            "challenge": q["code_challenge"],
            "redirect_uri": q["redirect_uri"],
        }
        h.send_response(302)
        h.send_header(
            "Location", f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}"
        )
        h.end_headers()

    def post(self, h: BaseHTTPRequestHandler) -> None:
        if urlparse(h.path).path != "/token":
            self._json(h, {"error": "not_found"}, 404)
            return
        self.token_requests += 1
        form = {
            k: v[0]
            for k, v in parse_qs(h.rfile.read(int(h.headers["Content-Length"])).decode()).items()
        }
        basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if h.headers.get("Authorization") != f"Basic {basic}":
            self._json(h, {"error": "invalid_client"}, 401)
            return
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if grant is None or grant["challenge"] != challenge:
            self._json(h, {"error": "invalid_grant"}, 400)
            return
        if grant["redirect_uri"] != form.get("redirect_uri"):
            self._json(h, {"error": "invalid_grant"}, 400)
            return
        answer = {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer"}
        if self.tamper != "no_id_token":
            answer["id_token"] = self.id_token(grant["nonce"])
        self._json(h, answer)

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": "subject-of-the-person",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.claims,
        }
        key = self.key
        if self.tamper == "signature":
            key = self.rogue
        elif self.tamper == "nonce":
            claims["nonce"] = "a-nonce-from-another-sign-in"
        elif self.tamper == "audience":
            claims["aud"] = "another-application"
        elif self.tamper == "issuer":
            claims["iss"] = "http://127.0.0.1:1/another-tenant"
        elif self.tamper == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        return jwt.encode({"alg": "RS256", "kid": "signing-1"}, claims, key)
