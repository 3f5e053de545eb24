"""CSP `form-action` for the pay form, whose POST is redirected to the payment platform."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpResponse

from motcua.integrations.payment.conf import payment_settings


def allow_platform_form_action(response: HttpResponse) -> HttpResponse:
    """The pay form posts here and is redirected to the payment platform: Chromium checks that redirect against
    the page's CSP `form-action 'self'` (docs/security.md), so pages showing the pay form add the platform's
    origin (django-csp merges `response._csp_update`, as `motcua.sso.middleware` does for sign-out)."""
    parts = urlsplit(payment_settings().pay_url)
    if parts.scheme and parts.netloc:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["form-action"] = [*update.get("form-action", []), f"{parts.scheme}://{parts.netloc}"]
        response._csp_update = update  # type: ignore[attr-defined]
    return response
