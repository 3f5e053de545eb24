"""Officer screens of outreach sessions: list, plan, detail (with figures), status, the session intake page and
its submission endpoint, the report and its Excel export. Thin: parse, call one service or selector, render.

The intake endpoint answers JSON to the page's script (`static/outreach/intake.js`, which keeps the offline
queue) and falls back to a plain form post with a redirect when the browser runs no script.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.access import FORBIDDEN_TEMPLATE, is_officer, officer_required
from motcua.catalog.models import RequiredDocument
from motcua.core.dates import parse_typed_day
from motcua.core.forms import DAY_ERROR
from motcua.dossiers.errors import DossierError
from motcua.dossiers.services import Upload
from motcua.units.selectors import today_in_vietnam

from . import access, selectors, services, xlsx
from .choices import INTAKE_OPEN, NEXT_STATUS, SessionStatus
from .forms import IntakeForm, SessionForm
from .models import OutreachSession

SCAN_FIELD_RE = re.compile(r"^file_(\d{1,10})$")


def _session_or_404(request, pk: int) -> OutreachSession:
    try:
        return selectors.session_get_for_officer(officer=request.user, pk=pk)
    except OutreachSession.DoesNotExist:
        raise Http404 from None


def service_worker(request):
    """The intake pages' service worker (keeps a copy of the page and its static files for offline use). Served
    from /luu-dong/ so that its scope covers the intake pages; it holds no personal data."""
    response = render(request, "outreach/sw.js", content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@officer_required
def session_list(request):
    sessions = selectors.session_list_for_officer(officer=request.user).order_by("-day", "-starts_at", "-pk")[:300]
    can_plan = selectors.planning_centres(officer=request.user).exists()
    return render(request, "outreach/list.html", {"sessions": sessions, "can_plan": can_plan})


@officer_required
@require_http_methods(["GET", "POST"])
def session_plan(request):
    centres = list(selectors.planning_centres(officer=request.user))
    if not centres:
        raise PermissionDenied
    wanted = request.POST.get("centre") or request.GET.get("don-vi") or ""
    centre = next((c for c in centres if str(c.pk) == wanted), centres[0])
    form = SessionForm(
        request.POST or None,
        communes=selectors.commune_choices(centre=centre),
        officers=selectors.officer_choices(centre=centre),
        procedures=selectors.procedure_choices(),
        initial={"day": today_in_vietnam() + dt.timedelta(days=1)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_plan(
                officer=request.user,
                centre=centre,
                commune=data["commune"],
                place=data["place"],
                day=data["day"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                officers=data["officers"],
                procedures=data["procedures"],
                note=data["note"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Outreach session planned."))
            return redirect("outreach:detail", pk=session.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "centres": centres, "centre": centre}
    return render(request, "outreach/plan.html", context, status=status)


@officer_required
def session_detail(request, pk: int):
    session = _session_or_404(request, pk)
    context = {
        "session": session,
        "figures": selectors.session_figures(session),
        "intakes": selectors.intake_list(session),
        "officers": list(session.officers.order_by("full_name")),
        "procedures": list(session.procedures.order_by("name")),
        "can_plan": access.can_plan(request.user, session.centre_id),
        "can_receive": access.can_receive(request.user, session) and session.status in INTAKE_OPEN,
        "next_status": NEXT_STATUS.get(session.status),
        "next_label": SessionStatus(NEXT_STATUS[session.status]).label if session.status in NEXT_STATUS else "",
    }
    return render(request, "outreach/detail.html", context)


@officer_required
@require_POST
def session_status(request, pk: int):
    session = _session_or_404(request, pk)
    try:
        services.session_mark(officer=request.user, session=session, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Session status updated."))
    return redirect("outreach:detail", pk=session.pk)


def _intake_form(session: OutreachSession, data=None, **kwargs) -> IntakeForm:
    procedures = list(session.procedures.order_by("name"))
    documents = RequiredDocument.objects.filter(procedure__in=procedures).order_by("procedure_id", "order", "pk")
    return IntakeForm(data, procedures=procedures, documents=documents, **kwargs)


@officer_required
def intake_page(request, pk: int):
    session = _session_or_404(request, pk)
    if not access.can_receive(request.user, session):
        raise PermissionDenied
    procedures = list(session.procedures.order_by("name").prefetch_related("documents"))
    context = {
        "session": session,
        "form": _intake_form(session),
        "procedures": procedures,
        "key": uuid.uuid4(),
        "open": session.status in INTAKE_OPEN,
        "sign_in_url": reverse("accounts:login") + "?next=" + request.path,
        "queue_name": f"motcua.outreach.{session.pk}.{request.user.pk}",
        "who_url": reverse("outreach:who"),
    }
    return render(request, "outreach/intake.html", context)


def _refused_forbidden(request, wants_json: bool):
    if wants_json:
        return JsonResponse({"ok": False, "code": "forbidden", "message": _("You may not do this.")}, status=403)
    return render(request, FORBIDDEN_TEMPLATE, status=403)


def _refused(request, pk: int, wants_json: bool, status: int, code: str, message: str, errors=None):
    if wants_json:
        return JsonResponse({"ok": False, "code": code, "message": message, "errors": errors or {}}, status=status)
    messages.error(request, message)
    return redirect("outreach:intake", pk=pk)


def _scans(request) -> dict[int | None, list] | None:
    """The scans of a submission by the required document each one satisfies: `file_<document id>` fields, and
    `files` (no document: queued by an earlier version of the page). None when a field name is malformed; the
    service checks that each document belongs to the procedure received."""
    scans: dict[int | None, list] = {}
    for field in request.FILES:
        if field == "files":
            scans[None] = request.FILES.getlist(field)
            continue
        match = SCAN_FIELD_RE.match(field)
        if not match:
            return None
        scans[int(match.group(1))] = request.FILES.getlist(field)
    return scans


@never_cache
def who_is_signed_in(request):
    """Who the browser is signed in as, for the intake page's script before it sends its queue: the queue was
    filled in under one officer's sign-in (its key is bound to that officer's id); another officer's sign-in
    must neither read nor send it. 401 when signed out (the queue is kept for the same officer, locked). With the
    answer comes `vault`, the officer's secret that opens the queue's key on the laptop (`access.vault_secret`):
    the page shows nothing of a queue until it has it, or until the officer typed the offline unlock code."""
    if not request.user.is_authenticated:
        return JsonResponse({"ok": False, "code": "signed_out"}, status=401)
    return JsonResponse({"ok": True, "user": request.user.pk, "vault": access.vault_secret(request.user)})


@require_POST
def intake_submit(request, pk: int):
    """One dossier of the session's intake page; JSON for the page's script, a redirect for a plain form post.

    Answers: 201 received, 200 the same key replayed (same answer), 400 refused input, 409 a closed session or
    a key used for another submission, 403 with JSON not one of the session's officers, 401 signed out. A
    stale CSRF token gets Django's 403 page (not JSON): the script keeps the queue and asks to sign in again."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    queued_by = request.POST.get("officer", "")
    if request.user.is_authenticated and queued_by and queued_by != str(request.user.pk):
        # Queued on this laptop under another officer's sign-in: never received under this one (the page purges it).
        message = _("These dossiers were filled in under another officer's sign-in: they cannot be sent by you.")
        if wants_json:
            return JsonResponse({"ok": False, "code": "other_officer", "message": message}, status=409)
        return _refused(request, pk, False, 409, "other_officer", message)
    if not request.user.is_authenticated:
        if wants_json:
            message = _(
                "Your sign-in has ended. Sign in again, then press “Send again”: the waiting dossiers are kept."
            )
            return JsonResponse({"ok": False, "code": "signed_out", "message": message}, status=401)
        return redirect_to_login(reverse("outreach:intake", args=[pk]))
    if not is_officer(request.user):
        return _refused_forbidden(request, wants_json)
    session = _session_or_404(request, pk)
    form = _intake_form(session, request.POST)
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        first = next(iter(errors.values()))[0]
        return _refused(request, pk, wants_json, 400, "invalid", first, errors)
    data = form.cleaned_data
    scans = _scans(request)
    if scans is None:
        message = _("A scan is attached to a document that is not a required document of this procedure.")
        return _refused(request, pk, wants_json, 400, "bad_document", message)
    if sum(len(files) for files in scans.values()) > services.MAX_FILES:
        message = _("Attach at most %(n)s files to one dossier.") % {"n": services.MAX_FILES}
        return _refused(request, pk, wants_json, 400, "too_many_files", message)
    fields = {k: request.POST.getlist(k) for k in request.POST if k != "officer"}
    for document_id, files in scans.items():
        fields["files" if document_id is None else f"file_{document_id}"] = services.files_fingerprint(
            files, document_id=document_id
        )
    filled_at = parse_datetime(request.POST.get("filled_at", "") or "")
    if filled_at is not None and timezone.is_naive(filled_at):
        filled_at = None
    try:
        answer, replayed = services.session_intake(
            officer=request.user,
            session=session,
            key=request.POST.get("key", ""),
            request_hash=services.submission_fingerprint(fields),
            procedure=session.procedures.filter(pk=int(data["procedure"])).first(),
            presented_document_ids=[int(x) for x in data["presented"]],
            documents=[
                Upload(file=f, name=f.name, required_document_id=document_id)
                for document_id, files in scans.items()
                for f in files
            ],
            from_queue=request.POST.get("from_queue") == "1",
            filled_at=filled_at,
            applicant_name=data["applicant_name"],
            applicant_id_number=data["applicant_id_number"],
            applicant_phone=data["applicant_phone"],
            applicant_address=data["applicant_address"],
            subject=data["subject"],
        )
    except services.OutreachError as error:
        status = 400 if error.code in ("bad_key", "bad_procedure", "bad_document") else 409
        return _refused(request, pk, wants_json, status, error.code, str(error.message))
    except PermissionDenied as error:
        return _refused(request, pk, wants_json, 403, "forbidden", str(error) or _("You may not do this."))
    except DossierError as error:
        return _refused(request, pk, wants_json, 400, error.code, str(error.message))
    except ValidationError as error:
        return _refused(request, pk, wants_json, 400, "invalid", " ".join(error.messages))
    if wants_json:
        return JsonResponse({"ok": True, "replayed": replayed, "dossier": answer}, status=200 if replayed else 201)
    messages.success(request, _("Dossier received: %(code)s.") % {"code": answer["code"]})
    return redirect("outreach:intake", pk=pk)


def _period(request) -> tuple[dt.date, dt.date, str]:
    """The report's days (07/03/2026 or 2026-03-07, motcua.core.forms); a day left empty or mistyped takes its
    default (this month's first day, a month from today) and a mistyped one is said in the third value."""
    today = today_in_vietnam()
    bad = ""
    days = []
    for name, default in (("tu", today.replace(day=1)), ("den", today + dt.timedelta(days=31))):
        text = request.GET.get(name, "").strip()
        try:
            days.append(parse_typed_day(text) if text else default)
        except ValueError:
            days.append(default)
            bad = str(DAY_ERROR)
    start, end = days
    if end < start:
        start, end = end, start
    return start, end, bad


@officer_required
def report(request):
    start, end, bad_day = _period(request)
    rows = selectors.sessions_report(officer=request.user, date_from=start, date_to=end)
    totals = {
        "sessions": len(rows),
        "received": sum(r.figures.received for r in rows),
        "live": sum(r.figures.live for r in rows),
        "from_queue": sum(r.figures.from_queue for r in rows),
    }
    return render(
        request,
        "outreach/report.html",
        {"rows": rows, "start": start, "end": end, "totals": totals, "bad_day": bad_day},
    )


@officer_required
def report_xlsx(request):
    start, end, _bad_day = _period(request)
    rows = selectors.sessions_report(officer=request.user, date_from=start, date_to=end)
    content = xlsx.report_workbook(rows, date_from=start, date_to=end)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="tiep-nhan-luu-dong-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    return response
