"""A tiny OpenID Connect provider for tests, on 127.0.0.1 in a thread: discovery, authorize (auto-approves the
configured person), token (client secret, single-use code bound to the redirect URI), JWKS, userinfo, end session.
ID tokens are RS256 with a key generated when the provider starts.

Like VNeID it requires a level of assurance: an authorization request without `acr_values`, or naming only
levels it does not know, is refused with `invalid_request` (sent back to the redirect URI, OIDC Core §3.1.2.6).
The ID token's `acr` is the level the person's account really has (`person["acr"]`), which may be lower than the
one requested — `acr_values` is a voluntary request (§3.1.2.1), so the relying party must check. The end-session
endpoint (RP-Initiated Logout 1.0 §2) verifies the `id_token_hint` signature and audience and only redirects to a
registered `post_logout_redirect_uri`."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey


class LocalProvider:
    def __init__(self, *, client_id: str = "motcua", client_secret: str = "bi-mat-thu") -> None:  # noqa: S107
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.person: dict = {}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.levels: tuple[str, ...] = ("muc-do-1", "muc-do-2")
        self.authorize_requests: list[dict] = []
        self.logout_uris: set[str] = set()
        self.ended: list[str] = []  # subjects whose session was ended through the end-session endpoint
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "acr_values_supported": list(self.levels),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _redirect(self, target: str) -> None:
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    return self._json(200, provider.metadata())
                if url.path == "/jwks":
                    return self._json(200, {"keys": [provider.key.as_dict(private=False)]})
                if url.path == "/authorize":
                    provider.authorize_requests.append(query)
                    if query.get("client_id") != provider.client_id or query.get("response_type") != "code":
                        return self._json(400, {"error": "invalid_request"})
                    requested = query.get("acr_values", "").split()
                    if not requested or not set(requested) <= set(provider.levels):
                        error = {"error": "invalid_request", "error_description": "acr_values required"}
                        return self._redirect(
                            query["redirect_uri"] + "?" + urlencode(error | {"state": query.get("state", "")})
                        )
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {
                        "redirect_uri": query["redirect_uri"],
                        "nonce": query.get("nonce"),
                        "person": dict(provider.person),
                    }
                    target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
                    return self._redirect(target)
                if url.path == "/logout":
                    try:
                        hint = jwt.decode(query.get("id_token_hint", ""), provider.key)
                    except Exception:
                        return self._json(400, {"error": "invalid_request", "error_description": "id_token_hint"})
                    if hint.claims.get("aud") != provider.client_id or hint.claims.get("iss") != provider.issuer:
                        return self._json(400, {"error": "invalid_request", "error_description": "audience"})
                    target = query.get("post_logout_redirect_uri", "")
                    if target not in provider.logout_uris:
                        return self._json(400, {"error": "invalid_request", "error_description": "redirect"})
                    provider.ended.append(hint.claims["sub"])
                    return self._redirect(target)
                if url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.tokens:
                        return self._json(401, {"error": "invalid_token"})
                    return self._json(200, provider.tokens[token])
                return self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                if urlparse(self.path).path != "/token":
                    return self._json(404, {"error": "not_found"})
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                client_id, client_secret = form.get("client_id"), form.get("client_secret")
                header = self.headers.get("Authorization", "")
                if header.startswith("Basic "):
                    client_id, _, client_secret = base64.b64decode(header[6:]).decode().partition(":")
                if (client_id, client_secret) != (provider.client_id, provider.client_secret):
                    return self._json(401, {"error": "invalid_client"})
                grant = provider.codes.pop(form.get("code", ""), None)  # single use
                if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                    return self._json(400, {"error": "invalid_grant"})
                now = int(time.time())
                person = grant["person"]
                claims = {"iss": provider.issuer, "aud": provider.client_id, "iat": now, "exp": now + 300}
                claims |= {"sub": person["sub"], "name": person.get("name", ""), "acr": person.get("acr", "muc-do-2")}
                if "so_dinh_danh" in person:
                    claims["so_dinh_danh"] = person["so_dinh_danh"]
                if grant["nonce"]:
                    claims["nonce"] = grant["nonce"]
                id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, provider.key)
                access_token = secrets.token_urlsafe(24)
                provider.tokens[access_token] = person
                return self._json(
                    200,
                    {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token},
                )

        return Handler
