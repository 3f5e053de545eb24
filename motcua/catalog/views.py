"""Screens of service commitments (issue 21 part 1): the public list for citizens, and the manager's screen to
record, end and review a province's or a unit's commitments (not the Django admin).

The public list shows what the provinces publish as decisions ("rút ngắn thời gian giải quyết TTHC"): nothing in
it is private. The manager's screen is for the centre managers and administrators of a unit, scoped to that unit
and the units below it (ND 61/2018 art 12: the head of the one-stop unit organises its service); every change
goes through `services.commitment_set` / `commitment_end`, which refuse a commitment that is not shorter than the
legal limit and append the change to `ServiceCommitmentChange`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.accounts.access import FORBIDDEN_TEMPLATE, officer_required
from motcua.units.selectors import province_list

from . import selectors, services
from .forms import CommitmentEndForm, CommitmentForm

PAGE_SIZE = 50


def _rows(commitments) -> list[dict]:
    """Each commitment beside the legal limit of its channel (from the current procedure)."""
    commitments = list(commitments)
    procedures = selectors.commitment_procedures(commitments)
    rows = []
    for c in commitments:
        procedure = procedures.get(c.procedure_code)
        legal = procedure.legal_limit(c.channel) if procedure is not None else None
        rows.append({"commitment": c, "procedure": procedure, "legal": legal})
    return rows


def commitment_public(request: HttpRequest) -> HttpResponse:
    """Every commitment in force (or every one, ended too), searchable by procedure, decision or unit."""
    query = " ".join(request.GET.get("q", "").split())[:100]
    provinces = list(province_list())
    province = next((p for p in provinces if p.code == request.GET.get("tinh", "")), None)
    include_ended = request.GET.get("ca-het-hieu-luc") == "1"
    rows = selectors.commitment_public_list(query=query, province=province, include_ended=include_ended)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {
        "query": query,
        "provinces": provinces,
        "province": province,
        "include_ended": include_ended,
        "page": page,
        "rows": _rows(page.object_list),
        "can_manage": request.user.is_authenticated
        and bool(selectors.commitment_managed_scope_paths(officer=request.user)),
    }
    return render(request, "catalog/commitments_public.html", context)


def _manager_or_403(request: HttpRequest) -> HttpResponse | None:
    if not selectors.commitment_managed_scope_paths(officer=request.user):
        return render(request, FORBIDDEN_TEMPLATE, status=403)
    return None


@officer_required
def commitment_manage(request: HttpRequest) -> HttpResponse:
    """The manager's list of their units' commitments (running and ended), and the form to record a new one."""
    refused = _manager_or_403(request)
    if refused:
        return refused
    scopes = selectors.commitment_scope_choices(officer=request.user)
    form = CommitmentForm(request.POST or None, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commitment = services.commitment_set(**data, actor=request.user)
        except services.CommitmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Commitment recorded."))
            return redirect("commitments:detail", pk=commitment.pk)
    rows = _rows(selectors.commitment_list_for_manager(officer=request.user)[:500])
    return render(
        request, "catalog/commitments_manage.html", {"form": form, "rows": rows}, status=400 if form.errors else 200
    )


def _managed_or_404(request: HttpRequest, pk: int):
    commitment = selectors.commitment_list_for_manager(officer=request.user).filter(pk=pk).first()
    if commitment is None:
        raise Http404
    return commitment


@officer_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One commitment with its history of changes, and the form to end it while it runs."""
    refused = _manager_or_403(request)
    if refused:
        return refused
    commitment = _managed_or_404(request, pk)
    form = CommitmentEndForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.commitment_end(
                    commitment=commitment,
                    on=form.cleaned_data["on"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except services.CommitmentError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Commitment ended."))
                return redirect("commitments:detail", pk=commitment.pk)
        status = 400
    context = {
        "row": _rows([commitment])[0],
        "changes": commitment.changes.select_related("actor").order_by("at", "pk"),
        "form": form,
    }
    return render(request, "catalog/commitment_detail.html", context, status=status)
