"""Initiative contest screens: rounds, submission, screening by units, judge sheets, ranking and prizes, and
the public page of published results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.accounts.access import officer_required
from motcua.accounts.selectors import officer_unit_ids, officer_units

from .. import selectors, services
from ..access import can_manage_round, can_screen, is_judge
from ..choices import RoundStatus
from ..forms import InitiativeForm
from ..models import ContestRound, Initiative


def _round_or_404(request, pk) -> ContestRound:
    try:
        return selectors.round_list_for_officer(officer=request.user).get(pk=pk)
    except ContestRound.DoesNotExist:
        raise Http404 from None


@officer_required
def round_list(request):
    context = {
        "rounds": selectors.round_list_for_officer(officer=request.user),
        "can_create": bool(officer_unit_ids(officer=request.user)),
    }
    return render(request, "reform/round_list.html", context)


@officer_required
def round_detail(request, pk: int):
    contest_round = _round_or_404(request, pk)
    user = request.user
    units = officer_units(officer=user).order_by("name")
    form = InitiativeForm(units=units)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                form = InitiativeForm(request.POST, units=units)
                if form.is_valid():
                    data = form.cleaned_data
                    services.initiative_submit(
                        actor=user,
                        contest_round=contest_round,
                        unit=units.get(pk=data["unit"]),
                        title=data["title"],
                        authors=data["authors"],
                        summary=data["summary"],
                        results=data["results"],
                    )
                    messages.success(request, _("Initiative submitted."))
                    return redirect("reform:round_detail", pk=contest_round.pk)
            elif action in ("accept", "reject"):
                initiative = contest_round.initiatives.get(pk=request.POST.get("initiative"))
                services.initiative_screen(
                    actor=user, initiative=initiative, accept=action == "accept", note=request.POST.get("note", "")
                )
                messages.success(request, _("Screening recorded."))
                return redirect("reform:round_detail", pk=contest_round.pk)
            elif action == "award":
                initiative = contest_round.initiatives.get(pk=request.POST.get("initiative"))
                prize_id = request.POST.get("prize")
                prize = contest_round.prizes.get(pk=prize_id) if prize_id else None
                services.initiative_award(actor=user, initiative=initiative, prize=prize)
                messages.success(request, _("Prize recorded."))
                return redirect("reform:round_detail", pk=contest_round.pk)
            elif action == "advance":
                services.round_advance(actor=user, contest_round=contest_round)
                messages.success(request, _("The contest moved to the next stage."))
                return redirect("reform:round_detail", pk=contest_round.pk)
        except (Initiative.DoesNotExist, ContestRound.DoesNotExist, ValueError):
            raise Http404 from None
        except PermissionDenied:
            raise
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reform:round_detail", pk=contest_round.pk)
    manages = can_manage_round(user, contest_round)
    screening = [
        i
        for i in selectors.initiative_list_for_screening(officer=user, contest_round=contest_round)
        if can_screen(user, i)
    ]
    context = {
        "round": contest_round,
        "form": form,
        "can_submit": contest_round.status == RoundStatus.OPEN and units.exists(),
        "mine": selectors.initiative_list_of_officer_units(officer=user, contest_round=contest_round),
        "screening": screening,
        "screening_open": contest_round.status in (RoundStatus.OPEN, RoundStatus.SCREENING),
        "manages": manages,
        "judge": is_judge(user, contest_round) and contest_round.status == RoundStatus.JUDGING,
        "ranking": selectors.round_ranking(contest_round=contest_round)
        if manages or is_judge(user, contest_round)
        else [],
        "prizes": contest_round.prizes.all(),
        "criteria": contest_round.criteria.all(),
    }
    return render(request, "reform/round_detail.html", context)


@officer_required
def judge_sheet(request, pk: int):
    try:
        initiative = Initiative.objects.select_related("round", "unit").get(pk=pk)
    except Initiative.DoesNotExist:
        raise Http404 from None
    if not is_judge(request.user, initiative.round):
        raise Http404
    criteria = list(initiative.round.criteria.all())
    if request.method == "POST":
        scores = {c.pk: request.POST.get(f"c{c.pk}", "") for c in criteria if request.POST.get(f"c{c.pk}", "") != ""}
        try:
            services.initiative_score(judge=request.user, initiative=initiative, scores=scores)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Scores saved."))
            return redirect("reform:round_detail", pk=initiative.round_id)
    sheet = selectors.judge_sheet(judge=request.user, initiative=initiative)
    rows = [(c, sheet.get(c.pk)) for c in criteria]
    return render(request, "reform/judge_sheet.html", {"initiative": initiative, "rows": rows})


def published_list(request):
    return render(request, "reform/published_list.html", {"rounds": selectors.round_list_published()})


def published_detail(request, slug: str):
    try:
        contest_round = selectors.round_get_published(slug=slug)
    except ContestRound.DoesNotExist:
        raise Http404 from None
    ranking = selectors.round_ranking(contest_round=contest_round)
    winners = sorted(
        (r for r in ranking if r.initiative.prize_id), key=lambda r: (r.initiative.prize.rank, r.rank or 0)
    )
    return render(
        request, "reform/published_detail.html", {"round": contest_round, "winners": winners, "ranking": ranking}
    )
