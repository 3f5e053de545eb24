"""Officer screens of the queue: choose a counter, call the next ticket, close it (served / did not come), check
in today's appointments, and the centre manager's waiting-time statistics. Thin: parse, call one service or
selector, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import officer_required
from ..forms import StatisticsForm
from ..models import Appointment, Counter


def _counter_or_404(request, pk: int) -> Counter:
    try:
        return selectors.counter_get_for_officer(officer=request.user, pk=pk)
    except Counter.DoesNotExist:
        raise Http404 from None


@officer_required
def desk_list(request):
    counters = selectors.counter_list_for_officer(officer=request.user)
    context = {"counters": counters, "centres": selectors.managed_centre_list(officer=request.user)}
    return render(request, "counter/desk_list.html", context)


@officer_required
def desk(request, pk: int):
    counter = _counter_or_404(request, pk)
    now = timezone.now()
    context = {
        "counter": counter,
        "current": selectors.counter_current_ticket(counter=counter),
        "waiting": selectors.waiting_by_group_for_counter(counter=counter, now=now),
        "appointments": selectors.appointment_list_for_counter(counter=counter, now=now),
    }
    return render(request, "counter/desk.html", context)


def _report(request, error) -> None:
    messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))


@officer_required
@require_POST
def desk_call(request, pk: int):
    counter = _counter_or_404(request, pk)
    try:
        ticket = services.ticket_call_next(officer=request.user, counter=counter)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        if ticket is None:
            messages.info(request, _("Nobody is waiting for this counter."))
        else:
            messages.success(request, _("Calling number %(number)s.") % {"number": ticket.label})
    return redirect("counter:desk", pk=counter.pk)


@officer_required
@require_POST
def desk_finish(request, pk: int):
    counter = _counter_or_404(request, pk)
    ticket = selectors.counter_current_ticket(counter=counter)
    if ticket is None:
        messages.error(request, _("This ticket is not being served."))
        return redirect("counter:desk", pk=counter.pk)
    try:
        services.ticket_finish(officer=request.user, ticket=ticket, served=request.POST.get("ket-qua") != "vang")
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    return redirect("counter:desk", pk=counter.pk)


@officer_required
@require_POST
def desk_check_in(request, pk: int, appointment_pk: int):
    counter = _counter_or_404(request, pk)
    try:
        appointment = selectors.appointment_get_for_officer(officer=request.user, pk=appointment_pk)
    except Appointment.DoesNotExist:
        raise Http404 from None
    if appointment.centre_id != counter.centre_id:  # checked in at a counter of its own centre only
        raise Http404
    try:
        ticket = services.appointment_check_in(officer=request.user, appointment=appointment)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("Ticket %(number)s issued for the appointment.") % {"number": ticket.label})
    return redirect("counter:desk", pk=counter.pk)


@officer_required
def statistics(request):
    centres = list(selectors.managed_centre_list(officer=request.user))
    if not centres:
        raise PermissionDenied
    centre = next((c for c in centres if str(c.pk) == request.GET.get("trung-tam")), centres[0])
    today = selectors.local_day(timezone.now())
    data = request.GET if "start" in request.GET else {"start": today - dt.timedelta(days=29), "end": today}
    form = StatisticsForm(data)
    stats = None
    if form.is_valid():
        stats = selectors.waiting_statistics(
            centre=centre, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
        )
    context = {"centres": centres, "centre": centre, "form": form, "stats": stats, "not_called": selectors.NOT_CALLED}
    return render(request, "counter/statistics.html", context, status=200 if stats is not None else 400)
