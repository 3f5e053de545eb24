"""Officer PAKN screens: the inbox of the officer's units (due soon / overdue), one feedback with its history
and the step forms (accept, reject, ask for more, answer, publish), and the ratings aggregate page.

Reads go through `feedback.selectors.pakn` scoped to the officer's units: feedback of another unit answers 404.
The ratings page shows totals only, never a single rating (ND 61/2018 art 27: raters stay confidential).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.accounts.access import officer_required
from motcua.accounts.selectors import officer_unit_ids
from motcua.feedback import selectors as rating_selectors
from motcua.feedback import services as feedback_services
from motcua.feedback.selectors import pakn
from motcua.feedback.services import FeedbackError
from motcua.units.models import Unit
from motcua.workdays.calendar import VN_TZ

from ..forms.feedback import AnswerForm, PeriodForm, QuestionForm, ReasonForm

QUEUE_LABELS = {
    pakn.QUEUE_OPEN: gettext_lazy("To handle"),
    pakn.QUEUE_DUE_SOON: gettext_lazy("Due soon"),
    pakn.QUEUE_OVERDUE: gettext_lazy("Overdue"),
    pakn.QUEUE_WAITING: gettext_lazy("Waiting for the sender"),
    pakn.QUEUE_DONE: gettext_lazy("Closed"),
}
STEPS = {
    "tiep-nhan": (None, "feedback_accept"),
    "tu-choi": (ReasonForm, "feedback_reject"),
    "hoi-them": (QuestionForm, "feedback_request_info"),
    "tra-loi": (AnswerForm, "feedback_answer"),
    "cong-khai": (None, "feedback_publish"),
}
TEXT_ARGUMENT = {"feedback_reject": "reason", "feedback_request_info": "question", "feedback_answer": "answer"}


@officer_required
def feedback_inbox(request: HttpRequest) -> HttpResponse:
    queue = request.GET.get("tab", pakn.QUEUE_OPEN)
    if queue not in pakn.QUEUES:
        queue = pakn.QUEUE_OPEN
    now = timezone.now()
    counts = pakn.feedback_queue_counts(officer=request.user, now=now)
    rows = pakn.feedback_queue_for_officer(officer=request.user, queue=queue, now=now)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    tabs = [{"value": q, "label": QUEUE_LABELS[q], "count": counts[q]} for q in pakn.QUEUES]
    return render(request, "console/feedback_inbox.html", {"tabs": tabs, "tab": queue, "page": page, "now": now})


def _forms(data=None):
    return {"reject": ReasonForm(data), "question": QuestionForm(data), "answer": AnswerForm(data)}


@officer_required
def feedback_detail(request: HttpRequest, code: str) -> HttpResponse:
    feedback = pakn.feedback_get_for_officer(officer=request.user, code=code)
    context = {"feedback": feedback, "events": feedback.events.select_related("actor"), **_forms()}
    return render(request, "console/feedback_detail.html", context)


@officer_required
@require_POST
def feedback_step(request: HttpRequest, code: str, step: str) -> HttpResponse:
    feedback = pakn.feedback_get_for_officer(officer=request.user, code=code)
    if step not in STEPS:
        raise Http404
    form_class, function_name = STEPS[step]
    kwargs = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            context = {"feedback": feedback, "events": feedback.events.all(), **_forms(), "step_error": step}
            context[{ReasonForm: "reject", QuestionForm: "question", AnswerForm: "answer"}[form_class]] = form
            return render(request, "console/feedback_detail.html", context, status=400)
        kwargs[TEXT_ARGUMENT[function_name]] = form.cleaned_data["text"]
    try:
        getattr(feedback_services, function_name)(officer=request.user, feedback=feedback, **kwargs)
    except FeedbackError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("console:feedback_detail", code=feedback.code)


def _default_period() -> tuple[dt.date, dt.date]:
    today = timezone.now().astimezone(VN_TZ).date()
    return today.replace(month=1, day=1), today


@officer_required
def ratings(request: HttpRequest) -> HttpResponse:
    """Ratings and PAKN indicators per unit of the officer over a period (aggregates only)."""
    start, end = _default_period()
    form = PeriodForm(request.GET or {"start": start, "end": end})
    status = 200
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        status = 400
    unit_ids = (
        set(Unit.objects.values_list("pk", flat=True))
        if request.user.is_superuser
        else officer_unit_ids(officer=request.user)
    )
    units = []
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("name")[:50]:
        scope = {"start": start, "end": end, "unit_ids": [unit.pk]}
        units.append(
            {
                "unit": unit,
                "satisfaction": rating_selectors.satisfaction_rate(**scope),
                "criteria": rating_selectors.rating_summary(**scope),
                "classified": pakn.classified_rate(**scope),
                "on_time": pakn.on_time_rate(**scope),
                "pakn_satisfaction": pakn.satisfaction_rate(**scope),
            }
        )
    return render(
        request, "console/ratings.html", {"form": form, "units": units, "start": start, "end": end}, status=status
    )
