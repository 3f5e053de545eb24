"""Fill the personal data store after commit of the events that bring e-results or checked components.

A `post_save` on the (append-only) `DossierEvent` queues `services.stored_documents_collect` with
`transaction.on_commit`, so files saved later in the same transaction (the engine's `after` callbacks) are
seen, and a failure here never breaks an officer's action.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save

from motcua.dossiers.choices import Action

logger = logging.getLogger("motcua.datastore")
COLLECT_ON = frozenset({Action.RECEIVE, Action.SUPPLEMENT_RECEIVED, Action.SIGN, Action.DELIVER})


def _collect(dossier_id: int) -> None:
    from motcua.dossiers.models import Dossier

    from .services import stored_documents_collect

    try:
        dossier = Dossier.objects.select_related("procedure").get(pk=dossier_id)
        stored_documents_collect(dossier=dossier)
    except Exception:  # the store is a convenience: never fail the dossier's own transaction
        logger.exception("datastore.collect_failed", extra={"dossier_id": dossier_id})


def on_event(sender, instance, created, **kwargs) -> None:
    if not created or instance.action not in COLLECT_ON or kwargs.get("raw"):
        return
    if getattr(instance.dossier, "applicant_user_id", None) is None:
        return
    dossier_id = instance.dossier_id
    transaction.on_commit(lambda: _collect(dossier_id))


def connect() -> None:
    from motcua.dossiers.models import DossierEvent

    post_save.connect(on_event, sender=DossierEvent, dispatch_uid="datastore.on_event")
