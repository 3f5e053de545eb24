"""Reads of online payments (callers scope them: the portal passes the applicant's own dossier)."""

from __future__ import annotations

from .models import Payment


def payments_for(*, dossier) -> list[Payment]:
    return list(Payment.objects.filter(dossier=dossier).order_by("created_at", "pk"))
