from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def procedure_list(request: HttpRequest) -> HttpResponse:
    # Replaced by the catalogue search page (issue 2 §4).
    return render(request, "core/home.html", {"summary": {}})
