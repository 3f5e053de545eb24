"""The sign-out form of a person who signed in through an identity provider ends at the provider.

Every page sends `form-action 'self'` (docs/security.md), and Chromium checks the redirects that follow a form
submission against it: the POST to `/sso/dang-xuat/` is same-origin, but its redirect to the provider's
`end_session_endpoint` (OpenID Connect RP-Initiated Logout 1.0 §2) would be blocked. For a person signed in
through a provider, its end-session origin (stored in the session at sign-in, `views.callback`) is added to
`form-action` on their pages only; django-csp merges `response._csp_update` into the policy.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .views import SESSION_KEY


class ProviderSignOutFormAction:
    """Must come after `csp.middleware.CSPMiddleware` and `SessionMiddleware` in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        linked = session.get(SESSION_KEY) if session is not None else None
        origin = linked.get("form_action") if isinstance(linked, dict) else None
        if origin:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), origin]
            response._csp_update = update  # type: ignore[attr-defined]
        return response
