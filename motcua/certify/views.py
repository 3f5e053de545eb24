"""Officer screens of electronic certified copies: the certification book, a new copy from scanned pages, a copy
and its signed PDF. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.counter.access import officer_required
from motcua.workdays.calendar import VN_TZ

from . import selectors, services
from .forms import CopyForm
from .models import CertifiedCopy


@officer_required
def book(request):
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.now().astimezone(VN_TZ).year
    copies = selectors.copy_list_for_officer(officer=request.user, year=year)[:500]
    units = selectors.certifying_unit_list(officer=request.user)
    return render(request, "certify/book.html", {"copies": copies, "year": year, "can_create": units.exists()})


@officer_required
@require_http_methods(["GET", "POST"])
def create(request):
    units = selectors.certifying_unit_list(officer=request.user)
    if not units.exists():
        raise PermissionDenied
    form = CopyForm(request.POST or None, units=units)
    scans_error = ""
    if request.method == "POST" and form.is_valid():
        # The service links the copy to the requester's account when there is one; the answer is the same
        # either way (issue 21: this page must not tell the officer whether a person has an account).
        try:
            copy = services.certified_copy_issue(
                officer=request.user,
                unit=form.cleaned_data["unit"],
                requester_name=form.cleaned_data["requester_name"],
                id_number=form.cleaned_data["id_number"],
                title=form.cleaned_data["title"],
                scans=request.FILES.getlist("scans"),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    if field == "scans":
                        scans_error = " ".join(errors)
                    else:
                        form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        except PermissionDenied as error:
            form.add_error("unit", str(error))
        else:
            messages.success(request, _("Copy certified: number %(number)s.") % {"number": copy.book_reference})
            return redirect("certify:detail", pk=copy.pk)
    status = 400 if (form.errors or scans_error) else 200
    return render(request, "certify/create.html", {"form": form, "scans_error": scans_error}, status=status)


def _copy_or_404(request, pk: int) -> CertifiedCopy:
    try:
        return selectors.copy_get_for_officer(officer=request.user, pk=pk)
    except CertifiedCopy.DoesNotExist:
        raise Http404 from None


@officer_required
def detail(request, pk: int):
    return render(request, "certify/detail.html", {"copy": _copy_or_404(request, pk)})


@officer_required
def download(request, pk: int):
    copy = _copy_or_404(request, pk)
    return FileResponse(copy.file.open("rb"), as_attachment=True, filename=f"chung-thuc-{copy.year}-{copy.number}.pdf")
