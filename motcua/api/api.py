"""The HTTP API v1 (django-ninja): mounted at /api/v1/, OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs."""

from django.http import Http404
from ninja import NinjaAPI, Router

from . import bundles, catalog, documents, dossiers, errors, feedback, lookup, ratings
from . import outreach as outreach_api
from .auth import TokenAuth, TokenThrottle

api = NinjaAPI(
    title="motcua API",
    version="1",
    description=(
        "Catalogue, dossiers, documents, results and their verification, feedback, ratings, status look-up and "
        "period reports for integrating systems (the national public "
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
api.add_router("/", documents.router)
api.add_router("/", feedback.router)
api.add_router("/", ratings.router)
api.add_router("/", bundles.router)
api.add_router("/", outreach_api.router)


fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, throttle=[], include_in_schema=False
)
def unknown_path(request, rest: str):
    """Anything else under /api/v1/ is a JSON 404 too, never the site's HTML page."""
    raise Http404


api.add_router("/", fallback)  # last: after every real route
