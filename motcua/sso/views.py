"""OpenID Connect authorisation-code flow with Authlib's Django client (state and nonce kept in the session)."""

from __future__ import annotations

import logging

from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from requests import RequestException

from .conf import Provider, providers
from .services import SsoError, identity_sign_in

logger = logging.getLogger("motcua.sso")
NEXT_KEY = "motcua_sso_next"


def _provider(key: str) -> Provider:
    provider = providers().get(key)
    if provider is None:
        raise Http404
    return provider


def _client(provider: Provider):
    oauth = OAuth()
    return oauth.register(
        name=provider.key,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=provider.metadata_url,
        client_kwargs={"scope": provider.scopes},
    )


@never_cache
def start(request: HttpRequest, key: str) -> HttpResponse:
    provider = _provider(key)
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        request.session[NEXT_KEY] = next_url
    callback = request.build_absolute_uri(reverse("sso:callback", args=[key]))
    try:
        return _client(provider).authorize_redirect(request, callback)
    except (RequestException, OAuthError, ValueError):
        logger.warning("sso.provider_unreachable", extra={"provider": key})
        messages.error(request, _("The identity provider cannot be reached. Try again later."))
        return redirect("accounts:login")


@never_cache
def callback(request: HttpRequest, key: str) -> HttpResponse:
    provider = _provider(key)
    client = _client(provider)
    try:
        token = client.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise OAuthError(error="missing_id_token")
        extra = client.userinfo(token=token)
        if extra.get("sub") == claims.get("sub"):  # OIDC Core §5.3.2: ignore userinfo of another subject
            claims = {**extra, **claims}
        user = identity_sign_in(provider=provider, issuer=client.load_server_metadata()["issuer"], claims=claims)
    except SsoError as error:
        messages.error(request, error.message)
        return redirect("accounts:login")
    except (OAuthError, RequestException, ValueError, KeyError) as error:
        logger.warning("sso.callback_failed", extra={"provider": key, "error": error.__class__.__name__})
        messages.error(request, _("Sign-in with the identity provider failed. Try again."))
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    logger.info("sso.signed_in", extra={"provider": key, "user_id": user.pk})
    return redirect(request.session.pop(NEXT_KEY, "") or "core:home")
