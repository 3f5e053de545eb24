"""Reads of the integrations domain."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from motcua.core.memo import memo
from motcua.units.models import Unit

from .models import ApiClient, ApiToken


def api_client_unit_ids(*, client: ApiClient) -> set[int]:
    return set(client.units.values_list("pk", flat=True))


def api_client_unit(*, client: ApiClient, code: str) -> Unit | None:
    """One of the client's units by its code or e-identifier (case-insensitive), or None. Memoised per process
    (`core.memo`: dropped when a unit, a client or a client's unit list changes)."""
    code = (code or "").strip()
    if not code:
        return None
    return memo.get(
        ("api-client-unit", client.pk, code.upper()),
        lambda: client.units.filter(Q(code__iexact=code) | Q(e_identifier__iexact=code)).first(),
    )


def token_by_prefix(prefix: str) -> ApiToken | None:
    """The token with this public prefix of an active client, with the client and its account (not memoised:
    `services.token_authenticate` memoises it; the secret is checked there on every call)."""
    return (
        ApiToken.objects.select_related("client", "client__user").filter(prefix=prefix, client__is_active=True).first()
    )


def api_client_list() -> QuerySet[ApiClient]:
    return ApiClient.objects.prefetch_related("units", "tokens").order_by("name")


def api_client_get(*, name: str) -> ApiClient | None:
    return ApiClient.objects.filter(name=name).first()


def api_token_get(*, prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("client").filter(prefix=prefix).first()
