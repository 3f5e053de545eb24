from django.apps import apps
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import selectors


def home(request: HttpRequest) -> HttpResponse:
    """The site's first page: the one an app registers (`home_view` on its AppConfig — the citizen portal's,
    issue 17), else what this installation holds (an installation without the portal)."""
    for config in apps.get_app_configs():
        view = getattr(config, "home_view", None)
        if callable(view):
            return view(request)
    return render(request, "core/home.html", {"summary": selectors.system_summary()})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
