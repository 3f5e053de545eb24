"""Screens of procedure reviews (officers of the reviewing agency): the list, a new review, and a review with its
proposals (cost before/after and yearly saving), the proposal form and the decision form. Thin: parse, call one
service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.catalog.models import Procedure
from motcua.counter.access import officer_required

from . import selectors, services
from .forms import DecisionForm, ProposalForm, ReviewForm
from .models import Decision, Review


def _errors_into(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@officer_required
def review_list(request):
    reviews = selectors.review_list_for_officer(officer=request.user)[:200]
    can_create = selectors.reviewing_unit_list(officer=request.user).exists()
    return render(request, "simplify/list.html", {"reviews": reviews, "can_create": can_create})


@officer_required
@require_http_methods(["GET", "POST"])
def review_create(request):
    units = selectors.reviewing_unit_list(officer=request.user)
    if not units.exists():
        raise PermissionDenied
    form = ReviewForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        procedure = selectors.procedure_in_force(code=data["code"], on=data["reviewed_on"])
        if procedure is None:
            form.add_error("code", _("No procedure of the catalogue with this code was in force on the review day."))
        else:
            try:
                review = services.review_create(
                    officer=request.user,
                    unit=data["unit"],
                    procedure=procedure,
                    reviewed_on=data["reviewed_on"],
                    findings=data["findings"],
                    hourly_income=data["hourly_income"],
                    dossiers_per_year=data["dossiers_per_year"],
                )
            except ValidationError as error:
                _errors_into(form, error)
            else:
                return redirect("simplify:detail", pk=review.pk)
    return render(request, "simplify/create.html", {"form": form}, status=400 if form.errors else 200)


@officer_required
@require_http_methods(["GET", "POST"])
def review_detail(request, pk: int):
    try:
        review = selectors.review_get_for_officer(officer=request.user, pk=pk)
    except Review.DoesNotExist:
        raise Http404 from None
    action = request.POST.get("action") if request.method == "POST" else None
    proposals = list(review.proposals.all())
    versions = list(selectors.later_versions(review=review))
    proposal_form = ProposalForm(request.POST if action == "proposal" else None)
    decision_form = DecisionForm(request.POST if action == "decision" else None, proposals=proposals, versions=versions)
    if action == "proposal" and proposal_form.is_valid():
        try:
            services.proposal_add(officer=request.user, review=review, **proposal_form.cleaned_data)
        except ValidationError as error:
            _errors_into(proposal_form, error)
        except PermissionDenied as error:
            proposal_form.add_error(None, str(error))
        else:
            messages.success(request, _("The proposal is recorded."))
            return redirect("simplify:detail", pk=review.pk)
    elif action == "decision" and decision_form.is_valid():
        data = decision_form.cleaned_data
        version = next((v for v in versions if str(v.pk) == data["version"]), None) if data["version"] else None
        try:
            services.decision_record(
                officer=request.user,
                review=review,
                number=data["number"],
                signed_on=data["signed_on"],
                issuer=data["issuer"],
                adopted_ids=[int(pk) for pk in data["adopted"]],
                resulting_procedure=version,
            )
        except ValidationError as error:
            _errors_into(decision_form, error)
        except (PermissionDenied, Procedure.DoesNotExist) as error:
            decision_form.add_error(None, str(error))
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("simplify:detail", pk=review.pk)
    rows, totals = selectors.proposal_rows(review=review)
    try:
        decision = review.decision
    except Decision.DoesNotExist:
        decision = None
    context = {
        "review": review,
        "rows": rows,
        "totals": totals,
        "decision": decision,
        "proposal_form": proposal_form,
        "decision_form": decision_form,
        "can_edit": services.can_review(request.user, review.unit_id),
    }
    status = 400 if (proposal_form.errors or decision_form.errors) else 200
    return render(request, "simplify/detail.html", context, status=status)
