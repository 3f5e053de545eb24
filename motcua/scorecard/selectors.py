"""Reads of the scorecard, scoped to the actor: frameworks, assessments, scores, rankings, lost points."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from . import access
from .choices import AssessmentStatus, ScoringMethod
from .models import Assessment, Entry, Framework
from .scoring import Scorecard, score_tree

APPRAISED = "appraised"  # only appraised (and survey) points count — 876/QĐ-BNV
SELF = "self"  # the unit's own points, for the self-assessment screen


def framework_list() -> QuerySet[Framework]:
    return Framework.objects.order_by("-year", "code")


def framework_nodes(*, framework: Framework) -> list:
    return list(framework.nodes.order_by("position"))


def assessment_list_for_actor(*, actor, framework: Framework) -> QuerySet[Assessment]:
    """Every assessment for the Department (and everybody once published); otherwise only the actor's units."""
    assessments = framework.assessments.select_related("unit", "framework").order_by("unit__name")
    if access.is_appraiser(actor) or framework.published_at:
        return assessments
    return assessments.filter(unit_id__in=access.own_unit_ids(actor))


def assessment_for_actor(*, actor, pk: int) -> Assessment | None:
    assessment = Assessment.objects.select_related("framework", "unit").filter(pk=pk).first()
    if assessment is None or not access.can_view_assessment(actor, assessment):
        return None
    return assessment


def entry_values(entries, *, basis: str) -> dict[int, Decimal | None]:
    """Leaf values for the engine: survey/system leaves use imported points; self-assessed leaves use the
    appraised points (basis 'appraised') or the unit's own (basis 'self')."""
    values: dict[int, Decimal | None] = {}
    for entry in entries:
        if entry.criterion.method != ScoringMethod.SELF_APPRAISED:
            values[entry.criterion_id] = entry.imported_points
        elif basis == APPRAISED:
            values[entry.criterion_id] = entry.appraised_points
        else:
            values[entry.criterion_id] = entry.self_points
    return values


def assessment_entries(*, assessment: Assessment) -> list[Entry]:
    return list(
        assessment.entries.select_related("criterion").prefetch_related("evidence").order_by("criterion__position")
    )


def assessment_score(*, assessment: Assessment, basis: str = APPRAISED, nodes=None, entries=None) -> Scorecard:
    nodes = nodes if nodes is not None else framework_nodes(framework=assessment.framework)
    entries = entries if entries is not None else assessment.entries.select_related("criterion")
    return score_tree(framework=assessment.framework, nodes=nodes, values=entry_values(entries, basis=basis))


def previous_framework(*, framework: Framework) -> Framework | None:
    return Framework.objects.filter(code=framework.code, year=framework.year - 1).first()


@dataclass
class RankRow:
    assessment: Assessment
    score: Scorecard
    rank: int
    previous_percent: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous_percent is None else self.score.percent - self.previous_percent


def _scores(framework: Framework, *, appraised_only: bool) -> dict[int, tuple[Assessment, Scorecard]]:
    nodes = framework_nodes(framework=framework)
    assessments = framework.assessments.select_related("unit", "framework")
    if appraised_only:
        assessments = assessments.filter(status=AssessmentStatus.APPRAISED)
    entries: dict[int, list] = {}
    for entry in Entry.objects.filter(assessment__in=assessments).select_related("criterion"):
        entries.setdefault(entry.assessment_id, []).append(entry)
    return {
        a.unit_id: (a, assessment_score(assessment=a, nodes=nodes, entries=entries.get(a.id, []))) for a in assessments
    }


def framework_ranking(*, framework: Framework) -> list[RankRow]:
    """Province-internal ranking of appraised assessments, highest % first (ties share a rank), with the same
    unit's result on the previous year's version of the framework."""
    current = _scores(framework, appraised_only=True)
    previous_fw = previous_framework(framework=framework)
    previous = _scores(previous_fw, appraised_only=True) if previous_fw else {}
    ordered = sorted(current.values(), key=lambda pair: (-pair[1].percent, pair[0].unit.name))
    rows: list[RankRow] = []
    for position, (assessment, score) in enumerate(ordered, 1):
        rank = rows[-1].rank if rows and rows[-1].score.percent == score.percent else position
        before = previous.get(assessment.unit_id)
        rows.append(RankRow(assessment, score, rank, before[1].percent if before else None))
    return rows


def ranking_for_actor(*, actor, framework: Framework) -> list[RankRow] | None:
    """The ranking is the Department's until it publishes the results."""
    if access.is_appraiser(actor) or framework.published_at:
        return framework_ranking(framework=framework)
    return None


def assessment_history(*, assessment: Assessment):
    return assessment.events.select_related("actor", "criterion").order_by("at", "id")
