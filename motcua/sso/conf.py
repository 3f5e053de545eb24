"""OpenID Connect providers, from `settings.MOTCUA_OIDC_PROVIDERS` or the `MOTCUA_OIDC_PROVIDERS` env var (JSON).

    {"vneid": {"name": "VNeID", "issuer": "https://id.example.vn", "client_id": "motcua",
               "client_secret_env": "MOTCUA_OIDC_VNEID_SECRET", "scopes": "openid profile email phone",
               "kind": "citizen", "claims": {"name": "name", "email": "email", "phone": "phone_number"}}}

`kind` (officer or citizen) decides the kind of the accounts a provider creates; `kind_claim` + `officer_values`
let one provider serve both. No provider configured → no button and the sign-in URLs answer 404.

`acr_values` (list, lowest acceptable level first) is the level of assurance the service requires: it is sent as the
`acr_values` request parameter (OIDC Core 1.0 §3.1.2.1) and the `acr` claim of the returned ID token must be one of
them (§2: the RP checks the `acr` it receives; the parameter alone is only a request). For VNeID these are the
electronic identification account levels 1 and 2 of Decree 69/2024/NĐ-CP (a level-2 account is issued in person
with the chip-based citizen identity card). `id_number_claim` names the claim carrying the 12-digit personal
identification number (số định danh cá nhân: 12 digits, Decree 137/2015/NĐ-CP art. 13), kept on the linked identity and
used to prefill forms.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from django.conf import settings

from motcua.accounts.choices import UserKind

DEFAULT_CLAIMS = {"name": "name", "email": "email", "phone": "phone_number"}


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = "openid profile email phone"
    kind: str = UserKind.CITIZEN
    kind_claim: str = ""
    officer_values: tuple[str, ...] = ()
    create_users: bool = True
    claims: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CLAIMS))
    acr_values: tuple[str, ...] = ()
    id_number_claim: str = ""

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def kind_for(self, claims: dict) -> str:
        if self.kind_claim:
            value = claims.get(self.kind_claim)
            values = value if isinstance(value, list) else [value]
            return UserKind.OFFICER if any(str(v) in self.officer_values for v in values) else UserKind.CITIZEN
        return self.kind


def _raw() -> dict:
    configured = getattr(settings, "MOTCUA_OIDC_PROVIDERS", None)
    if configured is not None:
        return configured
    text = os.environ.get("MOTCUA_OIDC_PROVIDERS", "").strip()
    return json.loads(text) if text else {}


def providers() -> dict[str, Provider]:
    result = {}
    for key, entry in _raw().items():
        secret = entry.get("client_secret", "")
        if entry.get("client_secret_env"):
            secret = os.environ.get(entry["client_secret_env"], "")
        if not (entry.get("issuer") and entry.get("client_id")):
            continue  # incomplete entries are ignored rather than offered half-working
        result[key] = Provider(
            key=key,
            name=entry.get("name", key),
            issuer=entry["issuer"],
            client_id=entry["client_id"],
            client_secret=secret,
            scopes=entry.get("scopes", Provider.scopes),
            kind=entry.get("kind", UserKind.CITIZEN),
            kind_claim=entry.get("kind_claim", ""),
            officer_values=tuple(entry.get("officer_values", ())),
            create_users=bool(entry.get("create_users", True)),
            claims={**DEFAULT_CLAIMS, **entry.get("claims", {})},
            acr_values=tuple(str(value) for value in entry.get("acr_values", ())),
            id_number_claim=entry.get("id_number_claim", ""),
        )
    return result
