"""Reads for the citizen's own pages, always scoped to the signed-in citizen (DESIGN.md §6.2).

`motcua.dossiers.selectors` has no applicant-scoped reads yet; these belong there and can move unchanged.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.choices import OnlineLevel
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.units.choices import UnitKind
from motcua.units.selectors import agency_list


def dossier_list_for_applicant(*, user) -> QuerySet[Dossier]:
    if not user.is_authenticated:
        return Dossier.objects.none()
    return Dossier.objects.filter(applicant_user=user).select_related("procedure").order_by("-created_at")


def dossier_get_for_applicant(*, user, code: str) -> Dossier:
    """The citizen's own dossier, or 404 — the same answer for another citizen's dossier and a missing one."""
    dossier = (
        dossier_list_for_applicant(user=user)
        .select_related("receiving_unit")
        .filter(code=(code or "").strip().upper())
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def document_get_for_applicant(*, user, code: str, document_id: int) -> DossierDocument:
    dossier = dossier_get_for_applicant(user=user, code=code)
    document = dossier.documents.filter(pk=document_id).first()
    if document is None or not document.file:
        raise Http404
    return document


def procedure_for_online_submission(code: str):
    """The current version of a procedure that accepts online submission (full or partial), or 404."""
    procedure = catalog_selectors.procedure_get_current(code)
    if procedure is None or procedure.online_level not in (OnlineLevel.FULL, OnlineLevel.PARTIAL):
        raise Http404
    return procedure


def reception_units():
    return agency_list(kinds=[UnitKind.ONE_STOP])
