"""API clients and tokens for tests, made through the services."""

from __future__ import annotations

import itertools

from motcua.integrations import services
from motcua.integrations.choices import ClientKind, Scope

_names = itertools.count(1)
ALL_SCOPES = tuple(Scope.values)


def api_client(*units, kind: str = ClientKind.NATIONAL_PORTAL, name: str | None = None, rate_limit=None):
    return services.api_client_create(
        name=name or f"Hệ thống {next(_names)}", kind=kind, units=units, rate_limit=rate_limit
    )


def bearer(client, *scopes: str, **kwargs) -> str:
    return services.api_token_issue(client=client, scopes=scopes or ALL_SCOPES, **kwargs).secret


def auth_header(client, *scopes: str, **kwargs) -> dict:
    return {"Authorization": f"Bearer {bearer(client, *scopes, **kwargs)}"}
