"""Reads of outreach sessions, each scoped to what the officer may see: the sessions of the units they belong to
and those they are sent to."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from motcua.accounts.models import Membership, User
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_current_queryset
from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.units.selectors import commune_list, unit_ancestors, unit_province

from . import access
from .models import OutreachIntake, OutreachSession


def planning_centres(*, officer) -> QuerySet[Unit]:
    """The units where `officer` may plan sessions (their centre manager or administrator memberships)."""
    if officer.is_superuser:
        return Unit.objects.filter(memberships__is_active=True).distinct().order_by("depth", "name")
    return Unit.objects.filter(pk__in=access.planning_unit_ids(officer)).order_by("depth", "name")


def commune_choices(*, centre: Unit) -> QuerySet[Unit]:
    """The communes where `centre` may hold a session: the communes of its province, or the commune it belongs
    to when it has no province above it."""
    province = unit_province(centre)
    if province is not None:
        return commune_list(province)
    own = Q(pk=centre.pk) | Q(pk__in=unit_ancestors(centre).values("pk"))
    return Unit.objects.filter(own, kind=UnitKind.COMMUNE).order_by("name")


def officer_choices(*, centre: Unit) -> QuerySet[User]:
    """The centre's officers who may be sent to a session (an active reception membership)."""
    ids = Membership.objects.filter(unit=centre, is_active=True, role__in=access.SERVING_ROLES).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "username")


def procedure_choices() -> QuerySet[Procedure]:
    """The current procedures of commune level (the ones a hamlet's residents ask for), by name."""
    return procedure_current_queryset().filter(level_commune=True).order_by("name", "code")


def session_list_for_officer(*, officer) -> QuerySet[OutreachSession]:
    sessions = OutreachSession.objects.select_related("centre", "commune").annotate(
        received=Count("intakes", distinct=True)
    )
    if officer.is_superuser:
        return sessions
    return sessions.filter(Q(centre_id__in=access.member_unit_ids(officer)) | Q(officers=officer)).distinct()


def session_get_for_officer(*, officer, pk: int) -> OutreachSession:
    """The session if `officer` may see it; `OutreachSession.DoesNotExist` otherwise (the view answers 404)."""
    return session_list_for_officer(officer=officer).get(pk=pk)


@dataclass(frozen=True)
class ProcedureCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class SessionFigures:
    """What a session produced: dossiers received, per procedure, and how they reached the server — at once
    (the laptop was online) or later from the offline queue."""

    received: int = 0
    live: int = 0
    from_queue: int = 0
    by_procedure: list[ProcedureCount] = field(default_factory=list)


def session_figures(session: OutreachSession) -> SessionFigures:
    intakes = list(
        OutreachIntake.objects.filter(session=session, dossier__isnull=False).select_related("dossier__procedure")
    )
    counts: Counter[tuple[str, str]] = Counter()
    for intake in intakes:
        assert intake.dossier is not None  # filtered above
        counts[(intake.dossier.procedure.code, intake.dossier.procedure.name)] += 1
    queued = sum(1 for intake in intakes if intake.from_queue)
    offered = [(p.code, p.name) for p in session.procedures.all()]
    rows = [ProcedureCount(code=code, name=name, count=counts.pop((code, name), 0)) for code, name in offered]
    rows += [ProcedureCount(code=code, name=name, count=n) for (code, name), n in sorted(counts.items())]
    return SessionFigures(received=len(intakes), live=len(intakes) - queued, from_queue=queued, by_procedure=rows)


def intake_list(session: OutreachSession) -> list[OutreachIntake]:
    return list(
        OutreachIntake.objects.filter(session=session, dossier__isnull=False)
        .select_related("dossier__procedure", "officer")
        .order_by("received_at", "pk")
    )


@dataclass(frozen=True)
class ReportRow:
    session: OutreachSession
    figures: SessionFigures


def sessions_report(*, officer, date_from: dt.date, date_to: dt.date) -> list[ReportRow]:
    """The officer's sessions held between two days (both included), with their figures."""
    sessions = session_list_for_officer(officer=officer).filter(day__gte=date_from, day__lte=date_to)
    sessions = sessions.prefetch_related("procedures").order_by("day", "starts_at", "pk")
    return [ReportRow(session=s, figures=session_figures(s)) for s in sessions]
