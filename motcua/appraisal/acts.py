"""The officer's acts read off the dossier history: one event = one act, by the officer who acted (`actor`) in
the unit they acted for (`unit`, the acting unit the engine recorded). Every figure of `motcua.appraisal` and
index 5 of TT 01/2018 art 13 (`index5.py`) start here, so they count the same acts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Exists, OuterRef, QuerySet

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.feedback.selectors import vn_bounds


def acts_in_period(
    *, officer_id: int, unit_ids: Collection[int], start: dt.date, end: dt.date
) -> QuerySet[DossierEvent]:
    """The events `officer_id` recorded acting for one of `unit_ids` on Vietnamese days [start, end]."""
    begin, finish = vn_bounds(start, end)
    return DossierEvent.objects.filter(
        actor_id=officer_id, unit_id__in=unit_ids, created_at__gte=begin, created_at__lt=finish
    )


def handled_dossiers(*, officer_id: int, unit_ids: Collection[int]) -> QuerySet[Dossier]:
    """Dossiers on which the officer acted for one of `unit_ids` at least once (at any time); a dossier handled
    for two of them counts once."""
    acted = DossierEvent.objects.filter(dossier=OuterRef("pk"), actor_id=officer_id, unit_id__in=unit_ids)
    return Dossier.objects.filter(Exists(acted))


def resolved_in_period(dossiers: QuerySet[Dossier], *, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    """Of `dossiers`, those whose processing finished on days [start, end] with an outcome (early, on time,
    late): the dossiers the period report counts as resolved (the outcome `dossiers.workflow.outcome` fixed)."""
    begin, finish = vn_bounds(start, end)
    return dossiers.filter(finished_at__gte=begin, finished_at__lt=finish).exclude(outcome="")
