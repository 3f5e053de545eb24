"""OpenID Connect authorisation-code flow with Authlib's Django client (state and nonce kept in the session),
the level of assurance requested and checked, and RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlparse

from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from requests import RequestException

from .conf import Provider, providers
from .services import SsoError, identity_sign_in

logger = logging.getLogger("motcua.sso")
NEXT_KEY = "motcua_sso_next"
SESSION_KEY = "motcua_sso_session"  # {"provider": key, "id_token": raw ID token} for RP-initiated logout


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
        extra = {"acr_values": " ".join(provider.acr_values)} if provider.acr_values else {}
        return _client(provider).authorize_redirect(request, callback, **extra)
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
        acr = str(claims.get("acr") or "")  # from the signed ID token only, never from userinfo
        extra = client.userinfo(token=token)
        if extra.get("sub") == claims.get("sub"):  # OIDC Core §5.3.2: ignore userinfo of another subject
            claims = {**extra, **claims}
        metadata = client.load_server_metadata()
        user = identity_sign_in(provider=provider, issuer=metadata["issuer"], claims=claims, acr=acr)
    except SsoError as error:
        messages.error(request, error.message)
        return redirect("accounts:login")
    except (OAuthError, RequestException, ValueError, KeyError) as error:
        logger.warning("sso.callback_failed", extra={"provider": key, "error": error.__class__.__name__})
        messages.error(request, _("Sign-in with the identity provider failed. Try again."))
        return redirect("accounts:login")
    next_url = request.session.pop(NEXT_KEY, "")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    linked = {"provider": key, "id_token": token.get("id_token", "")}
    end_session = urlparse(str(metadata.get("end_session_endpoint") or ""))
    if end_session.scheme in {"http", "https"} and end_session.netloc:
        # The sign-out form's redirect to the provider must pass the pages' CSP form-action (sso.middleware).
        linked["form_action"] = f"{end_session.scheme}://{end_session.netloc}"
    request.session[SESSION_KEY] = linked
    logger.info("sso.signed_in", extra={"provider": key, "user_id": user.pk})
    return redirect(next_url or "core:home")


@never_cache
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out here, then at the provider when the person signed in through one that publishes an
    `end_session_endpoint` (RP-Initiated Logout 1.0 §2: `id_token_hint`, `post_logout_redirect_uri`, `client_id`).
    Without one (password or phone sign-in, or no endpoint) it is an ordinary sign-out."""
    linked = request.session.get(SESSION_KEY) or {}
    logout(request)
    home = request.build_absolute_uri(reverse("core:home"))
    provider = providers().get(linked.get("provider", ""))
    if provider is None or not linked.get("id_token"):
        return redirect("core:home")
    try:
        endpoint = _client(provider).load_server_metadata().get("end_session_endpoint")
    except (RequestException, OAuthError, ValueError):
        logger.warning("sso.provider_unreachable", extra={"provider": provider.key})
        endpoint = None
    if not endpoint:
        return redirect("core:home")
    query = {"id_token_hint": linked["id_token"], "post_logout_redirect_uri": home, "client_id": provider.client_id}
    separator = "&" if "?" in endpoint else "?"
    return redirect(endpoint + separator + urlencode(query))
