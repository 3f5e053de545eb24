"""Citizen sign-in with a one-time code (officers keep the password login at `accounts:login`).

The address typed by the citizen stays in the server-side session between the two steps; it never goes into
a URL or a log line.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .choices import UserKind
from .forms import ProfileForm, SignInAddressForm, SignInCodeForm
from .models import User
from .services import user_profile_update
from .signin import Address, SignInError, sign_in_code_send, sign_in_code_verify

SESSION_KEY = "motcua_signin"


def _client(request: HttpRequest) -> str:
    header = getattr(settings, "MOTCUA_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value or request.META.get("REMOTE_ADDR", "")).split(",")[0].strip()


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, require_https=request.is_secure()):
        return value
    try:
        return reverse("citizen:dossier_list")
    except NoReverseMatch:
        return reverse("core:home")


# The first screen after signing in without a `next`: an officer's work is their inbox, a citizen's their dossiers.
LANDING: dict[str, str] = {UserKind.OFFICER: "console:inbox", UserKind.CITIZEN: "citizen:dossier_list"}


class PasswordLoginView(LoginView):
    """The password sign-in; without a `next` the user lands on the first screen of their work.

    Django's LoginView puts the host name in `site_name` ("Đăng nhập · localhost"); the page carries the
    product's name like every other page.
    """

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "site_name": settings.MOTCUA_SITE_NAME}

    def get_default_redirect_url(self) -> str:
        name = LANDING.get(getattr(self.request.user, "kind", ""))
        if name:
            try:
                return reverse(name)
            except NoReverseMatch:
                pass
        return super().get_default_redirect_url()


@never_cache
@require_http_methods(["GET", "POST"])
def citizen_signin(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = SignInAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address: Address = form.cleaned_data["address"]
        try:
            sign_in_code_send(address=address, client=_client(request))
        except SignInError as error:
            form.add_error(None, error.message)
        else:
            request.session[SESSION_KEY] = {"channel": address.channel, "value": address.value, "next": next_url}
            return redirect("accounts:citizen_verify")
    status = 400 if form.errors else 200
    return render(request, "accounts/citizen_signin.html", {"form": form, "next": next_url}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def citizen_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return redirect("accounts:citizen_signin")
    address = Address(pending["channel"], pending["value"])
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = sign_in_code_verify(address=address, code=form.cleaned_data["code"])
        except SignInError as error:
            form.add_error("code", error.message)
        else:
            next_url = _safe_next(request, pending.get("next", ""))
            request.session.pop(SESSION_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if not user.full_name:  # first sign-in: ask for the name the officers and forms will use
                return redirect(f"{reverse('accounts:profile')}?{urlencode({'next': next_url})}")
            return redirect(next_url)
    context = {"form": form, "masked": address.masked, "channel": address.channel}
    return render(request, "accounts/citizen_verify.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The citizen's profile (name, ID number, phone, address), which prefills every online form."""
    user = request.user
    assert isinstance(user, User)  # login_required let only a signed-in account through
    if user.kind != UserKind.CITIZEN:
        return redirect(LANDING.get(user.kind) or "core:home")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    initial = {"full_name": user.full_name, "id_number": user.id_number, "phone": user.phone, "address": user.address}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user_profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your information has been saved."))
        return redirect(_safe_next(request, next_url) if next_url else "accounts:profile")
    status = 400 if form.errors else 200
    return render(request, "accounts/profile.html", {"form": form, "next": next_url}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET: the sign-out page, which asks to confirm. Its script (static motcua/motcua.js) shows how many outreach
    dossiers filled in offline on this computer were not sent yet ("N hồ sơ chưa gửi"): signing out erases them
    from the computer (docs/onestop.md, "Offline intake and sign-out"). The header's sign-out button comes here
    only when such dossiers wait. POST: Django's sign-out, as before."""
    if request.method == "POST":
        return LogoutView.as_view()(request)
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("core:home")
    return render(request, "accounts/sign_out.html", {"back": back})
