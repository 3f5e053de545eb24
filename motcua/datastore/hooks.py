"""Fill the personal data store after commit of the events that bring e-results or checked components.

An after-commit subscriber of `dossiers.events` runs `services.stored_documents_collect` once the event is
durable, so files saved later in the same transaction (the engine's `after` callbacks) are seen, and a failure
here never breaks an officer's action.
"""

from __future__ import annotations

import logging

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


def on_event(*, dossier, event) -> None:
    """The `dossiers.events` subscriber (after commit): collect what the event brought into the applicant's store."""
    if event.action not in COLLECT_ON or getattr(dossier, "applicant_user_id", None) is None:
        return
    _collect(dossier.pk)


def connect() -> None:
    from motcua.dossiers import events

    events.subscribe("datastore.collect", on_event, when=events.AFTER_COMMIT)
