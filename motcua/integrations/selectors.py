"""Reads of the integrations domain."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from motcua.units.models import Unit

from .models import ApiClient, ApiToken


def api_client_unit_ids(*, client: ApiClient) -> set[int]:
    return set(client.units.values_list("pk", flat=True))


def api_client_unit(*, client: ApiClient, code: str) -> Unit | None:
    """One of the client's units by its code or e-identifier (case-insensitive), or None."""
    code = (code or "").strip()
    if not code:
        return None
    return client.units.filter(Q(code__iexact=code) | Q(e_identifier__iexact=code)).first()


def api_client_list() -> QuerySet[ApiClient]:
    return ApiClient.objects.prefetch_related("units", "tokens").order_by("name")


def api_client_get(*, name: str) -> ApiClient | None:
    return ApiClient.objects.filter(name=name).first()


def api_token_get(*, prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("client").filter(prefix=prefix).first()
