"""The public verification page (/xac-thuc/): anyone checks a signed e-result, by file or by code."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .forms import VerifyForm
from .selectors import signed_result_by_code, signed_result_by_sha256, trust_roots
from .verification import verify_pdf


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
    else:  # `?ma=<code>`: the link printed next to an issued e-result fills the code in
        form = VerifyForm(initial={"code": (request.GET.get("ma") or "").strip()[:80]})
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload, code = form.cleaned_data.get("file"), (form.cleaned_data.get("code") or "").strip()
        if upload is not None:
            data = upload.read()
            registered = signed_result_by_sha256(sha256=hashlib.sha256(data).hexdigest())
        else:
            registered = signed_result_by_code(code=code)
            if registered is None:
                context["not_found"] = True
                return render(request, "esign/verify.html", context, status=404)
            with registered.document.file.open("rb") as handle:
                data = handle.read()
        context["result"] = verify_pdf(data, roots=trust_roots())
        context["registered"] = registered
    status = 400 if form.errors else 200
    return render(request, "esign/verify.html", context, status=status)
