"""TT 01/2018/TT-VPCP art 13–15: the nine evaluation indices scored 2/1/0, per dossier and per unit, and the
unit grade (≥ 15 excellent, 12–<15 good, 9–<12 fair, 6–<9 average, < 6 weak; art 15).

Per art 14, indices 1, 2, 3, 4, 6, 7 are scored per dossier and 5, 6, 8, 9 per unit; a unit's index is the
mean of its dossiers' scores (one decimal). What the system can score from its own data:

1. time vs limit — the dossier's outcome (early 2, on time 1, late 0);
2. each unit's time vs its limit — the process steps' outcomes (all early 2, any late 0, else 1);
3. contacts needed to complete the dossier — supplement requests (none 2, one 1, more 0);
6. publication — every procedure is published electronically in the public catalogue (1 point: "one of the
   two"); posting at the office is not recorded, so 2 cannot be established;
9. online services — share of the unit's procedures (with dossiers in the period) offered online (full or
   partial) and share of dossiers received online, none of the online ones late.

4. agencies contacted and 7. staff attitude — the citizen's rating (art 14: form, device or online;
   `feedback.Rating`), the answers "one place" and "attitude" on the 5-level scale mapped linearly to 0–2
   ((answer − 1) / 2: very satisfied 2, satisfied 1.5, neutral 1, dissatisfied 0.5, very dissatisfied 0), so the
   unit's index, the mean of its dossiers' scores, is (mean answer − 1) / 2 from `feedback.selectors.
   rating_summary` over the ratings given in the period;
8. feedback — PAKN received in the period handled on time (`feedback.selectors.pakn.on_time_rate`): 100 % → 2,
   ≥ 90 % → 1, otherwise 0; no PAKN in the period → unknown.

5. full-process handling at the one-stop unit — from who acted on each dossier (`motcua.appraisal.index5`: the
   share of procedures whose appraisal and approval were done by officers of a one-stop unit, against 20 % /
   50 % / 100 % by level; all received and returned there → 1).

The official grade is given only when all nine are known; `estimated_grade` scales the known indices to 18
points and says so (art 15.4(b): an index without information is left out).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from motcua.appraisal.index5 import full_process_score
from motcua.catalog.choices import OnlineLevel
from motcua.dossiers.choices import Channel, Outcome
from motcua.dossiers.models import Dossier, DossierStep
from motcua.feedback import selectors as rating_selectors
from motcua.feedback.choices import Criterion
from motcua.feedback.models import Rating
from motcua.feedback.selectors import CriterionSummary, pakn
from motcua.units.models import Unit
from motcua.units.selectors import unit_descendants

from .choices import EvaluationGrade
from .indicators import _vn_midnight
from .models import DailyRollup

NAMES = {
    1: _("Total processing time against the time limit"),
    2: _("Each unit's processing time against its time limit"),
    3: _("Contacts needed to complete the dossier"),
    4: _("Agencies contacted"),
    5: _("Full-process handling at the one-stop unit"),
    6: _("Publication of the procedure"),
    7: _("Staff attitude"),
    8: _("Handling of feedback"),
    9: _("Online services"),
}
NO_RATING = _("No citizen rating answers this question.")
NO_FEEDBACK = _("No feedback (PAKN) received in the period.")
# The rated indices and the rating question answering each (feedback.choices.Criterion).
RATED = {4: Criterion.ONE_PLACE, 7: Criterion.ATTITUDE}
PUBLICATION = _("Published electronically in the public catalogue; posting at the office is not recorded.")
NOT_FINISHED = _("The dossier is not finished.")
NO_STEPS = _("No finished process step with a time budget.")


@dataclass
class IndexScore:
    number: int
    name: StrOrPromise
    score: float | None
    basis: StrOrPromise = ""
    no_data_reason: StrOrPromise = ""


@dataclass
class Evaluation:
    indices: list[IndexScore]
    total: float
    known: int
    grade: str | None
    estimated_grade: str | None
    dossiers: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for item in data["indices"]:
            item["name"], item["basis"], item["no_data_reason"] = (
                str(item["name"]),
                str(item["basis"]),
                str(item["no_data_reason"]),
            )
        return data


def grade_for(total: float) -> str:
    """TT 01/2018 art 15 bands."""
    if total >= 15:
        return EvaluationGrade.EXCELLENT
    if total >= 12:
        return EvaluationGrade.GOOD
    if total >= 9:
        return EvaluationGrade.FAIR
    if total >= 6:
        return EvaluationGrade.AVERAGE
    return EvaluationGrade.WEAK


def _result(indices: list[IndexScore], dossiers: int = 0, extra: dict[str, Any] | None = None) -> Evaluation:
    known = [i.score for i in indices if i.score is not None]
    total = round(sum(known), 1)
    grade = grade_for(total) if len(known) == 9 else None
    estimated = grade_for(total * 18 / (2 * len(known))) if known else None
    return Evaluation(indices, total, len(known), grade, estimated, dossiers, extra or {})


def _missing(number: int, reason: StrOrPromise) -> IndexScore:
    return IndexScore(number, NAMES[number], None, "", reason)


OUTCOME_SCORE = {Outcome.EARLY: 2, Outcome.ON_TIME: 1, Outcome.LATE: 0}


def evaluation_for_dossier(*, dossier: Dossier) -> Evaluation:
    """Indices 1–4, 6, 7 of one dossier (art 14: per dossier)."""
    indices: list[IndexScore] = []
    if dossier.outcome:
        indices.append(IndexScore(1, NAMES[1], OUTCOME_SCORE[Outcome(dossier.outcome)], dossier.get_outcome_display()))
    else:
        indices.append(_missing(1, NOT_FINISHED))
    outcomes = list(dossier.steps.exclude(outcome="").values_list("outcome", flat=True))
    if outcomes:
        score = 0 if Outcome.LATE in outcomes else 2 if set(outcomes) == {Outcome.EARLY} else 1
        indices.append(IndexScore(2, NAMES[2], score, gettext("%(n)s steps") % {"n": len(outcomes)}))
    else:
        indices.append(_missing(2, NO_STEPS))
    count = dossier.supplement_count
    indices.append(
        IndexScore(
            3,
            NAMES[3],
            2 if count == 0 else 1 if count == 1 else 0,
            gettext("%(n)s supplement requests") % {"n": count},
        )
    )
    answers = Rating.objects.filter(dossier=dossier).values_list("answers", flat=True).first() or {}
    for number, criterion in RATED.items():
        answer = answers.get(criterion)
        indices.append(
            IndexScore(number, NAMES[number], answer_score(answer), gettext("rating %(answer)s/5") % {"answer": answer})
            if answer is not None
            else _missing(number, NO_RATING)
        )
    indices.append(IndexScore(6, NAMES[6], 1, PUBLICATION))
    indices.sort(key=lambda item: item.number)
    return _result(indices, 1)


def answer_score(answer: float) -> float:
    """A 1–5 rating answer (or the mean of several) on the index's 0–2 scale, one decimal (art 14)."""
    return round((answer - 1) / 2, 1)


def evaluation_for_unit(*, unit: Unit, start: dt.date, end: dt.date) -> Evaluation:
    """The nine indices for `unit` (its whole subtree) over the dossiers finished in [start, end]: per-dossier
    indices averaged (one decimal, art 14), per-unit indices from the period's figures; the rated indices over
    the ratings given in the period."""
    units = unit_descendants(unit, include_self=True).values("pk")
    finished = Dossier.objects.filter(
        receiving_unit_id__in=units,
        finished_at__gte=_vn_midnight(start),
        finished_at__lt=_vn_midnight(end + dt.timedelta(days=1)),
    ).exclude(outcome="")
    indices, n = finished_indices(finished)
    unit_ids = units.values_list("pk", flat=True)
    indices += rated_indices(rating_selectors.rating_summary(start=start, end=end, unit_ids=unit_ids))
    indices.append(_full_process(unit, start, end))
    indices.append(IndexScore(6, NAMES[6], 1, PUBLICATION))
    indices.append(_feedback_handling(start, end, unit_ids))
    indices.append(_online_services(units, start, end))
    indices.sort(key=lambda item: item.number)
    return _result(indices, n)


def finished_indices(finished: QuerySet[Dossier]) -> tuple[list[IndexScore], int]:
    """Indices 1, 2, 3 over a queryset of finished dossiers: each dossier scored as in `evaluation_for_dossier`,
    the index the mean of the dossiers' scores, one decimal (art 15.2(a)). Used for a unit and, over the dossiers
    an officer handled, for an officer (art 15.1(a), `motcua.appraisal`)."""
    steps = DossierStep.objects.filter(dossier=OuterRef("pk")).exclude(outcome="")
    facts = finished.annotate(
        any_step=Exists(steps),
        late_step=Exists(steps.filter(outcome=Outcome.LATE)),
        slow_step=Exists(steps.exclude(outcome=Outcome.EARLY)),
    ).aggregate(
        n=Count("pk"),
        early=Count("pk", filter=Q(outcome=Outcome.EARLY)),
        on_time=Count("pk", filter=Q(outcome=Outcome.ON_TIME)),
        stepped=Count("pk", filter=Q(any_step=True)),
        steps_late=Count("pk", filter=Q(any_step=True, late_step=True)),
        steps_early=Count("pk", filter=Q(any_step=True, slow_step=False)),
        no_supplement=Count("pk", filter=Q(supplement_count=0)),
        one_supplement=Count("pk", filter=Q(supplement_count=1)),
    )
    n = facts["n"]
    indices: list[IndexScore] = []
    if n:
        indices.append(
            IndexScore(
                1, NAMES[1], round((2 * facts["early"] + facts["on_time"]) / n, 1), gettext("%(n)s dossiers") % {"n": n}
            )
        )
    else:
        indices.append(_missing(1, NOT_FINISHED))
    stepped = facts["stepped"]
    if stepped:
        middle = stepped - facts["steps_late"] - facts["steps_early"]
        indices.append(
            IndexScore(
                2,
                NAMES[2],
                round((2 * facts["steps_early"] + middle) / stepped, 1),
                gettext("%(n)s dossiers") % {"n": stepped},
            )
        )
    else:
        indices.append(_missing(2, NO_STEPS))
    if n:
        score = round((2 * facts["no_supplement"] + facts["one_supplement"]) / n, 1)
        indices.append(IndexScore(3, NAMES[3], score, gettext("%(n)s dossiers") % {"n": n}))
    else:
        indices.append(_missing(3, NOT_FINISHED))
    return indices, n


def rated_indices(summary: Iterable[CriterionSummary]) -> list[IndexScore]:
    """Indices 4 and 7 from `feedback.selectors.rating_summary` rows (the mean answer on the 0–2 scale)."""
    indices: list[IndexScore] = []
    by_criterion = {row.criterion: row for row in summary}
    for number, criterion in RATED.items():
        row = by_criterion.get(criterion)
        if row is None or row.average is None:
            indices.append(_missing(number, NO_RATING))
        else:
            indices.append(
                IndexScore(
                    number,
                    NAMES[number],
                    answer_score(row.average),
                    ngettext("%(n)s rating, mean %(mean)s/5", "%(n)s ratings, mean %(mean)s/5", row.answers)
                    % {"n": row.answers, "mean": row.average},
                )
            )
    return indices


def _full_process(unit: Unit, start: dt.date, end: dt.date) -> IndexScore:
    """Index 5 from the officers' figures (`motcua.appraisal.index5`: where the officers who received, appraised,
    approved and returned each dossier work)."""
    score, basis, reason = full_process_score(unit=unit, start=start, end=end)
    return IndexScore(5, NAMES[5], score, basis, reason) if score is not None else _missing(5, reason)


def _feedback_handling(start: dt.date, end: dt.date, unit_ids: QuerySet[Unit, int]) -> IndexScore:
    """Index 8 (art 13.8): all PAKN handled on time → 2, ≥ 90 % → 1, otherwise 0."""
    rate = pakn.on_time_rate(start=start, end=end, unit_ids=unit_ids)
    if not rate.denominator:
        return _missing(8, NO_FEEDBACK)
    share = rate.numerator / rate.denominator
    score = 2 if rate.numerator == rate.denominator else 1 if share >= 0.9 else 0
    return IndexScore(
        8,
        NAMES[8],
        score,
        gettext("%(done)s/%(all)s feedback on time") % {"done": rate.numerator, "all": rate.denominator},
    )


def _online_services(units: QuerySet[Unit, Any], start: dt.date, end: dt.date) -> IndexScore:
    """Index 9 (`units`: a `values("pk")` subquery): ≥ 20 % of procedures online and ≥ 30 % of dossiers online with none late → 2; 15–< 30 % of
    dossiers online → 1; otherwise 0 (art 13.9). Procedures = those with dossiers received in the period."""
    rows = DailyRollup.objects.filter(unit_id__in=units, day__gte=start, day__lte=end)
    totals = rows.aggregate(
        all_received=Coalesce(Sum("received"), 0),
        online=Coalesce(Sum("received", filter=Q(channel=Channel.ONLINE)), 0),
        online_late=Coalesce(Sum("resolved_late", filter=Q(channel=Channel.ONLINE)), 0),
    )
    procedures = rows.filter(received__gt=0).values("procedure_id").distinct()
    counted = procedures.count()
    online_procedures = procedures.filter(procedure__online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL]).count()
    if not totals["all_received"] or not counted:
        return _missing(9, NOT_FINISHED)
    share_procedures = online_procedures / counted
    share_dossiers = totals["online"] / totals["all_received"]
    if share_procedures >= 0.2 and share_dossiers >= 0.3 and totals["online_late"] == 0:
        score = 2
    elif share_dossiers >= 0.15:
        score = 1
    else:
        score = 0
    basis = gettext(
        "%(procedures)s/%(counted)s procedures online, %(online)s/%(received)s dossiers online, %(late)s online late"
    ) % {
        "procedures": online_procedures,
        "counted": counted,
        "online": totals["online"],
        "received": totals["all_received"],
        "late": totals["online_late"],
    }
    return IndexScore(9, NAMES[9], score, basis)
