"""The HTTP API v1 (django-ninja): mounted at /api/v1/, OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from . import catalog, dossiers, errors, lookup
from .auth import TokenAuth, TokenThrottle

api = NinjaAPI(
    title="motcua API",
    version="1",
    description=(
        "Catalogue, dossiers, status look-up and period reports for integrating systems (the national public "
        'service portal, ministry systems). Bearer tokens with scopes; errors are `{"detail": ...}`; writes '
        "accept an `Idempotency-Key` header. See docs/api.md."
    ),
    auth=TokenAuth(),
    throttle=[TokenThrottle()],
    urls_namespace="api-v1",
)
errors.install(api)
api.add_router("/catalog", catalog.router)
api.add_router("/", dossiers.router)
api.add_router("/", lookup.router)
