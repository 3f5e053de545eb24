"""Per-officer figures for a period, read off the dossier history (`acts.py`) with the rules of the period report
and of TT 01/2018 (one rule, one place):

- acts by action: the events the officer recorded acting for the unit in the period;
- resolved dossiers the officer acted on, by outcome (early / on time / late: the `outcome` that
  `dossiers.workflow.outcome` fixed and the period report counts as resolved_early / _on_time / _late);
- supplement requests the officer made (`request_supplement` acts);
- citizen ratings given in the period of the dossiers the officer acted on: counts and means only (ND 61/2018
  art 27: raters stay confidential; `feedback.selectors`);
- the officer's score: TT 01/2018 art 15.1(a) sums indices 1, 2, 3, 4 and 7 over the dossiers they handled
  (`metrics.evaluation.finished_indices` / `rated_indices`, the unit's own rules), an index without information
  left out (art 15.4(b)); the band of art 15.3(a) (`band_for`).

Local configuration, not in the rules: `MOTCUA_APPRAISAL_MIN_DOSSIERS` (default 1), the fewest resolved dossiers
for a score to propose a band; below it the centre manager grades with a written reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, QuerySet

from motcua.accounts.models import Membership
from motcua.dossiers.choices import Action, Outcome
from motcua.dossiers.models import Dossier
from motcua.feedback import selectors as rating_selectors
from motcua.metrics.evaluation import IndexScore, finished_indices, rated_indices

from .acts import acts_in_period, handled_dossiers, resolved_in_period
from .choices import TaskBand
from .models import OfficerGrading

OFFICER_INDICES = (1, 2, 3, 4, 7)  # TT 01/2018 art 15.1(a)
FULL_FROM, PARTIAL_FROM = 5, 3.5  # TT 01/2018 art 15.3(a)


def min_dossiers() -> int:
    """Local configuration (not in TT 01/2018): fewest resolved dossiers for the score to propose a band."""
    return max(1, int(getattr(settings, "MOTCUA_APPRAISAL_MIN_DOSSIERS", 1)))


def band_for(total: float) -> str:
    """TT 01/2018 art 15.3(a): ≥ 5 → 100 %; 3.5 to < 5 → 70 to < 100 %; < 3.5 → < 70 % of the tasks."""
    if total >= FULL_FROM:
        return TaskBand.FULL
    if total >= PARTIAL_FROM:
        return TaskBand.PARTIAL
    return TaskBand.LOW


@dataclass
class OfficerFigures:
    start: dt.date
    end: dt.date
    acts: list[tuple[str, str, int]] = field(default_factory=list)  # (action, label, count)
    acts_total: int = 0
    dossiers_acted: int = 0
    resolved: dict[str, int] = field(default_factory=dict)
    resolved_total: int = 0
    supplements: int = 0
    ratings: int = 0
    rating_means: list[tuple[str, float]] = field(default_factory=list)
    indices: list[IndexScore] = field(default_factory=list)
    score: float | None = None
    band: str = ""

    @property
    def band_label(self) -> str:
        return str(TaskBand(self.band).label) if self.band else ""

    @property
    def on_time_percent(self) -> float | None:
        if not self.resolved_total:
            return None
        done = self.resolved.get(Outcome.EARLY, 0) + self.resolved.get(Outcome.ON_TIME, 0)
        return round(100 * done / self.resolved_total, 1)

    def as_evidence(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "acts": {action: count for action, _label, count in self.acts},
            "dossiers_acted": self.dossiers_acted,
            "resolved": self.resolved,
            "supplements": self.supplements,
            "ratings": self.ratings,
            "indices": {str(i.number): i.score for i in self.indices},
            "score": self.score,
            "band": self.band,
        }


def officer_figures(*, subject: Membership, start: dt.date, end: dt.date) -> OfficerFigures:
    """The figures of the subject's officer in the subject's unit."""
    return person_figures(officer_id=subject.user_id, unit_ids=[subject.unit_id], start=start, end=end)


def person_figures(*, officer_id: int, unit_ids: Collection[int], start: dt.date, end: dt.date) -> OfficerFigures:
    """The figures of one officer over the acts they recorded for any of `unit_ids` (the officer is graded once
    a year as a person, TT 01/2018 art 15.4(c)): a dossier handled for two of the units counts once, and the score
    is taken over all the dossiers handled there. The caller passes only units whose figures the viewer may see
    (`access.subjects_for_viewer`)."""
    figures = OfficerFigures(start=start, end=end)
    acts = acts_in_period(officer_id=officer_id, unit_ids=unit_ids, start=start, end=end)
    counts = dict(acts.values_list("action").annotate(n=Count("pk")).values_list("action", "n"))
    figures.acts = [(a.value, str(a.label), counts[a.value]) for a in Action if counts.get(a.value)]
    figures.acts_total = sum(counts.values())
    figures.dossiers_acted = acts.values("dossier_id").distinct().count()
    figures.supplements = counts.get(Action.REQUEST_SUPPLEMENT, 0)
    handled = handled_dossiers(officer_id=officer_id, unit_ids=unit_ids)
    resolved = resolved_in_period(handled, start=start, end=end)
    by_outcome = dict(resolved.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    figures.resolved = {o.value: by_outcome.get(o.value, 0) for o in Outcome}
    figures.resolved_total = sum(figures.resolved.values())
    summary = rating_selectors.rating_summary(start=start, end=end, dossiers=handled.values("pk"))
    figures.ratings = rating_selectors.satisfaction_rate(
        start=start, end=end, dossiers=handled.values("pk")
    ).denominator
    figures.rating_means = [(row.label, row.average) for row in summary if row.average is not None]
    indices, _n = finished_indices(resolved)
    indices += rated_indices(summary)
    figures.indices = sorted((i for i in indices if i.number in OFFICER_INDICES), key=lambda i: i.number)
    known = [i.score for i in figures.indices if i.score is not None]
    if known:
        figures.score = round(sum(known), 1)
        if figures.resolved_total >= min_dossiers():
            figures.band = band_for(figures.score)
    return figures


def drilldown(*, subject: Membership, start: dt.date, end: dt.date, figure: str) -> QuerySet[Dossier] | None:
    """The dossiers behind one figure: `act:<action>` (dossiers with such an act in the period), `resolved`,
    `early`, `on_time`, `late`. None for an unknown figure. Ratings have no drill-down (raters stay confidential)."""
    officer_id, unit_id = subject.user_id, subject.unit_id
    if figure.startswith("act:") and figure[4:] in Action.values:
        acts = acts_in_period(officer_id=officer_id, unit_ids=[unit_id], start=start, end=end).filter(action=figure[4:])
        dossiers = Dossier.objects.filter(pk__in=acts.values("dossier_id"))
    elif figure == "resolved" or figure in Outcome.values:
        handled = handled_dossiers(officer_id=officer_id, unit_ids=[unit_id])
        dossiers = resolved_in_period(handled, start=start, end=end)
        if figure != "resolved":
            dossiers = dossiers.filter(outcome=figure)
    else:
        return None
    return dossiers.select_related("procedure").order_by("-received_at", "-pk")


def gradings(*, subject: Membership, year: int | None = None) -> QuerySet[OfficerGrading]:
    rows = OfficerGrading.objects.filter(officer_id=subject.user_id, unit_id=subject.unit_id)
    if year is not None:
        rows = rows.filter(year=year)
    return rows.select_related("recorded_by").order_by("-recorded_at", "-pk")


@dataclass
class ListRow:
    """One officer (a person, graded once a year: TT 01/2018 art 15.4(c)) with the units where the viewer may see
    them: `subjects` one membership per unit (each unit's page), `subject` the first; the figures summed over
    those units only; the latest grading of the year recorded in any of them."""

    subjects: list[Membership]
    figures: OfficerFigures
    grading: OfficerGrading | None

    @property
    def subject(self) -> Membership:
        return self.subjects[0]


SORTS = {
    "ten": lambda row: (row.subject.user.full_name or row.subject.user.username).lower(),
    "ho-so": lambda row: -row.figures.dossiers_acted,
    "dung-han": lambda row: -(row.figures.on_time_percent if row.figures.on_time_percent is not None else -1),
    "diem": lambda row: -(row.figures.score if row.figures.score is not None else -1),
}


def officer_rows(*, subjects: QuerySet[Membership], year: int, sort: str) -> list[ListRow]:
    """One row per officer, whatever the number of their memberships: the figures over the units of `subjects`
    (the memberships the viewer may see, `access.subjects_for_viewer`, so a unit the viewer may not see never
    adds to a line), sorted by `sort` (a key of `SORTS`; name when unknown)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    by_person: dict[int, dict[int, Membership]] = {}
    for subject in subjects.select_related("user", "unit").order_by("unit__name", "user__full_name", "pk"):
        by_person.setdefault(subject.user_id, {}).setdefault(subject.unit_id, subject)
    rows = []
    for officer_id, by_unit in by_person.items():
        latest = (
            OfficerGrading.objects.filter(officer_id=officer_id, unit_id__in=list(by_unit), year=year)
            .order_by("-recorded_at", "-pk")
            .first()
        )
        figures = person_figures(officer_id=officer_id, unit_ids=list(by_unit), start=start, end=end)
        rows.append(ListRow(list(by_unit.values()), figures, latest))
    return sorted(rows, key=SORTS.get(sort, SORTS["ten"]))
