"""The public verification page (/xac-thuc/): anyone checks a signed e-result, by file or by code.

Each check is costly (a sandboxed child process, `verification.verify_pdf`), so the page is rate-limited per
client address in the shared cache: `MOTCUA_VERIFY_LIMIT` checks (file or code, default 20) per window (default
600 s); past it, 429 with a Vietnamese message.

The code alone is checked only for someone who may see the dossier (its applicant signed in, an officer of a unit
it passed through): to anyone else an unknown code and a code of someone else's dossier get the same answer (200,
the same page asking for the file, the same work: `selectors.signed_result_by_code_for`), so the page is no
oracle of which codes exist. Anyone may check the file itself (ND 45/2020 art 14(4)).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from motcua.core import ratelimit

from .forms import VerifyForm
from .selectors import signed_result_by_code_for, signed_result_by_sha256, trust_roots
from .verification import PdfRefused, verify_pdf


def verify_limit() -> ratelimit.Limit:
    attempts, seconds = getattr(settings, "MOTCUA_VERIFY_LIMIT", (20, 600))
    return ratelimit.Limit(attempts, seconds)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
    else:  # `?ma=<code>`: the link printed next to an issued e-result fills the code in
        form = VerifyForm(initial={"code": (request.GET.get("ma") or "").strip()[:80]})
    context: dict = {"form": form}
    if request.method == "POST":
        client = ratelimit.client_ip(request)
        if ratelimit.is_limited("verify", client, limit=verify_limit()):
            context["limited"] = True
            return render(request, "esign/verify.html", context, status=429)
        ratelimit.record_attempt("verify", client, limit=verify_limit())
    if request.method == "POST" and form.is_valid():
        upload, code = form.cleaned_data.get("file"), (form.cleaned_data.get("code") or "").strip()
        if upload is not None:
            data = upload.read()
            registered = signed_result_by_sha256(sha256=hashlib.sha256(data).hexdigest())
        else:
            registered = signed_result_by_code_for(actor=request.user, code=code)
            if registered is None:  # unknown, or not the visitor's: one answer for both
                context["code_unconfirmed"] = True
                return render(request, "esign/verify.html", context, status=200)
            with registered.document.file.open("rb") as handle:
                data = handle.read()
        try:
            context["result"] = verify_pdf(data, roots=trust_roots())
        except PdfRefused as refusal:
            context["refused"] = refusal.message
            return render(request, "esign/verify.html", context, status=refusal.status)
        context["registered"] = registered
    status = 400 if form.errors else 200
    return render(request, "esign/verify.html", context, status=status)
