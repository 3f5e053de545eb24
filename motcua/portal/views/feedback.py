"""PAKN on the portal: send feedback (rate-limited per client), the public page of published answers with
like/dislike, and the sender's own feedback with the answer and the "more information" reply.

A dossier is resolved only among the signed-in applicant's own dossiers (another's answers 404); a procedure
by its public code. Nothing about the sender is shown on public pages.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from motcua.catalog.models import Procedure
from motcua.core import ratelimit
from motcua.feedback import services as feedback_services
from motcua.feedback.choices import FeedbackStatus, FeedbackSubject
from motcua.feedback.selectors import pakn
from motcua.feedback.services import FeedbackError

from .. import selectors
from ..forms.feedback import FeedbackForm, InfoForm, ReactionForm
from .citizen import citizen_required


def feedback_limit() -> ratelimit.Limit:
    attempts, seconds = getattr(settings, "MOTCUA_FEEDBACK_LIMIT", (5, 3600))
    return ratelimit.Limit(attempts, seconds)


def _context_objects(request):
    """The procedure or dossier the feedback is sent from (query string), or none."""
    dossier = procedure = None
    dossier_code = request.GET.get("ho-so", "")[:64]
    procedure_code = request.GET.get("thu-tuc", "")[:64]
    if dossier_code and request.user.is_authenticated:
        dossier = selectors.dossier_get_for_applicant(user=request.user, code=dossier_code)
        procedure = dossier.procedure
    elif procedure_code:
        procedure = Procedure.objects.filter(code=procedure_code).first()
    return dossier, procedure


@never_cache
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest) -> HttpResponse:
    dossier, procedure = _context_objects(request)
    signed_in = request.user.is_authenticated
    initial = {
        "subject": FeedbackSubject.DOSSIER
        if dossier
        else FeedbackSubject.PROCEDURE
        if procedure
        else FeedbackSubject.GENERAL
    }
    form = FeedbackForm(
        request.POST or None,
        initial=initial,
        signed_in=signed_in,
        fixed_unit=dossier.receiving_unit if dossier else None,
    )
    context = {"form": form, "dossier": dossier, "procedure": procedure}
    if request.method == "POST":
        client = ratelimit.client_ip(request)
        if ratelimit.is_limited("feedback", client, limit=feedback_limit()):
            context["limited"] = True
            return render(request, "portal/feedback_send.html", context, status=429)
        if form.is_valid():
            ratelimit.record_attempt("feedback", client, limit=feedback_limit())
            data = form.cleaned_data
            subject = data["subject"]
            try:
                feedback = feedback_services.feedback_submit(
                    kind=data["kind"],
                    subject=subject,
                    unit=dossier.receiving_unit if dossier else data.get("unit"),
                    title=data["title"],
                    content=data["content"],
                    sender=request.user,
                    contact_name=data.get("contact_name", ""),
                    contact=data.get("contact", ""),
                    procedure=procedure if subject in (FeedbackSubject.PROCEDURE, FeedbackSubject.DOSSIER) else None,
                    dossier=dossier if subject == FeedbackSubject.DOSSIER else None,
                    publish_allowed=data["publish_allowed"],
                )
            except FeedbackError as error:
                form.add_error(None, error.message)
            else:
                if signed_in:
                    messages.success(
                        request, _("Your feedback has been sent. Reference: %(code)s") % {"code": feedback.code}
                    )
                    return redirect("citizen:feedback_detail", code=feedback.code)
                key = pakn.feedback_follow_key(code=feedback.code)
                return render(request, "portal/feedback_sent.html", {"feedback": feedback, "follow_key": key})
    return render(request, "portal/feedback_send.html", context, status=400 if form.errors else 200)


@never_cache
def follow(request: HttpRequest) -> HttpResponse:
    """Follow a feedback sent without an account: its reference and the key shown when it was sent."""
    code = request.GET.get("ma", "").strip().upper()[:20]
    key = request.GET.get("khoa", "").strip()[:20]
    feedback = None
    if code or key:
        try:
            feedback = pakn.feedback_get_for_follow_key(code=code, key=key)
        except Http404:
            context = {"code": code, "not_found": True}
            return render(request, "portal/feedback_follow.html", context, status=404)
    return render(request, "portal/feedback_follow.html", {"feedback": feedback, "code": code})


def published_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(pakn.feedback_list_published(q=q), 20).get_page(request.GET.get("page"))
    return render(request, "portal/feedback_public.html", {"page": page, "q": q})


def published_detail(request: HttpRequest, code: str) -> HttpResponse:
    feedback = pakn.feedback_get_published(code=code)
    return render(request, "portal/feedback_public_detail.html", {"feedback": feedback})


def reaction_limits() -> tuple[ratelimit.Limit, ratelimit.Limit]:
    """Anonymous votes: `MOTCUA_REACTION_PER_ANSWER` (3 per day) per client address and answer — a browser
    without cookies gets a new session each time, so the one-per-session rule alone let a script add 60 votes
    in 3.2 s (issue 18, finding 4) — and `MOTCUA_REACTION_LIMIT` (30 per hour) per address over all answers.
    Signed-in citizens vote once per account (database constraint) and are not counted here."""
    per_answer = getattr(settings, "MOTCUA_REACTION_PER_ANSWER", (3, 86400))
    overall = getattr(settings, "MOTCUA_REACTION_LIMIT", (30, 3600))
    return ratelimit.Limit(*per_answer), ratelimit.Limit(*overall)


@require_POST
def react(request: HttpRequest, code: str) -> HttpResponse:
    feedback = pakn.feedback_get_published(code=code)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/feedback_public_detail.html", {"feedback": feedback, "bad": True}, status=400)
    if not request.user.is_authenticated:
        client = ratelimit.client_ip(request)
        per_answer, overall = reaction_limits()
        if ratelimit.is_limited("react", f"{client}|{feedback.pk}", limit=per_answer) or ratelimit.is_limited(
            "react-ip", client, limit=overall
        ):
            context = {"feedback": feedback, "limited": True}
            return render(request, "portal/feedback_public_detail.html", context, status=429)
        ratelimit.record_attempt("react", f"{client}|{feedback.pk}", limit=per_answer)
        ratelimit.record_attempt("react-ip", client, limit=overall)
    if not request.session.session_key:
        request.session.save()
    try:
        feedback_services.feedback_react(
            feedback=feedback,
            value=form.cleaned_data["value"],
            user=request.user,
            session_key=request.session.session_key,
        )
    except FeedbackError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you, your opinion of the answer was recorded."))
    return redirect("feedback:detail", code=feedback.code)


@never_cache
@citizen_required
def my_list(request: HttpRequest) -> HttpResponse:
    rows = pakn.feedback_list_for_sender(user=request.user)
    return render(request, "portal/my_feedback.html", {"rows": rows})


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def my_detail(request: HttpRequest, code: str) -> HttpResponse:
    feedback = pakn.feedback_get_for_sender(user=request.user, code=code)
    form = InfoForm(request.POST or None) if feedback.status == FeedbackStatus.NEED_MORE_INFO else None
    if request.method == "POST":
        if form is None:
            return render(request, "portal/my_feedback_detail.html", {"feedback": feedback}, status=400)
        if form.is_valid():
            try:
                feedback_services.feedback_provide_info(
                    user=request.user, feedback=feedback, content=form.cleaned_data["content"]
                )
            except FeedbackError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The information has been sent."))
                return redirect("citizen:feedback_detail", code=feedback.code)
    events = feedback.events.exclude(verb="submit")
    status = 400 if form is not None and form.errors else 200
    return render(
        request, "portal/my_feedback_detail.html", {"feedback": feedback, "form": form, "events": events}, status=status
    )
