from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    """An outreach session is planned, then held (the officers are at the place and receive dossiers), then closed
    (its figures are final; no more intake)."""

    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")


# The one forward path of a session: planned → held → closed (`services.session_mark`).
NEXT_STATUS: dict[str, str] = {SessionStatus.PLANNED: SessionStatus.HELD, SessionStatus.HELD: SessionStatus.CLOSED}
# Where an intake is still accepted: a dossier filled offline at a held session may reach the server later, but
# never once the session is closed (the queue keeps it and says so).
INTAKE_OPEN = frozenset({SessionStatus.PLANNED, SessionStatus.HELD})
