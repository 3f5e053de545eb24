"""Bearer tokens with scopes, per-token rate limits, and the client's unit scope (DESIGN.md §6.2)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from motcua.integrations.models import ApiToken
from motcua.integrations.services import rate_limit_hit, token_authenticate


class TokenAuth(HttpBearer):
    openapi_description = "`Authorization: Bearer mc_<prefix>_<secret>` (motcua api-client create …)"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return token_authenticate(token)


class TokenThrottle(BaseThrottle):
    """Requests per token per window (settings.MOTCUA_API_RATE_LIMIT, or the client's own limit) → 429."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return True
        self._wait = rate_limit_hit(token=token)
        return self._wait is None

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)


def need(request: HttpRequest, scope: str) -> ApiToken:
    """The caller's token, if it carries `scope`; else 403."""
    token: ApiToken = request.auth
    if scope not in token.scopes:
        raise HttpError(403, _("This token lacks the scope %(scope)s.") % {"scope": scope})
    return token
