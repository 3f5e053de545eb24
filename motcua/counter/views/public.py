"""Public and citizen screens of the queue: the centres, the kiosk (take a ticket), the ticket page (shown on the
phone or printed), the public display, and booking / cancelling an appointment. Thin: parse, call one service or
selector, render. The display and ticket pages refresh themselves through static/counter/counter.js (CSP: no
inline scripts)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core import ratelimit
from motcua.units.models import Unit

from .. import selectors, services
from ..forms import BookingForm
from ..models import Appointment, ServiceGroup, Ticket

citizen_required = login_required(login_url="accounts:citizen_signin")


def kiosk_limit() -> ratelimit.Limit:
    """Tickets one client address may take per window (a kiosk behind one address needs a larger figure)."""
    attempts, seconds = getattr(settings, "MOTCUA_TICKET_LIMIT", (30, 600))
    return ratelimit.Limit(attempts, seconds)


def _centre_or_404(code: str) -> Unit:
    try:
        return selectors.centre_get_public(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None


def centre_list(request):
    return render(request, "counter/centres.html", {"centres": selectors.centre_list_public()})


@require_http_methods(["GET", "POST"])
def kiosk(request, code: str):
    centre = _centre_or_404(code)
    groups = selectors.group_list_for_centre(centre=centre)
    if request.method == "POST":
        client = ratelimit.client_ip(request)
        if ratelimit.is_limited("ticket", client, limit=kiosk_limit()):
            return render(
                request,
                "counter/kiosk.html",
                {"centre": centre, "groups": groups, "error": _("Too many tickets from this device; please wait.")},
                status=429,
            )
        try:
            group = selectors.group_get_for_centre(centre=centre, pk=int(request.POST.get("group", "")))
        except (ValueError, ServiceGroup.DoesNotExist):
            return render(
                request,
                "counter/kiosk.html",
                {"centre": centre, "groups": groups, "error": _("Choose a service from the list.")},
                status=400,
            )
        ratelimit.record_attempt("ticket", client, limit=kiosk_limit())
        ticket = services.ticket_issue(group=group)
        return redirect("counter:ticket", token=ticket.token)
    return render(request, "counter/kiosk.html", {"centre": centre, "groups": groups})


def ticket_page(request, token: str):
    try:
        ticket = selectors.ticket_get_by_token(token=token[:40])
    except Ticket.DoesNotExist:
        raise Http404 from None
    context = {"ticket": ticket, "ahead": selectors.people_ahead(ticket), "refresh": 20}
    return render(request, "counter/ticket.html", context)


def display(request, code: str):
    centre = _centre_or_404(code)
    board = selectors.display_board(centre=centre, now=timezone.now())
    return render(request, "counter/display.html", {"centre": centre, "refresh": 10, **board})


def _parse_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@citizen_required
@require_http_methods(["GET", "POST"])
def book(request, code: str):
    centre = _centre_or_404(code)
    now = timezone.now()
    groups = [group for group in selectors.group_list_for_centre(centre=centre) if group.slot_capacity]
    days = selectors.bookable_day_list(now=now)
    source = request.POST if request.method == "POST" else request.GET
    group = next((g for g in groups if str(g.pk) == source.get("nhom")), None)
    day = _parse_day(source.get("ngay"))
    day = day if day in days else None
    user = request.user
    form = BookingForm(
        request.POST if request.method == "POST" else None,
        initial={"name": getattr(user, "full_name", "") or "", "phone": getattr(user, "phone", "") or ""},
    )
    if request.method == "POST" and group and day and form.is_valid():
        try:
            services.appointment_book(
                citizen=user,
                group=group,
                starts_at=form.cleaned_data["slot"],
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                now=now,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your appointment is booked. We will remind you the day before."))
            return redirect("counter:appointments")
    elif request.method == "POST" and not (group and day):
        form.add_error(None, _("Choose a service and a day."))
    slot_rows = selectors.slot_list(group=group, day=day, now=now) if group and day else []
    context = {
        "centre": centre,
        "groups": groups,
        "days": days,
        "group": group,
        "day": day,
        "slots": slot_rows,
        "form": form,
        "chosen_slot": request.POST.get("slot", ""),
    }
    return render(request, "counter/book.html", context, status=400 if form.errors else 200)


@citizen_required
def appointment_list(request):
    appointments = selectors.appointment_list_for_citizen(citizen=request.user)[:50]
    return render(request, "counter/appointments.html", {"appointments": appointments, "now": timezone.now()})


@citizen_required
@require_POST
def appointment_cancel(request, token: str):
    try:
        appointment = selectors.appointment_get_for_citizen(citizen=request.user, token=token[:40])
    except Appointment.DoesNotExist:
        raise Http404 from None
    try:
        services.appointment_cancel(citizen=request.user, appointment=appointment)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The appointment is cancelled."))
    return redirect("counter:appointments")
